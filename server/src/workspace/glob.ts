// Wildcards for command lines whose shell leaves them to the program: cmd.exe and PowerShell
// pass `cases\leak_*.c` through as it is. `*` and `?` match within one path segment, `**`
// matches any number of folders. Case-insensitive where file names are (Windows).
import * as fs from 'fs';
import * as path from 'path';

export function hasWildcards(arg: string): boolean {
  return /[*?]/.test(arg);
}

/** Folders `**` does not descend into. */
export type SkipDir = (name: string) => boolean;

/** The paths that match `pattern`, sorted; folders as well as files. */
export function expandWildcards(pattern: string, skipDir: SkipDir = () => false): string[] {
  const windows = path.sep === '\\';
  const segments = pattern.split(windows ? /[\\/]+/ : /\/+/);
  // The part before the first wildcard is a plain path: keep it as typed ('' for an absolute pattern).
  const first = segments.findIndex(hasWildcards);
  const fixed = segments.slice(0, first);
  const base = first === 0 ? '' : fixed.join(path.sep) || path.sep;
  const matches = new Set<string>();
  const join = (dir: string, name: string) => {
    if (dir === '') return name;
    return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
  };
  const entries = (dir: string): fs.Dirent[] => {
    try {
      return fs.readdirSync(dir === '' ? '.' : dir, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  const walk = (dir: string, rest: string[]) => {
    if (!rest.length) {
      if (dir !== '') matches.add(dir);
      return;
    }
    const [segment, ...tail] = rest;
    if (segment === '**') {
      walk(dir, tail);
      for (const e of entries(dir)) if (e.isDirectory() && !skipDir(e.name)) walk(join(dir, e.name), rest);
      return;
    }
    if (!hasWildcards(segment)) {
      const next = join(dir, segment);
      if (fs.existsSync(next)) walk(next, tail);
      return;
    }
    const re = segmentPattern(segment, windows);
    for (const e of entries(dir)) {
      if (!re.test(e.name)) continue;
      // A match that is not a folder can only end the pattern.
      if (tail.length && !(e.isDirectory() || (e.isSymbolicLink() && isDirectory(join(dir, e.name)))))
        continue;
      walk(join(dir, e.name), tail);
    }
  };
  walk(base, segments.slice(first));
  return [...matches].sort();
}

function segmentPattern(segment: string, caseInsensitive: boolean): RegExp {
  const body = segment
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
}

function isDirectory(p: string): boolean {
  return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
