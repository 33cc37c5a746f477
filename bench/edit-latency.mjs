// Edit → publishDiagnostics latency (p50/p95/p99) over real JSON-RPC on a generated 5,000-line
// driver file (bench/generate.mjs: `--shape=mixed` real-shaped by default, `--shape=param` the
// original file whose NBLs come from parameters): single-character incremental didChange edits
// spread over the file, each waited for until its diagnostics arrive. Also prints the server's RSS
// before and after, to show that replaced trees are freed.
// usage: npm run build && node bench/edit-latency.mjs [lines] [edits] [--shape=owned|helpers|sal|label|mixed|param]
//          [--file=PATH: a real source file instead, edited on its statement lines]
import { benchDriver, shapeArgument } from './generate.mjs';
import { formatStats, startServer, timed } from './lsp.mjs';

const { shape, rest } = shapeArgument(process.argv.slice(2));
const lines = Number(rest[0] ?? 5000);
const editCount = Number(rest[1] ?? 400);
const driver = benchDriver(lines, shape);
const { text, callLines, editAt, validText } = driver;
const uri = `file:///bench/${driver.fileName}`;
let waiting;
const { rpc, rssMb, stop } = await startServer({
  initialize: { capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } },
  onNotification: (method, p) => {
    if (
      method === 'textDocument/publishDiagnostics' &&
      p.uri === uri &&
      waiting &&
      p.version === waiting.version
    )
      waiting.resolve(p);
  },
});

let version = 1;
function diagnosticsFor(v) {
  return new Promise((resolve) => (waiting = { version: v, resolve }));
}
let got = diagnosticsFor(1);
await rpc.sendNotification('textDocument/didOpen', {
  textDocument: { uri, languageId: driver.languageId, version, text },
});
await got;

// Each edit types one character at the start of a padding line near an injection call, then the
// next edit deletes it again. A letter keeps the code valid; '(' leaves a syntax error, whose
// diagnostics come from a provisional incremental parse (documents.ts settles it later).
async function edit(change) {
  version++;
  const done = diagnosticsFor(version);
  const { ms, result } = await timed(async () => {
    await rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    return done;
  });
  return { ms, count: result.diagnostics.length };
}

const times = { valid: [], error: [] };
const rssBefore = rssMb();
let findings = 0;
for (let i = 0; i < editCount; i++) {
  const at = editAt(i);
  const kind = i % 4 === 3 ? 'error' : 'valid';
  const insert = await edit({ range: { start: at, end: at }, text: kind === 'error' ? '(' : validText });
  const remove = await edit({
    range: { start: at, end: { line: at.line, character: at.character + 1 } },
    text: '',
  });
  if (i >= 10) times[kind].push(insert.ms, remove.ms); // the first edits warm up the JIT
  findings = remove.count;
}
const rssAfter = rssMb();
await new Promise((r) => setTimeout(r, 3000)); // replaced trees are freed shortly after replacement
const rssSettled = rssMb();

console.log(
  `file: ${shape} shape, ${driver.lines ?? lines} lines, ${text.length} chars, ${callLines.length} injection calls, ${findings} findings`,
);
console.log(`edit → publishDiagnostics, all:          ${formatStats([...times.valid, ...times.error])}`);
console.log(`edit → publishDiagnostics, valid code:   ${formatStats(times.valid)}`);
console.log(`edit → publishDiagnostics, syntax error: ${formatStats(times.error)}`);
console.log(
  `server RSS: ${rssBefore.toFixed(0)} MB after open, ${rssAfter.toFixed(0)} MB after ${editCount * 2} edits, ${rssSettled.toFixed(0)} MB 3 s later`,
);
await stop();
process.exit(0);
