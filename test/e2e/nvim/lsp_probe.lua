-- A second LSP client: Neovim 0.7's built-in one starts `node dist/server.js --stdio`, opens the
-- file given on the command line, waits for diagnostics, asks for a hover and writes both as
-- JSON to $WFP_PROBE_OUT. Neovim 0.7 has vim.lsp.start_client but not vim.lsp.start.
local out_file = os.getenv('WFP_PROBE_OUT')
local hover_line = tonumber(os.getenv('WFP_PROBE_LINE'))
local hover_char = tonumber(os.getenv('WFP_PROBE_CHARACTER'))

local function write(result)
  local f = assert(io.open(out_file, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function probe()
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local initialized, diagnostics = false, nil
  local client_id = vim.lsp.start_client({
    name = 'wfp',
    cmd = { os.getenv('WFP_PROBE_NODE') or 'node', os.getenv('WFP_PROBE_SERVER'), '--stdio' },
    root_dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':h'),
    on_init = function() initialized = true end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, result)
        if result.uri == uri then diagnostics = result.diagnostics end
      end,
    },
  })
  assert(client_id, 'start_client failed')
  assert(vim.wait(10000, function() return initialized end, 20), 'server did not initialize')
  vim.lsp.buf_attach_client(bufnr, client_id)
  assert(vim.wait(10000, function() return diagnostics ~= nil end, 20), 'no diagnostics published')

  local client = vim.lsp.get_client_by_id(client_id)
  local params = { textDocument = { uri = uri }, position = { line = hover_line, character = hover_char } }
  local response, err = client.request_sync('textDocument/hover', params, 10000, bufnr)
  assert(response, 'hover failed: ' .. tostring(err))
  assert(not response.err, 'hover error: ' .. vim.inspect(response.err))

  write({ languageId = vim.bo[bufnr].filetype, diagnostics = diagnostics, hover = response.result })
  client.stop()
end

local ok, err = pcall(probe)
if not ok then write({ error = tostring(err) }) end
vim.cmd('qall!')
