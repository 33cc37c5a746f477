// Parse and index one source text in its project's environment: the step the server's workspace
// scan, its file watcher and the CLI share.
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { indexedFile, indexedFileInSlices } from '../analysis/indexedFile';
import { detached } from '../detached';
import { sourceStamp } from '../diskChecks';
import { parseSource, parseSourceInSlices, type SourceFile } from '../parse/document';
import type { ProjectEnvironment } from '../project/environment';
import { nextTurn } from '../nextTurn';

export interface IndexOptions {
  /**
   * Parse and extract in slices of about this many milliseconds with a turn of the event loop
   * between them (the server, so requests are answered meanwhile); at once when undefined (CLI).
   */
  sliceMs?: number;
  /** Opened in the editor meanwhile: the open document speaks for the file, the disk copy is not stored. */
  isOpen?: (uri: string) => boolean;
  /** Keep what the facts were made from (sourceStamp), so a check of the file can tell they are its own (the server). */
  stamp?: boolean;
}

/**
 * Parses `text` (the file at `filePath`, known as `uri`) and stores its facts in the index; a
 * file that cannot be parsed (skipped) is removed from it. Returns the parse, which the caller
 * disposes.
 */
export async function parseIntoIndex(
  filePath: string,
  uri: string,
  text: string,
  index: WorkspaceIndex,
  project: ProjectEnvironment,
  options: IndexOptions = {},
): Promise<SourceFile> {
  const target = project.targetFor(filePath);
  const env = project.envFor(filePath);
  const sliced = options.sliceMs !== undefined;
  const file = sliced
    ? await parseSourceInSlices(uri, text, options.sliceMs, env)
    : await parseSource(uri, text, undefined, env);
  if (!file.tree) {
    index.remove(uri);
    return file;
  }
  try {
    const entry = sliced
      ? await indexedFileInSlices(file, target, options.sliceMs)
      : indexedFile(file, target);
    // Copying the facts out of the text and comparing them with the file's last ones: one more slice.
    if (sliced) await nextTurn();
    // Kept for as long as the file is unchanged: names cut from its text would keep the whole text.
    if (!options.isOpen?.(uri))
      index.store(
        uri,
        detached(entry),
        options.stamp ? sourceStamp(text, file.language, file.envKey, target) : undefined,
      );
  } catch (err) {
    file.dispose();
    throw err;
  }
  return file;
}
