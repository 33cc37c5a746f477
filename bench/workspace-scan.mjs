// Hover latency on an open file while the server indexes a workspace folder in the background,
// against the same hovers once the scan is done, and the server's RSS at both points.
// usage: npm run build && node bench/workspace-scan.mjs <workspace folder>
import { resolve } from 'path';
import { pathToFileURL } from 'url';
import { generateDriver } from './generate.mjs';
import { formatStats, startServer, timed } from './lsp.mjs';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node bench/workspace-scan.mjs <workspace folder>');
  process.exit(2);
}
const folderUri = pathToFileURL(resolve(folder)).href;
const { text, callLines } = generateDriver(5000);
let scanDone;
const scanned = new Promise((r) => (scanDone = r));
let indexedLog = '';
const t0 = performance.now();
const { rpc, rssMb, stop } = await startServer({
  initialize: {
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'bench' }],
    capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
  },
  onNotification: (method, p) => {
    if (method === '$/progress' && p.value?.kind === 'end') scanDone();
    if (method === 'window/logMessage' && p.message.startsWith('Indexed')) indexedLog = p.message;
  },
});
const uri = 'untitled:bench-driver.c';
await rpc.sendNotification('textDocument/didOpen', {
  textDocument: { uri, languageId: 'c', version: 1, text },
});

const hover = async (line) =>
  (
    await timed(() =>
      rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 16 } }),
    )
  ).ms;

// Hover over and over while the scan runs (10 ms apart), then the same number afterwards.
const during = [];
let peakRss = 0;
let done = false;
scanned.then(() => (done = true));
for (let i = 0; !done; i++) {
  during.push(await hover(callLines[i % callLines.length]));
  peakRss = Math.max(peakRss, rssMb());
  await new Promise((r) => setTimeout(r, 10));
}
const scanMs = performance.now() - t0;
const rssAfterScan = rssMb();
const after = [];
for (let i = 0; i < Math.max(200, during.length); i++)
  after.push(await hover(callLines[i % callLines.length]));

console.log(
  `workspace: ${indexedLog || '(no index log)'}; scan finished ${scanMs.toFixed(0)} ms after initialize`,
);
console.log(`hover during the scan: ${formatStats(during)}`);
if (process.env.BENCH_VERBOSE) console.log(during.map((x) => x.toFixed(1)).join(' '));
console.log(`hover after the scan:  ${formatStats(after)}`);
console.log(
  `server RSS: peak ${peakRss.toFixed(0)} MB during the scan, ${rssAfterScan.toFixed(0)} MB after it`,
);
await stop();
process.exit(0);
