// Extracts the parameter names (in order) of every fwpsk function from Microsoft's DDI pages:
// the 2018 C declarations and today's `### -param` headings. The result is committed as
// test/fixtures/reference/prototypes.json so the catalog test runs anywhere.
// usage: node scripts/extract-reference-prototypes.mjs <reference-dir> [out.json]
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'fs';
import { join } from 'path';

export function extract(referenceDir) {
  const result = {};
  const add = (file, key, params) => {
    const fn = file.replace(/^nf-fwpsk-/, '').replace(/\.md$/, '');
    (result[fn] ??= {})[key] = params;
  };
  const ddi = join(referenceDir, 'ddi');
  for (const file of readdirSync(ddi)
    .filter((f) => f.startsWith('nf-fwpsk-'))
    .sort()) {
    const text = readFileSync(join(ddi, file), 'utf8');
    add(
      file,
      'current',
      [...text.matchAll(/^### -param\s+(\w+)/gm)].map((m) => m[1]),
    );
  }
  const old = join(ddi, 'syntax-2018');
  if (existsSync(old)) {
    for (const file of readdirSync(old)
      .filter((f) => f.startsWith('nf-fwpsk-'))
      .sort()) {
      const text = readFileSync(join(old, file), 'utf8');
      const block = /^## -syntax[\s\S]*?````\s*\n([\s\S]*?)````/m.exec(text);
      if (!block) continue;
      const inner = /\(([\s\S]*)\)/.exec(block[1]);
      if (!inner) continue;
      const params = inner[1]
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p && p !== 'void')
        .map((p) => /(\w+)\s*$/.exec(p)?.[1]);
      add(file, 'syntax2018', params);
    }
  }
  return result;
}

if (process.argv[1] && process.argv[1].endsWith('extract-reference-prototypes.mjs')) {
  const [dir, out = 'test/fixtures/reference/prototypes.json'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node scripts/extract-reference-prototypes.mjs <reference-dir> [out.json]');
    process.exit(2);
  }
  writeFileSync(out, JSON.stringify(extract(dir), null, 1) + '\n');
  console.log(`wrote ${out}`);
}
