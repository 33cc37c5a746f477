// `wfp-inject check` over a source tree against the floor of any syntactic tool: a bare tree-sitter
// parse of the files it reads, read the same way (the CLI's file collection and decoding). Each
// runs as a node process of its own (start-up and grammar loading included), alternately, `--runs`
// times; medians of wall and CPU time. A second floor parses only the files the CLI parses (those
// that mention WFP at all): what is left of its time above that is preprocessing and analysis.
// usage: npm run build && npm run test:compile && node bench/cli-vs-parse.mjs <folder> [--runs=3]
import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { createRequire } from 'module';
import { tmpdir } from 'os';
import { join } from 'path';
import { fileURLToPath, pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const { collectSourceFiles } = require('../out/server/src/workspace/sourceFiles.js');
const { isIndexed, readSourceText } = require('../out/server/src/workspace/sourceText.js');

const args = process.argv.slice(2);
const bare = args.find((a) => a.startsWith('--bare='))?.slice('--bare='.length);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 3);
const folder = args.find((a) => !a.startsWith('--'));
if (!folder) {
  console.error('usage: node bench/cli-vs-parse.mjs <folder> [--runs=3]');
  process.exit(2);
}

if (bare) {
  // The child: read, decode and parse (raw text, no preprocessing) every file but those too large
  // or binary to parse; `wfp`: only those the CLI parses.
  const { loadParsers, languageFor } = require('../out/server/src/parse/parser.js');
  const parsers = await loadParsers();
  for (const f of collectSourceFiles([folder]).files) {
    const { text, role } = readSourceText(f);
    if (role === 'skipped' || (bare === 'wfp' && !isIndexed(role))) continue;
    parsers[languageFor(f)].parse(text)?.delete();
  }
  process.exit(0);
}

const here = fileURLToPath(new URL('.', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cli-vs-parse-'));
const cpuFile = join(scratch, 'cpu');
function timed(script, scriptArgs) {
  const t0 = performance.now();
  // The CLI exits with 1 when it reports an error-severity finding: that is a result, not a failure.
  const run = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(here, 'cpu-probe.mjs')).href, script, ...scriptArgs],
    {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, BENCH_CPU_FILE: cpuFile },
    },
  );
  if (run.error || run.status === null || run.status > 1) throw new Error(`${script} failed (${run.status})`);
  return { wall: performance.now() - t0, cpu: Number(readFileSync(cpuFile, 'utf8')) };
}

const self = fileURLToPath(import.meta.url);
const cases = {
  'bare parse, every file the CLI reads': () => timed(self, [`--bare=all`, folder]),
  'bare parse, the files the CLI parses': () => timed(self, [`--bare=wfp`, folder]),
  'wfp-inject check --format json': () => timed('dist/cli.js', ['check', '--format', 'json', folder]),
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < runs; i++) for (const [name, run] of Object.entries(cases)) times[name].push(run());
rmSync(scratch, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { files } = collectSourceFiles([folder]);
let bytes = 0;
let wfp = 0;
for (const f of files) {
  const { text, role } = readSourceText(f);
  bytes += text.length;
  if (isIndexed(role)) wfp++;
}
console.log(
  `${folder}: ${files.length} files read (${(bytes / 1e6).toFixed(1)} M chars), ${wfp} mention WFP`,
);
const stat = (name) => ({
  wall: median(times[name].map((t) => t.wall)),
  cpu: median(times[name].map((t) => t.cpu)),
});
const cli = stat('wfp-inject check --format json');
for (const name of Object.keys(cases)) {
  const s = stat(name);
  const ratio = name.startsWith('wfp')
    ? ''
    : `   CLI / this: ${(cli.wall / s.wall).toFixed(2)}x wall, ${(cli.cpu / s.cpu).toFixed(2)}x CPU`;
  console.log(
    `${name.padEnd(40)} wall ${s.wall.toFixed(0).padStart(6)} ms, CPU ${s.cpu.toFixed(0).padStart(6)} ms${ratio}`,
  );
}
