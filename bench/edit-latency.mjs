// Edit → publishDiagnostics latency (p50/p95/p99) over real JSON-RPC on a generated 5,000-line
// driver file (bench/generate.mjs: `--shape=mixed` real-shaped by default, `--shape=param` the
// original file whose NBLs come from parameters): single-character incremental didChange edits
// spread over the file, each waited for until its diagnostics arrive: a blank or a line break
// (valid), `(` (a syntax error), and a letter at the end of the line's first name (a row of its
// own, not in "all", whose figures stay comparable with earlier runs). Also prints the server's RSS
// before and after, to show that replaced trees are freed.
// usage: npm run build && node bench/edit-latency.mjs [lines] [edits] [--shape=owned|helpers|sal|label|mixed|param]
//          [--file=PATH: a real source file instead, edited on its statement lines]
//          [--workspace=FOLDER: the server indexes and checks this folder first, as the extension's
//           workspace; the edits start once it has. A --file inside it is opened under its own URI]
import { resolve } from 'path';
import { pathToFileURL } from 'url';
import { benchDriver, openedUri, shapeArgument } from './generate.mjs';
import { formatStats, startServer, timed } from './lsp.mjs';

const { shape, rest: given } = shapeArgument(process.argv.slice(2));
const workspaceFlag = given.find((a) => a.startsWith('--workspace='));
const rest = given.filter((a) => a !== workspaceFlag);
const folderUri = workspaceFlag && pathToFileURL(resolve(workspaceFlag.slice('--workspace='.length))).href;
const lines = Number(rest[0] ?? 5000);
const editCount = Number(rest[1] ?? 400);
const driver = benchDriver(lines, shape);
const { text, callLines, editAt, validText } = driver;
const uri = openedUri(driver, folderUri, `file:///bench/${driver.fileName}`);
let waiting;
// Each check of the workspace's files on disk ends with a log line; `checks` counts them.
let checks = 0;
let onCheck = () => undefined;
const workspaceChecks = (n) =>
  new Promise((resolve) => {
    onCheck = () => checks >= n && resolve();
    onCheck();
  });
const { rpc, rssMb, stop } = await startServer({
  initialize: {
    capabilities: {
      textDocument: { publishDiagnostics: { versionSupport: true } },
      window: { workDoneProgress: !!folderUri },
    },
    ...(folderUri && { rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'bench' }] }),
  },
  onNotification: (method, p) => {
    // The scan's progress ends first, then the check of the files on disk logs its count.
    if (method === 'window/logMessage' && /^Checked \d+ workspace files/.test(p.message)) {
      checks++;
      onCheck();
    }
    if (
      method === 'textDocument/publishDiagnostics' &&
      p.uri === uri &&
      waiting &&
      p.version === waiting.version
    )
      waiting.resolve(p);
  },
});

if (folderUri) await workspaceChecks(1);

let version = 1;
function diagnosticsFor(v) {
  return new Promise((resolve) => (waiting = { version: v, resolve }));
}
let got = diagnosticsFor(1);
await rpc.sendNotification('textDocument/didOpen', {
  textDocument: { uri, languageId: driver.languageId, version, text },
});
await got;
// A file new to the index changes what the workspace's files see: they are checked again once
// (in the background, ~3 s for network/), which the edits would otherwise share the CPU with.
if (folderUri) await Promise.race([workspaceChecks(2), new Promise((r) => setTimeout(r, 15000))]);

// Each edit types one character at the start of a padding line near an injection call, then the
// next edit deletes it again. A letter keeps the code valid; '(' leaves a syntax error, whose
// diagnostics come from a provisional incremental parse (documents.ts settles it later); a line
// break is Enter at the end of the line before.
async function edit(change) {
  version++;
  const done = diagnosticsFor(version);
  const { ms, result } = await timed(async () => {
    await rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    return done;
  });
  return { ms, count: result.diagnostics.length };
}

const times = { valid: [], line: [], error: [], name: [] };
const typed = { valid: validText, line: '\n', error: '(', name: 'x' };
const textLines = text.split('\n');
/** Where a letter typed makes the first name of the line longer (most of real typing). */
function inName(at) {
  const word = /[A-Za-z_]\w*/.exec(textLines[at.line]);
  return word ? { line: at.line, character: word.index + word[0].length } : at;
}
const rssBefore = rssMb();
let findings = 0;
for (let i = 0; i < editCount; i++) {
  const kind = ['valid', 'line', 'valid', 'error', 'name'][i % 5];
  const at = kind === 'name' ? inName(editAt(i)) : editAt(i);
  const insert = await edit({ range: { start: at, end: at }, text: typed[kind] });
  const end =
    kind === 'line' ? { line: at.line + 1, character: 0 } : { line: at.line, character: at.character + 1 };
  const remove = await edit({ range: { start: at, end }, text: '' });
  if (i >= 10) times[kind].push(insert.ms, remove.ms); // the first edits warm up the JIT
  findings = remove.count;
}
const rssAfter = rssMb();
await new Promise((r) => setTimeout(r, 3000)); // replaced trees are freed shortly after replacement
const rssSettled = rssMb();

console.log(
  `file: ${shape} shape, ${driver.lines ?? lines} lines, ${text.length} chars, ${callLines.length} injection calls, ${findings} findings`,
);
console.log(`edit → publishDiagnostics, all:          ${formatStats([...times.valid, ...times.error])}`);
console.log(`edit → publishDiagnostics, valid code:   ${formatStats(times.valid)}`);
console.log(`edit → publishDiagnostics, line break:   ${formatStats(times.line)}`);
console.log(`edit → publishDiagnostics, syntax error: ${formatStats(times.error)}`);
console.log(`edit → publishDiagnostics, name typed:   ${formatStats(times.name)}`);
console.log(
  `server RSS: ${rssBefore.toFixed(0)} MB after open, ${rssAfter.toFixed(0)} MB after ${editCount * 2} edits, ${rssSettled.toFixed(0)} MB 3 s later`,
);
await stop();
process.exit(0);
