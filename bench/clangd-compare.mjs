// The WFP server against clangd on the same generated 5,000-line driver (an injection call every
// 15 lines) and a stub fwpsk.h generated from the catalog: hover latency on the injection calls
// and didChange → publishDiagnostics latency, each server driven over stdio JSON-RPC with default
// settings (clangd debounces diagnostics; its figure includes that). Prints both and the ratio.
// The file is real-shaped by default (bench/generate.mjs, `--shape=mixed`); `--shape=param` is the
// original one whose NBLs come from parameters; `--file=PATH` a real file. Our server starts as the
// extension starts it (shared/serverLaunch.json). Open is timed from didOpen and from the spawn,
// and once more in a second start of each server, opened 2 s after `initialize` (the extension
// starts with a workspace of C files, before any is opened). By then ours has checked the files
// on disk, and shows what it found there for a file opened unchanged; a third start opens the
// file with an edit not saved, so that its own check is timed. Each open row is the median of
// `--starts` starts of each server (5 by default), the two servers taking turns: one start's
// figure moves by a third between runs on a small virtual machine. The hovers are also sent to a
// process that answers null at once (null-responder.mjs): the floor of a round trip here. The
// floor of our open is printed too: the file's first parse in a fresh process (parse-floor.mjs).
// usage: npm run build && npm run test:compile && node bench/clangd-compare.mjs [path to clangd] [lines] [edits] [--shape=…|--file=PATH] [--starts=N]
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { SERVER_NODE_FLAGS, msSince, percentiles, startServer } from './lsp.mjs';
import { stubHeader } from './fwps-stub-header.mjs';
import { benchDriver, shapeArgument } from './generate.mjs';

const { shape, rest: given } = shapeArgument(process.argv.slice(2));
const startsFlag = given.find((a) => a.startsWith('--starts='));
const starts = Math.max(1, Number(startsFlag?.slice('--starts='.length) ?? 5));
const rest = given.filter((a) => a !== startsFlag);
const clangd = rest[0] ?? 'clangd';
const lines = Number(rest[1] ?? 5000);
const editCount = Number(rest[2] ?? 100);
const IDLE_MS = 2000;
const dir = mkdtempSync(join(tmpdir(), 'wfp-clangd-'));
const driver = benchDriver(lines, shape);
const { text, callLines, editAt, validText } = driver;
// A real file says where its calls are; the generated ones have theirs at column 16.
const hoverPositions = driver.callAt ?? callLines.map((line) => ({ line, character: 16 }));
writeFileSync(join(dir, 'fwpsk.h'), stubHeader());
writeFileSync(join(dir, driver.fileName), text);
writeFileSync(join(dir, 'compile_flags.txt'), `${driver.languageId === 'c' ? '-xc' : '-xc++'}\n-I.\n`);
const rootUri = pathToFileURL(dir).href;
const uri = pathToFileURL(join(dir, driver.fileName)).href;

/** Starts a server on the bench folder; `onDiagnostics(p)` hears every publish for the file. */
function launch(command, args, onDiagnostics) {
  return startServer({
    command,
    args,
    stderr: 'ignore',
    initialize: {
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    },
    onNotification: (method, p) => {
      if (method === 'textDocument/publishDiagnostics' && p.uri === uri) onDiagnostics(p);
    },
  });
}

const openFile = (rpc, opened = text) =>
  rpc.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: driver.languageId, version: 1, text: opened },
  });
/** The file as an editor holds it after a change not yet saved. */
const edited = `${text}\n// not saved yet\n`;

async function measure(name, command, args) {
  let waiting;
  let published = 0;
  const spawned = process.hrtime.bigint();
  const { rpc, stop } = await launch(command, args, (p) => {
    published = p.diagnostics.length;
    if (waiting && (p.version === undefined || p.version >= waiting.version)) waiting.resolve();
  });
  const diagnosticsFor = (version) => new Promise((resolve) => (waiting = { version, resolve }));
  let version = 1;
  const t0 = process.hrtime.bigint();
  const first = diagnosticsFor(1);
  await openFile(rpc);
  await first;
  const open = msSince(t0);
  const start = msSince(spawned);
  const openDiagnostics = published;

  // Ours must answer every hover (the positions are right); clangd has none where a real file's
  // own headers are missing, and those positions are left out of both columns.
  const hoverAt = async (position) => {
    const t = process.hrtime.bigint();
    const h = await rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    if (!h && name === 'wfp') throw new Error(`${name}: no hover on line ${position.line + 1}`);
    return h ? msSince(t) : undefined;
  };
  for (const at of hoverPositions.slice(0, 20)) await hoverAt(at); // warm-up
  const hovers = [];
  for (const at of hoverPositions) hovers.push(await hoverAt(at));

  const edits = [];
  for (let i = 0; i < editCount; i++) {
    const at = editAt(i);
    for (const change of [
      { range: { start: at, end: at }, text: validText },
      { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' },
    ]) {
      version++;
      const done = diagnosticsFor(version);
      const t = process.hrtime.bigint();
      await rpc.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [change],
      });
      await done;
      if (i >= 5) edits.push(msSince(t));
    }
  }
  await stop();
  return { name, open, start, openDiagnostics, hovers, edit: percentiles(edits) };
}

/**
 * Open → first diagnostics, timed from didOpen and from the spawn, for a file opened `waitMs`
 * after the server answered `initialize` (IDLE_MS: as when the editor starts the server with the
 * workspace, and ours warms up then), with the text on disk or `opened`.
 */
