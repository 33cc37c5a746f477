// Indexes every C/C++ file of the workspace folders in the background, yielding between files
// so that requests on open documents are answered meanwhile.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import type { WindowsTarget } from './catalog';
import type { WorkspaceIndex } from './analysis/workspaceIndex';
import { collectSourceFiles } from './cli/files';
import { indexedFileInSlices } from './analysis/indexedFile';
import { parseSourceInSlices } from './parse/document';
import { mentionsWfp } from './parse/inputGuard';

export interface ScanProgress {
  report(done: number, total: number): void;
}

/** Files indexed at most; past this the index stays incomplete and whole-program rules stay silent. */
export const MAX_WORKSPACE_FILES = 20000;

export async function scanWorkspace(
  folders: string[],
  index: WorkspaceIndex,
  target: WindowsTarget,
  isOpen: (uri: string) => boolean,
  progress: ScanProgress,
  log: (message: string) => void,
): Promise<void> {
  const dirs = folders.map((f) => (f.startsWith('file:') ? fileURLToPath(f) : f)).filter((d) => fs.existsSync(d));
  const { files } = collectSourceFiles(dirs);
  const todo = files.slice(0, MAX_WORKSPACE_FILES);
  const started = Date.now();
  for (let i = 0; i < todo.length; i++) {
    const uri = pathToFileURL(path.resolve(todo[i])).href;
    if (!isOpen(uri)) await indexFile(todo[i], uri, index, target, log, isOpen);
    if (i % 10 === 0) progress.report(i, todo.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  index.complete = files.length <= MAX_WORKSPACE_FILES;
  log(`Indexed ${todo.length} C/C++ files in ${Date.now() - started} ms${index.complete ? '' : ` (stopped at ${MAX_WORKSPACE_FILES})`}.`);
}

/**
 * Parses a file from disk into the index (or removes it when it is gone or skipped). A file
 * opened in the editor meanwhile (`isOpen`) is left to its open document.
 */
export async function indexFile(
  filePath: string,
  uri: string,
  index: WorkspaceIndex,
  target: WindowsTarget,
  log: (m: string) => void,
  isOpen: (uri: string) => boolean = () => false,
): Promise<void> {
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch {
    index.remove(uri);
    return;
  }
  if (!mentionsWfp(text)) {
    index.remove(uri);
    return;
  }
  // Sliced parse and extraction: a 250 KB file would otherwise hold requests up for 300 ms.
  const file = await parseSourceInSlices(uri, text);
  try {
    if (file.skipped) log(`Skipped ${uri}: ${file.skipped}.`);
    if (!file.tree) index.remove(uri);
    else {
      const entry = await indexedFileInSlices(file, target);
      if (!isOpen(uri)) index.store(uri, entry);
    }
  } finally {
    file.dispose();
  }
}
