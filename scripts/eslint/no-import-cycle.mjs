// ESLint rule: no import cycle between the project's own modules, type-only imports included.
// import-x/no-cycle skips `import type` because it vanishes at run time; a cycle of types still
// ties files together so that none can be read, moved or tested without the others.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.d.ts', '.mjs', '.cjs', '.js'];

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

// Only relative specifiers: a package never imports back into the project.
function resolveImport(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.[cm]?js$/, '');
  const candidates = [
    base,
    ...EXTENSIONS.map((ext) => stem + ext),
    ...EXTENSIONS.map((ext) => path.join(base, 'index' + ext)),
  ];
  return candidates.find(isFile);
}

// Every import, export-from, require() and import() of a text, type-only ones too.
function importsIn(file, text) {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((ref) => ({ ref, target: resolveImport(file, ref.fileName) }))
    .filter((edge) => edge.target !== undefined);
}

// Imports of the files on disk, read once per version of the file.
const onDisk = new Map();
function importsOnDisk(file) {
  const { mtimeMs, size } = statSync(file);
  const cached = onDisk.get(file);
  if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.targets;
  const targets = [...new Set(importsIn(file, readFileSync(file, 'utf8')).map((edge) => edge.target))];
  onDisk.set(file, { mtimeMs, size, targets });
  return targets;
}

// The shortest chain of imports from `start` back to `file`, or undefined.
function pathBack(start, file) {
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === file) {
      const chain = [];
      for (let step = current; step !== undefined; step = cameFrom.get(step)) chain.unshift(step);
      return chain;
    }
    for (const next of importsOnDisk(current)) {
      if (!cameFrom.has(next)) {
        cameFrom.set(next, current);
        queue.push(next);
      }
    }
  }
  return undefined;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between modules, counting type-only imports' },
    schema: [],
    messages: {
      cycle: 'Import cycle: {{chain}}. Move what both sides need into a module below them.',
    },
  },
  create(context) {
    const file = context.physicalFilename;
    if (!path.isAbsolute(file)) return {};
    return {
      Program() {
        const { sourceCode } = context;
        const seen = new Set();
        for (const { ref, target } of importsIn(file, sourceCode.text)) {
          if (target === file || seen.has(target)) continue;
          seen.add(target);
          const chain = pathBack(target, file);
          if (!chain) continue;
          const names = [file, ...chain].map((step) =>
            path.relative(context.cwd, step).replaceAll('\\', '/'),
          );
          context.report({
            loc: { start: sourceCode.getLocFromIndex(ref.pos), end: sourceCode.getLocFromIndex(ref.end) },
            messageId: 'cycle',
            data: { chain: names.join(' → ') },
          });
        }
      },
    };
  },
};

export default { meta: { name: 'wfp-local' }, rules: { 'no-import-cycle': rule } };
