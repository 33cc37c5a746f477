// The WFP server against clangd on the same generated 5,000-line driver (an injection call every
// 15 lines) and a stub fwpsk.h generated from the catalog: hover latency on the injection calls
// and didChange → publishDiagnostics latency, each server driven over stdio JSON-RPC with default
// settings (clangd debounces diagnostics; its figure includes that). Prints both and the ratio.
// usage: npm run build && node bench/clangd-compare.mjs [path to clangd] [lines] [edits]
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { msSince, percentiles, startServer } from './lsp.mjs';
import { stubHeader } from './fwps-stub-header.mjs';
import { generateDriver } from './generate.mjs';

const clangd = process.argv[2] ?? 'clangd';
const lines = Number(process.argv[3] ?? 5000);
const editCount = Number(process.argv[4] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'wfp-clangd-'));
const { text, callLines } = generateDriver(lines);
writeFileSync(join(dir, 'fwpsk.h'), stubHeader());
writeFileSync(join(dir, 'driver.c'), text);
writeFileSync(join(dir, 'compile_flags.txt'), '-xc\n-I.\n');
const rootUri = pathToFileURL(dir).href;
const uri = pathToFileURL(join(dir, 'driver.c')).href;

async function measure(name, command, args) {
  let waiting;
  let published = 0;
  const { rpc, stop } = await startServer({
    command,
    args,
    stderr: 'ignore',
    initialize: {
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown', 'plaintext'] } } },
    },
    onNotification: (method, p) => {
      if (method !== 'textDocument/publishDiagnostics' || p.uri !== uri) return;
      published = p.diagnostics.length;
      if (waiting && (p.version === undefined || p.version >= waiting.version)) waiting.resolve();
    },
  });
  const diagnosticsFor = (version) => new Promise((resolve) => (waiting = { version, resolve }));
  let version = 1;
  const t0 = process.hrtime.bigint();
  const first = diagnosticsFor(1);
  await rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version, text } });
  await first;
  const open = msSince(t0);
  const openDiagnostics = published;

  const hoverAt = async (line) => {
    const t = process.hrtime.bigint();
    const h = await rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 16 } });
    if (!h) throw new Error(`${name}: no hover on line ${line + 1}`);
    return msSince(t);
  };
  for (const line of callLines.slice(0, 20)) await hoverAt(line); // warm-up
  const hovers = [];
  for (const line of callLines) hovers.push(await hoverAt(line));

  const edits = [];
  for (let i = 0; i < editCount; i++) {
    const line = callLines[(i * 37) % callLines.length] + 10;
    for (const change of [
      { range: { start: { line, character: 4 }, end: { line, character: 4 } }, text: 'c' },
      { range: { start: { line, character: 4 }, end: { line, character: 5 } }, text: '' },
    ]) {
      version++;
      const done = diagnosticsFor(version);
      const t = process.hrtime.bigint();
      await rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      await done;
      if (i >= 5) edits.push(msSince(t));
    }
  }
  await stop();
  return { name, open, openDiagnostics, hover: percentiles(hovers), edit: percentiles(edits) };
}

try {
  const wfp = await measure('wfp', process.execPath, ['dist/server.js', '--stdio']);
  const cd = await measure('clangd', clangd, ['--background-index=false', '--log=error']);
  const row = (label, a, b) => console.log(`${label.padEnd(34)} ${a.toFixed(2).padStart(9)} ${b.toFixed(2).padStart(9)} ${(b / a).toFixed(1).padStart(8)}x`);
  console.log(`file: ${lines} lines, ${callLines.length} injection calls; stub fwpsk.h with the catalog's prototypes`);
  console.log(`${''.padEnd(34)} ${'wfp'.padStart(9)} ${'clangd'.padStart(9)} ${'clangd/wfp'.padStart(9)}`);
  row('open → first diagnostics (ms)', wfp.open, cd.open);
  for (const q of ['p50', 'p95', 'p99']) row(`hover ${q} (ms, n=${wfp.hover.n})`, wfp.hover[q], cd.hover[q]);
  for (const q of ['p50', 'p95', 'p99']) row(`didChange → diagnostics ${q} (ms)`, wfp.edit[q], cd.edit[q]);
  console.log(`diagnostics on open: wfp ${wfp.openDiagnostics}, clangd ${cd.openDiagnostics}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