async function openAfter(command, args, waitMs, opened = text) {
  let published;
  const spawned = process.hrtime.bigint();
  const { rpc, stop } = await launch(command, args, () => published?.());
  if (waitMs) await new Promise((resolve) => setTimeout(resolve, waitMs));
  const t = process.hrtime.bigint();
  const first = new Promise((resolve) => (published = resolve));
  await openFile(rpc, opened);
  await first;
  const result = { open: msSince(t), start: msSince(spawned) };
  await stop();
  return result;
}

/** `run(server)` `starts` times for each server, taking turns (the first of each given). */
async function alternated(run, firsts = [[], []]) {
  const [ours, theirs] = firsts;
  while (ours.length < starts || theirs.length < starts) {
    if (ours.length < starts) ours.push(await run(WFP));
    if (theirs.length < starts) theirs.push(await run(CLANGD));
  }
  return [ours, theirs];
}

const median = (xs) => percentiles(xs).p50;
const range = (xs) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

/**
 * The same hovers sent to a process that answers every request with null at once
 * (null-responder.mjs): what the pipe, the operating system and this client add to any answer.
 */
async function hoverFloor() {
  const { rpc, stop } = await startServer({
    args: [fileURLToPath(new URL('./null-responder.mjs', import.meta.url))],
  });
  const times = [];
  for (const [i, position] of [...hoverPositions.slice(0, 20), ...hoverPositions].entries()) {
    const t = process.hrtime.bigint();
    await rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    if (i >= Math.min(20, hoverPositions.length)) times.push(msSince(t));
  }
  await stop();
  return percentiles(times);
}

/**
 * The first parse of the file in a fresh process with the server's flags (parse-floor.mjs), once
 * per start: what our open costs before any analysis.
 */
function parseFloor() {
  const times = [];
  for (let i = 0; i < starts; i++) {
    const run = spawnSync(
      process.execPath,
      [
        ...SERVER_NODE_FLAGS,
        fileURLToPath(new URL('./parse-floor.mjs', import.meta.url)),
        join(dir, driver.fileName),
        driver.languageId,
      ],
      { encoding: 'utf8' },
    );
    if (run.status !== 0)
      throw new Error(`parse-floor.mjs failed (npm run test:compile first?): ${run.stderr}`);
    times.push(Number(run.stdout.trim()));
  }
  return times;
}

const WFP = [process.execPath, [...SERVER_NODE_FLAGS, 'dist/server.js', '--stdio']];
const CLANGD = [clangd, ['--background-index=false', '--log=error']];

try {
  const wfp = await measure('wfp', ...WFP);
  const cd = await measure('clangd', ...CLANGD);
  const floor = await hoverFloor();
  const parses = parseFloor();
  const [wfpOpens, cdOpens] = await alternated((server) => openAfter(...server, 0), [[wfp], [cd]]);
  const [wfpIdles, cdIdles] = await alternated((server) => openAfter(...server, IDLE_MS));
  const [wfpEditeds, cdEditeds] = await alternated((server) => openAfter(...server, IDLE_MS, edited));
  const row = (label, a, b) =>
    console.log(
      `${label.padEnd(40)} ${a.toFixed(2).padStart(9)} ${b.toFixed(2).padStart(9)} ${(b / a).toFixed(1).padStart(8)}x`,
    );
  console.log(
    `file: ${shape} shape, ${driver.lines ?? lines} lines, ${callLines.length} injection calls; stub fwpsk.h with the catalog's prototypes`,
  );
  console.log(`${''.padEnd(40)} ${'wfp'.padStart(9)} ${'clangd'.padStart(9)} ${'clangd/wfp'.padStart(9)}`);
  const ranges = [];
  /** A row of the medians of `key` over both servers' starts, its ranges kept for the end. */
  const medianRow = (label, [ours, theirs], key = 'open') => {
    const [a, b] = [ours.map((o) => o[key]), theirs.map((o) => o[key])];
    row(label, median(a), median(b));
    ranges.push(`${label.trim().replace(/ \(ms\)$/, '')}: wfp ${range(a)}, clangd ${range(b)}`);
  };
  medianRow('open → first diagnostics (ms)', [wfpOpens, cdOpens]);
  medianRow('process start → first diagnostics (ms)', [wfpOpens, cdOpens], 'start');
  medianRow(`open ${IDLE_MS / 1000} s after start → diagnostics (ms)`, [wfpIdles, cdIdles]);
  medianRow('  same, with an edit not saved (ms)', [wfpEditeds, cdEditeds]);
  console.log(
    `our parse alone, the first in a fresh process (preprocessing + tree-sitter; ms): ${median(parses).toFixed(2)} (${range(parses)})`,
  );
  const both = wfp.hovers.map((_, i) => i).filter((i) => cd.hovers[i] !== undefined);
  const hover = (m) => percentiles(both.map((i) => m.hovers[i]));
  if (both.length)
    for (const q of ['p50', 'p95', 'p99'])
      row(`hover ${q} (ms, n=${both.length})`, hover(wfp)[q], hover(cd)[q]);
  else console.log('hover: no API call in the file that both can hover');
  console.log(
    `hover floor, a server that answers null at once (ms): p50 ${floor.p50.toFixed(2)}, p95 ${floor.p95.toFixed(2)}, p99 ${floor.p99.toFixed(2)}`,
  );
  for (const q of ['p50', 'p95', 'p99']) row(`didChange → diagnostics ${q} (ms)`, wfp.edit[q], cd.edit[q]);
  console.log(`diagnostics on open: wfp ${wfp.openDiagnostics}, clangd ${cd.openDiagnostics}`);
  console.log(`open rows: medians of ${starts} starts of each server; ranges (ms):`);
  for (const r of ranges) console.log(`  ${r}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
