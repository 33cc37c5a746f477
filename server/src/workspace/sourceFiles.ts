// The C/C++ files under the given files, folders or wildcard patterns: the CLI's arguments, the
// server's workspace folders.
import * as fs from 'fs';
import * as path from 'path';
import { languageFor, SOURCE_EXTENSIONS } from '../parse/parser';
import { expandWildcards, hasWildcards } from './glob';

const SKIP_DIRS = new Set(['node_modules', '.git', '.vs']);

/** The folder an argument names or is in; for a wildcard pattern, the folder before the first wildcard. */
export function folderOf(arg: string): string {
  if (fs.statSync(arg, { throwIfNoEntry: false })?.isDirectory()) return arg;
  const wildcard = arg.search(/[*?]/);
  return path.dirname(wildcard < 0 ? arg : arg.slice(0, wildcard) + '_');
}

export function collectSourceFiles(paths: string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
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
    } else if ((explicit || SOURCE_EXTENSIONS.has(path.extname(p).toLowerCase())) && !seen.has(p)) {
      seen.add(p);
      files.push(p);
    }
  };
  for (const arg of paths) {
    // One separator style per report: the platform's (a `/` typed on Windows becomes `\`).
    const p = path.sep === '\\' ? arg.replace(/\//g, '\\') : arg;
    if (!hasWildcards(p) || fs.existsSync(p)) {
      walk(p, true);
      continue;
    }
    // The shell left the wildcards alone (cmd.exe, PowerShell): expand them here. Matches are
    // filtered like a folder's files, so `*` does not pick up README.md.
    const matches = expandWildcards(p, (name) => SKIP_DIRS.has(name));
    if (!matches.length) missing.push(arg);
    matches.forEach((m) => walk(m, false));
  }
  return { files, missing };
}

/**
 * Whether a C++ source is among the first `limit` entries under the folders, nearest first. The
 * server then loads the C++ grammar at start, as the workspace index would soon after; a scan of
 * a large tree, or of a slow network drive, stops early (`budgetMs`) rather than hold the start up.
 */
export function hasCppSources(folders: string[], limit = 5000, budgetMs = 50): boolean {
  const queue = [...folders];
  const deadline = Date.now() + budgetMs;
  let seen = 0;
  for (let i = 0; i < queue.length && seen < limit && Date.now() <= deadline; i++) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(queue[i], { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > limit) break;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) queue.push(path.join(queue[i], entry.name));
      } else if (languageFor(entry.name) === 'cpp') return true;
    }
  }
  return false;
}
