// Edit → publishDiagnostics latency (p50/p95/p99) over real JSON-RPC on a generated 5,000-line
// driver file with an injection call every 15 lines: single-character incremental didChange
// edits spread over the file, each waited for until its diagnostics arrive. Also prints the
// server's RSS before and after, to show that replaced trees are freed.
// usage: npm run build && node bench/edit-latency.mjs [lines] [edits]
import { generateDriver } from './generate.mjs';
import { formatStats, startServer, timed } from './lsp.mjs';

const lines = Number(process.argv[2] ?? 5000);
const editCount = Number(process.argv[3] ?? 400);
const { text, callLines } = generateDriver(lines);
const uri = 'file:///bench/driver.c';
let waiting;
const { rpc, rssMb, stop } = await startServer({
  initialize: { capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } },
  onNotification: (method, p) => {
    if (method === 'textDocument/publishDiagnostics' && p.uri === uri && waiting && p.version === waiting.version) waiting.resolve(p);
  },
});

let version = 1;
function diagnosticsFor(v) {
  return new Promise((resolve) => (waiting = { version: v, resolve }));
}
let got = diagnosticsFor(1);
await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version, text } });
await got;

// Each edit types one character at the start of a padding line near an injection call, then the
// next edit deletes it again. A letter keeps the code valid; '(' leaves a syntax error, which
// the server parses again from scratch (error recovery may differ incrementally).
async function edit(change) {
  version++;
  const done = diagnosticsFor(version);
  const { ms, result } = await timed(async () => {
    await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    return done;
  });
  return { ms, count: result.diagnostics.length };
}

const times = { valid: [], error: [] };
const rssBefore = rssMb();
let findings = 0;
for (let i = 0; i < editCount; i++) {
  const line = callLines[(i * 37) % callLines.length] + 10; // `cid = cid + 1;`
  const at = { line, character: 4 };
  const kind = i % 4 === 3 ? 'error' : 'valid';
  const insert = await edit({ range: { start: at, end: at }, text: kind === 'error' ? '(' : 'c' });
  const remove = await edit({ range: { start: at, end: { line, character: 5 } }, text: '' });
  if (i >= 10) times[kind].push(insert.ms, remove.ms); // the first edits warm up the JIT
  findings = remove.count;
}
const rssAfter = rssMb();
await new Promise((r) => setTimeout(r, 3000)); // replaced trees are freed shortly after replacement
const rssSettled = rssMb();

console.log(`file: ${lines} lines, ${text.length} chars, ${callLines.length} injection calls, ${findings} findings`);
console.log(`edit → publishDiagnostics, all:          ${formatStats([...times.valid, ...times.error])}`);
console.log(`edit → publishDiagnostics, valid code:   ${formatStats(times.valid)}`);
console.log(`edit → publishDiagnostics, syntax error: ${formatStats(times.error)}`);
console.log(`server RSS: ${rssBefore.toFixed(0)} MB after open, ${rssAfter.toFixed(0)} MB after ${editCount * 2} edits, ${rssSettled.toFixed(0)} MB 3 s later`);
await stop();
process.exit(0);
