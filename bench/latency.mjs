// Hover and signature-help latency (p50/p99) over real JSON-RPC on a generated 5,000-line
// driver file (bench/generate.mjs: `--shape=mixed` real-shaped by default, `--shape=param` the
// original file with an injection call every 15 lines) or a real file (`--file=PATH`): hovers on
// the name of each API call, signature help just inside its argument list. Prints figures;
// asserts nothing. Beside each round trip, the server's own part of it (bench/request-probe.mjs):
// from the request read to the answer written; and as many hovers on a blank line, answered null
// at once, and as many requests to a process that answers every one with null and does nothing
// else (bench/null-responder.mjs): the round trip's floor, with our server and with none.
// usage: npm run build && node bench/latency.mjs [lines] [--shape=…|--file=PATH]
import { fileURLToPath, pathToFileURL } from 'url';
import { benchDriver, shapeArgument } from './generate.mjs';
import { SERVER_NODE_FLAGS, formatStats, startServer, timed } from './lsp.mjs';

const { shape, rest } = shapeArgument(process.argv.slice(2));
const lines = Number(rest[0] ?? 5000);
const driver = benchDriver(lines, shape);
const { text, callLines } = driver;
const probe = pathToFileURL(fileURLToPath(new URL('./request-probe.mjs', import.meta.url))).href;
const server = await startServer({
  args: [...SERVER_NODE_FLAGS, '--import', probe, 'dist/server.js', '--stdio'],
  ipc: true,
});
/** The server's part of each request answered since the last call. */
const serverTimes = () =>
  new Promise((resolve) => {
    server.proc.once('message', resolve);
    server.proc.send('timings');
  });
const uri = `file:///bench/${driver.fileName}`;
await server.rpc.sendNotification('textDocument/didOpen', {
  textDocument: { uri, languageId: driver.languageId, version: 1, text },
});

/** Times of each request; throws when one has no answer (the positions would be wrong), unless `empty`. */
async function measure(method, positions, empty = false, rpc = server.rpc) {
  const times = [];
  for (const position of positions) {
    const { ms, result } = await timed(() => rpc.sendRequest(method, { textDocument: { uri }, position }));
    if (!result && !empty) throw new Error(`${method}: no answer at line ${position.line + 1}`);
    times.push(ms);
  }
  return times;
}

// The API name on each call line, and the first character after the `(` that follows it.
const textLines = text.split('\n');
const nameAt = [];
const argAt = [];
for (const line of new Set(callLines)) {
  const name = /\b(Fwps|Ndis)\w*\s*\(/.exec(textLines[line]);
  if (!name) continue;
  nameAt.push({ line, character: name.index + 1 });
  argAt.push({ line, character: name.index + name[0].length });
}
// Warm-up, each method on its own (parse, then compiling its code): a session pays it once.
await measure('textDocument/hover', nameAt.slice(0, 20));
await measure('textDocument/signatureHelp', argAt.slice(0, 20));
await serverTimes();
const hover = await measure('textDocument/hover', [...nameAt, ...argAt]);
const hoverServer = await serverTimes();
const sig = await measure('textDocument/signatureHelp', argAt);
const sigServer = await serverTimes();
// The same number of hovers on a blank line, answered null at once: what the pipe, the operating
// system and this process add to any answer (the round trip's floor).
const blank = { line: textLines.findIndex((l) => l.trim() === ''), character: 0 };
const floor = await measure('textDocument/hover', Array(nameAt.length + argAt.length).fill(blank), true);
const floorServer = await serverTimes();
console.log(
  `file: ${shape} shape, ${driver.lines ?? lines} lines, ${text.length} chars, ${nameAt.length} API calls`,
);
console.log(`hover:          ${formatStats(hover)}`);
console.log(
  `  in the server: ${formatStats(hoverServer.answered)}; longest event-loop stall ${hoverServer.longestStall.toFixed(2)} ms`,
);
console.log(`signature help: ${formatStats(sig)}`);
console.log(
  `  in the server: ${formatStats(sigServer.answered)}; longest event-loop stall ${sigServer.longestStall.toFixed(2)} ms`,
);
console.log(`blank hover:    ${formatStats(floor)}`);
console.log(
  `  in the server: ${formatStats(floorServer.answered)}; longest event-loop stall ${floorServer.longestStall.toFixed(2)} ms`,
);
await server.stop();
const nothing = await startServer({
  args: [fileURLToPath(new URL('./null-responder.mjs', import.meta.url))],
});
await measure('textDocument/hover', Array(20).fill(blank), true, nothing.rpc);
const bare = await measure('textDocument/hover', Array(floor.length).fill(blank), true, nothing.rpc);
console.log(`null responder: ${formatStats(bare)}`);
await nothing.stop();
process.exit(0);
