// Which driver each file belongs to. A repository often holds several drivers side by side (the
// samples of one kit, one folder per injection type), each defining its own `InjectComplete` or
// `gInjectionHandle`: indexed together, one driver's names stand for the other's, or none does.
// A Visual Studio solution (`*.sln`) marks a driver's folder: it holds the driver and the
// libraries it is built with (`sys/` and `syslib/` beside each other). The index gives each
// driver its view (WorkspaceIndex.viewFor); files under no solution are read with every driver.
import * as fs from 'fs';
import * as path from 'path';
import { filePath } from '../fileUris';

/** The nearest folder at or above a file's that holds a `.sln` ('' when none does), cached per folder. */
export function solutionResolver(): (file: string) => string {
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
  return (file) => solutionOf(path.dirname(path.resolve(file)));
}

/** The solution folder of each file URI, for WorkspaceIndex.setGrouping ('' off disk). */
export function solutionGrouping(): (uri: string) => string {
  const resolve = solutionResolver();
  return (uri) => {
    const p = filePath(uri);
    return p ? resolve(p) : '';
  };
}
