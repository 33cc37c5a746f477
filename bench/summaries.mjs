// Function summaries of a whole source tree: parse and index every file the CLI would, then
// compose the call graph bottom-up; prints the time of each part and what the summaries found.
// Then one edit in one function: how many functions are summarised again.
// usage: npm run test:compile && node bench/summaries.mjs <folder> [--verbose]
import { createRequire } from 'module';
import { readFileSync } from 'fs';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const { collectSourceFiles } = require('../out/server/src/workspace/sourceFiles.js');
const { parseSource } = require('../out/server/src/parse/document.js');
const { isIndexed, sourceRole } = require('../out/server/src/workspace/sourceText.js');
const { WorkspaceIndex } = require('../out/server/src/analysis/workspaceIndex.js');

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node bench/summaries.mjs <folder> [--verbose]');
  process.exit(2);
}
const verbose = process.argv.includes('--verbose');

const t0 = performance.now();
const index = new WorkspaceIndex();
const files = [];
for (const path of collectSourceFiles([folder]).files) {
  const text = readFileSync(path, 'latin1');
  if (!isIndexed(sourceRole(text).role)) continue;
  const file = await parseSource(pathToFileURL(path).href, text);
  index.update(file, 'win10');
  files.push(file);
}
const t1 = performance.now();
const graph = index.callGraph();
const t2 = performance.now();

const names = [...new Set(files.flatMap((f) => index.factsOf(f.uri).facts.summaries.map((s) => s.name)))];
const effects = names.map((n) => [n, index.effects(n)]).filter(([, e]) => e);
const count = (pick) => effects.filter(([, e]) => pick(e)).length;
console.log(`${files.length} files, ${names.length} functions (${effects.length} defined once)`);
console.log(
  `parse + facts: ${(t1 - t0).toFixed(0)} ms; call graph: ${(t2 - t1).toFixed(0)} ms; total ${(t2 - t0).toFixed(0)} ms`,
);
console.log(
  `allocating helpers: ${count((e) => e.allocates.length)}, freeing: ${count((e) => e.frees.length)}, injecting: ${count((e) => e.injects.length)}, ` +
    `returning an injection's status: ${count((e) => e.injects.some((i) => i.returnsStatus))}, status tests: ${effects.filter(([n]) => index.statusTest(n)).length}`,
);
if (verbose) {
  for (const [n, e] of effects) {
    const parts = [
      ...e.allocates.map(
        (a) =>
          `allocates ${a.origin} ${a.into === 'return' ? 'return' : `#${a.into.param}${a.into.path}`} via ${a.via.map((s) => s.fn).join('→')}`,
      ),
      ...e.frees.map(
        (f) => `frees #${f.param}${f.path} via ${f.via.map((s) => s.fn).join('→') || 'annotation'}`,
      ),
      ...e.injects.map(
        (i) =>
          `injects #${i.param}${i.path}${i.returnsStatus ? ' (returns status)' : ''} via ${i.via.map((s) => s.fn).join('→')}`,
      ),
    ];
    if (parts.length) console.log(`  ${n}: ${parts.join('; ')}`);
  }
}

// An edit inside the last function of one file (nothing else moves): only it and its callers change.
const last = files.find(
  (f) => /Fwps/.test(f.text) && index.factsOf(f.uri).facts.summaries.some((s) => index.effects(s.name)),
);
if (last) {
  const summaries = index.factsOf(last.uri).facts.summaries;
  const fn = [...summaries].reverse().find((s) => index.effects(s.name));
  if (fn) {
    const at = last.text.indexOf('{', fn.start) + 1;
    const edited = await parseSource(last.uri, `${last.text.slice(0, at)} Touch(); ${last.text.slice(at)}`);
    const t3 = performance.now();
    index.update(edited, 'win10');
    const again = index.callGraph();
    console.log(
      `edit in ${fn.name}: ${again.recomputed.size} of ${names.length} functions summarised again in ${(performance.now() - t3).toFixed(0)} ms`,
    );
    edited.dispose();
  }
}
void graph;
for (const f of files) f.dispose();
