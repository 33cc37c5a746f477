// Latency of `wfp/injectionFlow` (what the flow panel asks on every cursor move) over real
// JSON-RPC on the generated 5,000-line driver file: cursor moves between injection calls, and
// the first request after an edit (which re-runs the rules). Prints figures; asserts nothing.
// usage: npm run build && npm run test:compile && node bench/flow-latency.mjs [lines]
import { createRequire } from 'module';
import { generateDriver } from './generate.mjs';
import { formatStats, startServer, timed } from './lsp.mjs';

const lines = Number(process.argv[2] ?? 5000);
const { text, callLines } = generateDriver(lines);
if (!callLines.length) {
  console.error(`a ${lines}-line driver holds no injection call yet: ask for more lines`);
  process.exit(2);
}
const { rpc, stop } = await startServer();
const uri = 'file:///bench/driver.c';
let version = 1;
await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version, text } });

const { injectionFlowRequest } = createRequire(import.meta.url)('../out/shared/protocol.js');
const flow = (position) => rpc.sendRequest(injectionFlowRequest, { textDocument: { uri }, position });
const positions = callLines.map((line) => ({ line, character: 16 }));
const first = await timed(() => flow(positions[0]));
if (!first.result) throw new Error('no flow model at the first injection call');
const moves = [];
for (const p of positions) moves.push((await timed(() => flow(p))).ms);
// After an edit the request waits for the re-check of the file.
const afterEdit = [];
for (let i = 0; i < 30; i++) {
  const line = callLines[(i * 7) % callLines.length] - 2;
  version++;
  await rpc.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }],
  });
  afterEdit.push((await timed(() => flow(positions[i]))).ms);
}
console.log(`file: ${lines} lines, ${callLines.length} injection calls`);
console.log(`first request (parse + rules): ${first.ms.toFixed(1)} ms`);
console.log(`cursor move:                   ${formatStats(moves)}`);
console.log(`first request after an edit:   ${formatStats(afterEdit)}`);
await stop();
process.exit(0);
