// Which driver each file belongs to. A repository often holds several drivers side by side (the
// samples of one kit, one folder per injection type), each defining its own `InjectComplete` or
// `gInjectionHandle`: indexed together, one driver's names stand for the other's, or none does.
// A Visual Studio solution (`*.sln`) marks a driver's folder: it holds the driver and the
// libraries it is built with (`sys/` and `syslib/` beside each other).
import * as fs from 'fs';
import * as path from 'path';

/** The nearest folder at or above each file's that holds a `.sln`; '' when none does. */
export function solutionFolders(files: string[]): Map<string, string> {
  const known = new Map<string, string>();
  const solutionOf = (dir: string): string => {
    const cached = known.get(dir);
    if (cached !== undefined) return cached;
    let found = '';
    try {
      if (fs.readdirSync(dir).some((e) => e.toLowerCase().endsWith('.sln'))) found = dir;
    } catch {
      // An unreadable folder holds no solution we can see.
    }
    const parent = path.dirname(dir);
    if (!found && parent !== dir) found = solutionOf(parent);
    known.set(dir, found);
    return found;
  };
  return new Map(files.map((f) => [f, solutionOf(path.dirname(path.resolve(f)))]));
}

/**
 * The files to index together for checking each group: a solution's own files and the files
 * outside every solution (shared headers); those outside are checked with everything, as when
 * there is no solution at all.
 */
export function indexGroups<T extends { path: string }>(sources: T[]): { check: T[]; index: T[] }[] {
  const folders = solutionFolders(sources.map((s) => s.path));
  const bySolution = new Map<string, T[]>();
  for (const s of sources) {
    const folder = folders.get(s.path) ?? '';
    bySolution.set(folder, [...(bySolution.get(folder) ?? []), s]);
  }
  const outside = bySolution.get('') ?? [];
  const groups = [...bySolution]
    .filter(([folder]) => folder)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, own]) => ({ check: own, index: [...own, ...outside] }));
  if (outside.length) groups.push({ check: outside, index: sources });
  return groups;
}
