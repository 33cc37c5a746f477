// `wfp-inject check` over a source tree against the floor of a syntactic tool: a bare
// tree-sitter parse of every C/C++ file of the same tree, in one process. Prints both.
// usage: npm run build && node bench/cli-vs-parse.mjs <folder>   (e.g. a local copy of a driver tree)
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { createRequire } from 'module';

const require = createRequire(import.meta.url);
const folder = process.argv[2];
if (!folder) {
  console.error('usage: node bench/cli-vs-parse.mjs <folder>');
  process.exit(2);
}
const { collectSourceFiles } = require('../out/server/src/workspace/sourceFiles.js');
const { loadParsers, languageFor } = require('../out/server/src/parse/parser.js');

const { files } = collectSourceFiles([folder]);
const texts = files.map((f) => [f, readFileSync(f, 'utf8')]);
const bytes = texts.reduce((n, [, t]) => n + t.length, 0);
const parsers = await loadParsers();

function bareParse() {
  const t0 = performance.now();
  for (const [f, text] of texts) parsers[languageFor(f)].parse(text)?.delete();
  return performance.now() - t0;
}

function cli() {
  const t0 = performance.now();
  execFileSync(process.execPath, ['dist/cli.js', 'check', '--format', 'json', folder], {
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  return performance.now() - t0;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const parse = median([bareParse(), bareParse(), bareParse()]);
const check = median([cli(), cli(), cli()]);
console.log(`files: ${files.length}, ${(bytes / 1e6).toFixed(1)} MB`);
console.log(`bare tree-sitter parse (in process): ${parse.toFixed(0)} ms`);
console.log(`wfp-inject check (whole process):    ${check.toFixed(0)} ms`);
console.log(`ratio: ${(check / parse).toFixed(2)}x`);
