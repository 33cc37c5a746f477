// Expands the CLI's path arguments into the C/C++ files to check.
import * as fs from 'fs';
import * as path from 'path';
import { SOURCE_EXTENSIONS } from '../parse/parser';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vs']);

export function collectSourceFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) {
      if (explicit) missing.push(p);
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        if (!SKIP_DIRS.has(entry)) walk(path.join(p, entry), false);
      }
    } else if (explicit || SOURCE_EXTENSIONS.has(path.extname(p).toLowerCase())) {
      files.push(p);
    }
  };
  paths.forEach((p) => walk(p, true));
  return { files, missing };
}
