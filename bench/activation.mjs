// Start-up costs: loading dist/extension.js (with a stub `vscode` module, so only the bundle's own
// evaluation is timed; activate() itself needs a real VS Code to start the client), then the
// server: spawn → initialize answered, and didOpen of a small driver file → first diagnostics.
// usage: npm run build && node bench/activation.mjs
import Module, { createRequire } from 'module';
import { resolve } from 'path';
import { generateDriver } from './generate.mjs';
import { startServer } from './lsp.mjs';

const require = createRequire(import.meta.url);

// Any property, call or `new` on the stub gives the stub; it is not a thenable.
const stub = new Proxy(function () {}, {
  get: (_, p) => {
    if (p === 'then') return undefined;
    return p === Symbol.toPrimitive ? () => '' : stub;
  },
  apply: () => stub,
  construct: () => stub,
});
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolveFilename.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub };

const t0 = performance.now();
const extension = require(resolve('dist/extension.js'));
const requireMs = performance.now() - t0;
if (typeof extension.activate !== 'function') throw new Error('dist/extension.js exports no activate()');

let firstDiagnostics;
const published = new Promise((r) => (firstDiagnostics = r));
const { rpc, initializeMs, stop } = await startServer({
  onNotification: (method) =>
    method === 'textDocument/publishDiagnostics' && firstDiagnostics(performance.now()),
});
const t2 = performance.now();
await rpc.sendNotification('textDocument/didOpen', {
  textDocument: { uri: 'untitled:activation.c', languageId: 'c', version: 1, text: generateDriver(200).text },
});
const diagnosticsMs = (await published) - t2;
console.log(`require dist/extension.js (stub vscode): ${requireMs.toFixed(1)} ms`);
console.log(`server spawn → initialize answered:      ${initializeMs.toFixed(1)} ms`);
console.log(`didOpen (200 lines) → first diagnostics:  ${diagnosticsMs.toFixed(1)} ms (loads the grammars)`);
await stop();
process.exit(0);
