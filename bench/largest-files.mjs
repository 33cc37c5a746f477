// Edit → publishDiagnostics p95 on the largest real source files of a folder: runs
// bench/edit-latency.mjs with `--file=` on each (one server per file, one after the other) and
// prints one row per file. A single real file hides what only some files do (a file-wide `#if`,
// a `#if … #else` around half the file, huge switch statements), so the largest few are compared.
// usage: npm run build && node bench/largest-files.mjs DIR [files=5] [edits=80]
import { execFileSync } from 'child_process';
import { readdirSync, statSync } from 'fs';
import { join, relative } from 'path';
import { fileURLToPath } from 'url';

const [dir, count = '5', edits = '80'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench/largest-files.mjs DIR [files=5] [edits=80]');
  process.exit(2);
}

function sourceFiles(d, out = []) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.(c|cc|cpp|cxx|h|hpp)$/i.test(e.name)) out.push({ path: p, size: statSync(p).size });
  }
  return out;
}

const bench = fileURLToPath(new URL('./edit-latency.mjs', import.meta.url));
const largest = sourceFiles(dir)
  .sort((a, b) => b.size - a.size)
  .slice(0, Number(count));
const p95 = (out, kind) => new RegExp(`${kind}:.*?p95 ([\\d.]+) ms`).exec(out)?.[1] ?? '-';
console.log('file'.padEnd(60), 'lines'.padStart(7), 'valid p95'.padStart(10), 'error p95'.padStart(10));
for (const { path } of largest) {
  let out;
  try {
    out = execFileSync(process.execPath, [bench, '0', edits, `--file=${path}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // A file with no statement line to edit (a header of declarations only) has no figures.
    out = String(e.stdout ?? '');
  }
  const lines = /, (\d+) lines,/.exec(out)?.[1] ?? '-';
  console.log(
    relative(dir, path).padEnd(60),
    lines.padStart(7),
    p95(out, 'valid code').padStart(10),
    p95(out, 'syntax error').padStart(10),
  );
}
