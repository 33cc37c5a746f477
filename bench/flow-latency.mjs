// Latency of `wfp/injectionFlow` (what the flow panel asks on every cursor move) over real
// JSON-RPC on the generated 5,000-line driver file: cursor moves between injection calls, and
// the first request after an edit (which re-runs the rules). Prints figures; asserts nothing.
// usage: npm run build && node bench/flow-latency.mjs [lines]
import { spawn } from 'child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { generateDriver } from './generate.mjs';

const lines = Number(process.argv[2] ?? 5000);
const { text, callLines } = generateDriver(lines);
const proc = spawn(process.execPath, ['dist/server.js', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const rpc = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
rpc.listen();
await rpc.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await rpc.sendNotification('initialized', {});
const uri = 'file:///bench/driver.c';
let version = 1;
await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version, text } });

const flow = (position) => rpc.sendRequest('wfp/injectionFlow', { textDocument: { uri }, position });
async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
}
function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return `p50 ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms (n=${sorted.length})`;
}

const positions = callLines.map((line) => ({ line, character: 16 }));
const first = await timed(() => flow(positions[0]));
if (!first.result) throw new Error('no flow model at the first injection call');
const moves = [];
for (const p of positions) moves.push((await timed(() => flow(p))).ms);
// After an edit the request waits for the re-check of the whole file.
const afterEdit = [];
for (let i = 0; i < 30; i++) {
  const line = callLines[i * 7 % callLines.length] - 2;
  version++;
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }],
  });
  afterEdit.push((await timed(() => flow(positions[i]))).ms);
}
console.log(`file: ${lines} lines, ${callLines.length} injection calls`);
console.log(`first request (parse + rules): ${first.ms.toFixed(1)} ms`);
console.log(`cursor move:                   ${stats(moves)}`);
console.log(`first request after an edit:   ${stats(afterEdit)}`);
await rpc.sendRequest('shutdown');
await rpc.sendNotification('exit');
proc.kill();
process.exit(0);
