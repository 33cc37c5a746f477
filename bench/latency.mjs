// Hover and signature-help latency (p50/p99) over real JSON-RPC on a generated 5,000-line
// driver file with an injection call every 15 lines. Prints figures; asserts nothing.
// usage: npm run build && node bench/latency.mjs [lines]
import { generateDriver } from './generate.mjs';
import { formatStats, startServer, timed } from './lsp.mjs';

const lines = Number(process.argv[2] ?? 5000);
const { text, callLines } = generateDriver(lines);
const server = await startServer();
const uri = 'file:///bench/driver.c';
await server.rpc.sendNotification('textDocument/didOpen', {
  textDocument: { uri, languageId: 'c', version: 1, text },
});

async function measure(method, positions) {
  const times = [];
  for (const position of positions)
    times.push((await timed(() => server.rpc.sendRequest(method, { textDocument: { uri }, position }))).ms);
  return times;
}

const nameAt = callLines.map((line) => ({ line, character: 16 }));
const argAt = callLines.map((line) => ({ line: line + 4, character: 8 }));
await measure('textDocument/hover', nameAt.slice(0, 20)); // warm-up: parse + JIT
const hover = await measure('textDocument/hover', [...nameAt, ...argAt]);
const sig = await measure('textDocument/signatureHelp', argAt);
console.log(`file: ${lines} lines, ${text.length} chars, ${callLines.length} injection calls`);
console.log(`hover:          ${formatStats(hover)}`);
console.log(`signature help: ${formatStats(sig)}`);
await server.stop();
process.exit(0);
