// Hover latency on an open file while the server indexes a workspace folder in the background,
// against the same hovers once the scan is done, and the server's RSS at both points.
// usage: npm run build && node bench/workspace-scan.mjs <workspace folder>
import { spawn } from 'child_process';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { generateDriver } from './generate.mjs';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node bench/workspace-scan.mjs <workspace folder>');
  process.exit(2);
}
const folderUri = pathToFileURL(resolve(folder)).href;
const { text, callLines } = generateDriver(5000);
const proc = spawn(process.execPath, ['dist/server.js', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const rpc = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
let scanDone;
const scanned = new Promise((r) => (scanDone = r));
let indexedLog = '';
rpc.onNotification('$/progress', (p) => p.value?.kind === 'end' && scanDone());
rpc.onNotification('window/logMessage', (p) => {
  if (p.message.startsWith('Indexed')) indexedLog = p.message;
});
rpc.onRequest('window/workDoneProgress/create', () => null);
rpc.onRequest('workspace/configuration', () => [{}]);
rpc.listen();

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) / 1024;
const t0 = performance.now();
await rpc.sendRequest('initialize', {
  processId: process.pid,
  rootUri: folderUri,
  workspaceFolders: [{ uri: folderUri, name: 'bench' }],
  capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
});
await rpc.sendNotification('initialized', {});
const uri = 'untitled:bench-driver.c';
await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version: 1, text } });

async function hover(line) {
  const t = process.hrtime.bigint();
  await rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 16 } });
  return Number(process.hrtime.bigint() - t) / 1e6;
}

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
for (let i = 0; i < Math.max(200, during.length); i++) after.push(await hover(callLines[i % callLines.length]));

function stats(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return `p50 ${q(0.5).toFixed(2)} ms, p95 ${q(0.95).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms (n=${sorted.length})`;
}
console.log(`workspace: ${indexedLog || '(no index log)'}; scan finished ${scanMs.toFixed(0)} ms after initialize`);
console.log(`hover during the scan: ${stats(during)}`);
if (process.env.BENCH_VERBOSE) console.log(during.map((x) => x.toFixed(1)).join(" "));
console.log(`hover after the scan:  ${stats(after)}`);
console.log(`server RSS: peak ${peakRss.toFixed(0)} MB during the scan, ${rssAfterScan.toFixed(0)} MB after it`);
await rpc.sendRequest('shutdown');
await rpc.sendNotification('exit');
proc.kill();
process.exit(0);
