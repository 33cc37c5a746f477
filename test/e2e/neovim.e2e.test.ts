// A second, independent LSP client: headless Neovim drives the bundled server on a fixture and
// writes what it got to a file (nvim/lsp_probe.lua); the assertions live here.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { positionOf } from '../helpers/lspClient';
import { REPO_ROOT, SERVER_JS } from '../helpers/paths';
import { E2E_WORKSPACE } from './harness/paths';

const PROBE = path.join(REPO_ROOT, 'test', 'e2e', 'nvim', 'lsp_probe.lua');

interface ProbeResult {
  error?: string;
  languageId?: string;
  diagnostics?: Diagnostic[];
  hover?: Hover | null;
}

function nvimVersion(): string {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error("Neovim (nvim) is not installed. Run scripts/e2e/setup.sh (installs Debian's neovim).");
  return r.stdout.split('\n')[0];
}

describe('Neovim as a second LSP client', function () {
  it('gets the WFP2002 diagnostic and hover docs from dist/server.js', function () {
    const version = nvimVersion();
    const file = path.join(E2E_WORKSPACE, 'leak.c');
    const at = positionOf(fs.readFileSync(file, 'utf8'), 'FwpsInjectNetworkSendAsync0', 3);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-nvim-'));
    const out = path.join(tmp, 'result.json');
    try {
      const run = spawnSync('nvim', ['--headless', '--clean', '-i', 'NONE', '-c', `luafile ${PROBE}`, file], {
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          HOME: tmp,
          XDG_CONFIG_HOME: path.join(tmp, 'config'),
          XDG_DATA_HOME: path.join(tmp, 'data'),
          XDG_STATE_HOME: path.join(tmp, 'state'),
          XDG_CACHE_HOME: path.join(tmp, 'cache'),
          WFP_PROBE_OUT: out,
          WFP_PROBE_NODE: process.execPath,
          WFP_PROBE_SERVER: SERVER_JS,
          WFP_PROBE_LINE: String(at.line),
          WFP_PROBE_CHARACTER: String(at.character),
        },
      });
      assert.ok(
        fs.existsSync(out),
        `${version} wrote no result (exit ${run.status}, ${run.error ?? ''}):\n${run.stdout}\n${run.stderr}`,
      );
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as ProbeResult;
      assert.strictEqual(result.error, undefined, `${version}: ${result.error}`);

      assert.strictEqual(result.languageId, 'c');
      const codes = result.diagnostics!.map((d) => `${d.source}:${d.code}@${d.range.start.line}`);
      assert.deepStrictEqual(codes, [`wfp:WFP2002@${at.line}`]);

      const contents = result.hover!.contents as MarkupContent;
      assert.strictEqual(contents.kind, 'markdown');
      assert.match(contents.value, /NTSTATUS FwpsInjectNetworkSendAsync0\(/);
      assert.match(contents.value, /outbound IP packet layer/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
