// What the server's memory is made of, over real JSON-RPC: RSS, V8 heap, external and array
// buffers, the tree-sitter wasm memory (its size and how much of it is resident) and V8's code
// and young-generation spaces; after opening a generated driver, every `--every` edits, and with a
// workspace folder indexed and its findings published. A probe preloaded into the server
// (bench/memory-probe.mjs) reads them; the server is the one the extension starts, with its node
// flags and environment (shared/serverLaunch.json) unless `--node-flags` gives other flags or
// `--plain-env` starts it without the environment's allocator settings.
// usage: npm run build && node bench/memory.mjs [lines] [edits] [--shape=mixed|...|--file=PATH]
//          [--workspace=DIR] [--every=250] [--node-flags="--max-semi-space-size=8"] [--plain-env] [--gc]
// --gc collects garbage before each sample (what is live, not what V8 has not collected yet).
import { resolve } from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { benchDriver, openedUri, shapeArgument } from './generate.mjs';
import { SERVER_NODE_FLAGS, serverEnv, startServer } from './lsp.mjs';

const { shape, rest } = shapeArgument(process.argv.slice(2));
const option = (name) => rest.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const positional = rest.filter((a) => !a.startsWith('--'));
const lines = Number(positional[0] ?? 5000);
const editCount = Number(positional[1] ?? 1000);
const every = Number(option('every') ?? 250);
const workspace = option('workspace');
const forceGc = rest.includes('--gc');
const plainEnv = rest.includes('--plain-env');
// The extension's flags unless others are given (`--node-flags=` for none).
const given = option('node-flags');
const nodeFlags = given === undefined ? SERVER_NODE_FLAGS : given.split(/\s+/).filter(Boolean);

const driver = benchDriver(lines, shape);
const probe = fileURLToPath(new URL('./memory-probe.mjs', import.meta.url));
const folderUri = workspace && pathToFileURL(resolve(workspace)).href;
let workspaceChecked;
const checked = new Promise((r) => (workspaceChecked = r));
const logs = [];
let waiting;
const uri = openedUri(driver, folderUri, `file:///bench/memory/${driver.fileName}`);
const { proc, rpc, stop } = await startServer({
  args: [
    ...nodeFlags,
    ...(forceGc ? ['--expose-gc'] : []),
    '--import',
    pathToFileURL(probe).href,
    'dist/server.js',
    '--stdio',
  ],
  env: plainEnv ? process.env : serverEnv(),
  ipc: true,
  initialize: {
    capabilities: {
      textDocument: { publishDiagnostics: { versionSupport: true } },
      window: { workDoneProgress: true },
    },
    ...(folderUri && { rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'bench' }] }),
  },
  onNotification: (method, p) => {
    if (method === 'window/logMessage') {
      if (/^(Indexed|Checked) /.test(p.message)) logs.push(p.message);
      if (p.message.startsWith('Checked ')) workspaceChecked();
    }
    if (method === 'textDocument/publishDiagnostics' && p.uri === uri && p.version === waiting?.version)
      waiting.resolve(p);
  },
});

function sample() {
  return new Promise((resolvePromise) => {
    proc.once('message', resolvePromise);
    proc.send(forceGc ? 'sample after gc' : 'sample');
  });
}

const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const COLUMNS = [
  ['rss', (m) => mb(m.rss)],
  ['heapUsed', (m) => mb(m.heapUsed)],
  ['heapTotal', (m) => mb(m.heapTotal)],
  ['young', (m) => mb(m.spaces.new_space + (m.spaces.new_large_object_space ?? 0))],
  ['code', (m) => mb(m.spaces.code_space + (m.spaces.code_large_object_space ?? 0))],
  ['external', (m) => mb(m.external)],
  ['arrayBuf', (m) => mb(m.arrayBuffers)],
  ['wasm', (m) => mb(m.wasmBytes)],
  ['wasmRes', (m) => mb(m.wasmResident)],
  // Neither V8's heap nor wasm memory: the node binary, malloc (compilers' zones, threads' arenas), code.
  ['other', (m) => mb(m.rss - m.heapTotal - m.wasmResident)],
  ['GCs', (m) => `${m.gcs.minor}/${m.gcs.major}`],
  ['GC ms', (m) => m.gcs.ms.toFixed(0)],
];
const row = (label, cells) =>
  console.log(label.padEnd(28) + cells.map((c) => String(c).padStart(10)).join(''));
console.log(
  'MB, except GCs (minor/major since the previous row), GC ms and CPU ms (per edit since the previous row)',
);
row('after', [...COLUMNS.map(([name]) => name), 'CPU ms']);
let lastCpu;
let editsSince = 0;
async function report(label) {
  const m = await sample();
  const cpu = m.cpu.user + m.cpu.system;
  const perEdit = lastCpu !== undefined && editsSince ? ((cpu - lastCpu) / 1000 / editsSince).toFixed(1) : '';
  lastCpu = cpu;
  editsSince = 0;
  row(label, [...COLUMNS.map(([, value]) => value(m)), perEdit]);
  return m;
}

await report('initialize');
if (workspace) {
  await checked;
  for (const line of logs) console.log(`  ${line}`);
  await report('workspace indexed + checked');
}

const { text, editAt, validText } = driver;
let version = 1;
const diagnosticsFor = (v) => new Promise((r) => (waiting = { version: v, resolve: r }));
let got = diagnosticsFor(version);
await rpc.sendNotification('textDocument/didOpen', {
  textDocument: { uri, languageId: driver.languageId, version, text },
});
await got;
const opened = await report(`open (${shape}, ${text.split('\n').length} lines)`);

// Each edit types a character near an injection call or deletes it again (as bench/edit-latency.mjs);
// every fourth inserted character is '(' (a syntax error, answered from a provisional parse).
for (let i = 0; i < editCount; i++) {
  const at = editAt(i >> 1);
  const change =
    i % 2 === 0
      ? { range: { start: at, end: at }, text: (i >> 1) % 4 === 3 ? '(' : validText }
      : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
  version++;
  got = diagnosticsFor(version);
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [change],
  });
  await got;
  editsSince++;
  if ((i + 1) % every === 0 || i + 1 === editCount) await report(`${i + 1} edits`);
}
await new Promise((r) => setTimeout(r, 3000));
const last = await report('3 s later');
console.log(
  `RSS: ${mb(opened.rss)} MB after open, ${mb(last.rss)} MB after ${editCount} edits (${(((last.rss - opened.rss) / opened.rss) * 100).toFixed(1)}%)`,
);
await stop();
process.exit(0);
