// What the preprocessing layer costs: for every C/C++ file of a tree, tree-sitter on the raw text
// against preprocessing + tree-sitter on the preprocessed text (the layer's own time apart), and
// what one edit costs on the largest file (preprocess the whole text again + incremental reparse).
// usage: npm run build && npm run test:compile && node bench/preprocess-cost.mjs <folder>
import { readFileSync } from 'fs';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const folder = process.argv[2];
if (!folder) {
  console.error('usage: node bench/preprocess-cost.mjs <folder>');
  process.exit(2);
}
const { collectSourceFiles } = require('../out/server/src/workspace/sourceFiles.js');
const { loadParsers, languageFor } = require('../out/server/src/parse/parser.js');
const { preprocess } = require('../out/server/src/parse/preprocess.js');
const { DEFAULT_ENV } = require('../out/server/src/parse/preprocessEnv.js');
const { decodeSource } = require('../out/server/src/workspace/encoding.js');
const { parseSource, reparseIncrementally } = require('../out/server/src/parse/document.js');

const { files } = collectSourceFiles([folder]);
const texts = files.map((f) => [f, decodeSource(readFileSync(f)).text]);
const bytes = texts.reduce((n, [, t]) => n + t.length, 0);
const parsers = await loadParsers();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function raw() {
  const t0 = performance.now();
  for (const [f, text] of texts) parsers[languageFor(f)].parse(text)?.delete();
  return performance.now() - t0;
}

function layered() {
  let pre = 0;
  const t0 = performance.now();
  for (const [f, text] of texts) {
    const p0 = performance.now();
    const out = preprocess(text, languageFor(f), DEFAULT_ENV);
    pre += performance.now() - p0;
    parsers[languageFor(f)].parse(out.text)?.delete();
  }
  return { total: performance.now() - t0, pre };
}

raw();
layered();
const rawMs = median([raw(), raw(), raw()]);
const runs = [layered(), layered(), layered()];
const total = median(runs.map((r) => r.total));
const pre = median(runs.map((r) => r.pre));
console.log(`files: ${files.length}, ${(bytes / 1e6).toFixed(1)} MB`);
console.log(`tree-sitter on the raw text:           ${rawMs.toFixed(0)} ms`);
console.log(
  `preprocess + tree-sitter:               ${total.toFixed(0)} ms (the layer itself: ${pre.toFixed(0)} ms = ${((pre / rawMs) * 100).toFixed(1)}% of the raw parse)`,
);

// One keystroke in the middle of the largest file: preprocess again, reparse incrementally.
const [bigName, bigText] = texts.reduce((a, b) => (b[1].length > a[1].length ? b : a));
let file = await parseSource('file:///big' + bigName.slice(-4), bigText);
const edits = [];
const preOnly = [];
let text = bigText;
for (let i = 0; i < 60; i++) {
  const at = text.indexOf('\n', Math.floor(text.length / 2) + i * 97) + 1;
  text = text.slice(0, at) + (i % 2 ? '' : ' ') + text.slice(at + (i % 2 ? 1 : 0));
  const p0 = performance.now();
  preprocess(text, file.language, DEFAULT_ENV);
  preOnly.push(performance.now() - p0);
  const t0 = performance.now();
  const next = reparseIncrementally(file, text, DEFAULT_ENV);
  edits.push(performance.now() - t0);
  file.dispose();
  file = next;
}
console.log(
  `one edit on ${bigName} (${(bigText.length / 1e3).toFixed(0)} KB): preprocess ${median(preOnly).toFixed(2)} ms, preprocess + incremental reparse ${median(edits).toFixed(2)} ms (medians of 60)`,
);
