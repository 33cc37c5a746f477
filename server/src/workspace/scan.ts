// Indexes every C/C++ file of the workspace folders in the background, yielding between files
// so that requests on open documents are answered meanwhile.
import * as fs from 'fs';
import * as path from 'path';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { addFileStats, emptyStats, formatStats, type ParseStats } from '../analysis/parseStats';
import { filePath as uriPath, fileUri, pathKey } from '../fileUris';
import type { ProjectEnvironment } from '../project/environment';
import { parseIntoIndex } from './indexSource';
import { collectSourceFiles } from './sourceFiles';
import { isIndexed, readSourceText } from './sourceText';
import { indexUnrelated } from './unloadRoutines';
import { nextTurn } from '../nextTurn';

export interface ScanProgress {
  report(done: number, total: number): void;
}

/** Files indexed at most; past this the index stays incomplete and whole-program rules stay silent. */
export const MAX_WORKSPACE_FILES = 20000;

export async function scanWorkspace(
  folders: string[],
  index: WorkspaceIndex,
  project: ProjectEnvironment,
  isOpen: (uri: string) => boolean,
  progress: ScanProgress,
  log: (message: string) => void,
): Promise<void> {
  const dirs = folders
    .map((f) => (f.startsWith('file:') ? uriPath(f) : f))
    .filter((d): d is string => !!d && fs.existsSync(d));
  const { files } = collectSourceFiles(dirs);
  const todo = files.slice(0, MAX_WORKSPACE_FILES);
  const started = Date.now();
  // First the macros every file defines (a header's `#define MY_API NTAPI` applies where it is
  // included), so that each file is parsed once, in the environment it will keep.
  for (let i = 0; i < todo.length; i++) {
    const source = readSourceText(todo[i]);
    if (source && source.role !== 'skipped') project.record(pathKey(todo[i]), source.text);
    if (i % 50 === 49) await nextTurn();
  }
  const stats = emptyStats();
  for (let i = 0; i < todo.length; i++) {
    const uri = fileUri(path.resolve(todo[i]));
    if (!isOpen(uri)) await indexFile(todo[i], uri, index, project, log, isOpen, stats);
    if (i % 10 === 0) progress.report(i, todo.length);
    await nextTurn();
  }
  index.complete = files.length <= MAX_WORKSPACE_FILES;
  log(
    `Indexed ${todo.length} C/C++ files in ${Date.now() - started} ms${index.complete ? '' : ` (stopped at ${MAX_WORKSPACE_FILES})`}.`,
  );
  log(`Parse: ${formatStats(stats)} (files not open in the editor).`);
}

/**
 * Parses a file from disk into the index (or removes it when it is gone or skipped). A file
 * opened in the editor meanwhile (`isOpen`, which must compare by fileKey) is left to its open
 * document. Returns whether the
 * macros learned from the file changed (then open documents must be parsed again).
 */
export async function indexFile(
  filePath: string,
  uri: string,
  index: WorkspaceIndex,
  project: ProjectEnvironment,
  log: (m: string) => void,
  isOpen: (uri: string) => boolean = () => false,
  stats?: ParseStats,
): Promise<boolean> {
  const source = readSourceText(filePath);
  if (!source) {
    index.remove(uri);
    project.forget(pathKey(filePath));
    return false;
  }
  if (source.role === 'skipped') {
    log(`Skipped ${uri}: ${source.skipped}.`);
    index.remove(uri);
    return project.forget(pathKey(filePath));
  }
  const learned = project.learn(pathKey(filePath), source.text);
  if (!isIndexed(source.role)) {
    indexUnrelated(index, uri, source.text);
    return learned;
  }
  // Sliced parse and extraction: a 250 KB file would otherwise hold requests up for 300 ms.
  const file = await parseIntoIndex(filePath, uri, source.text, index, project, {
    sliceMs: 2,
    isOpen,
    stamp: true,
  });
  try {
    if (file.tree && stats) addFileStats(stats, file, project.targetFor(filePath));
  } finally {
    file.dispose();
  }
  return learned;
}
