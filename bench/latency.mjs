// Hover and signature-help latency (p50/p99) over real JSON-RPC on a generated 5,000-line
// driver file with an injection call every 15 lines. Prints figures; asserts nothing.
// usage: npm run build && node bench/latency.mjs [lines]
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
await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });

async function measure(method, positions) {
  const times = [];
  for (const position of positions) {
    const t0 = process.hrtime.bigint();
    await rpc.sendRequest(method, { textDocument: { uri }, position });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return `p50 ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms (n=${sorted.length})`;
}

const nameAt = callLines.map((line) => ({ line, character: 16 }));
const argAt = callLines.map((line) => ({ line: line + 4, character: 8 }));
await measure('textDocument/hover', nameAt.slice(0, 20)); // warm-up: parse + JIT
const hover = await measure('textDocument/hover', [...nameAt, ...argAt]);
const sig = await measure('textDocument/signatureHelp', argAt);
console.log(`file: ${lines} lines, ${text.length} chars, ${callLines.length} injection calls`);
console.log(`hover:          ${stats(hover)}`);
console.log(`signature help: ${stats(sig)}`);
await rpc.sendRequest('shutdown');
await rpc.sendNotification('exit');
proc.kill();
process.exit(0);
