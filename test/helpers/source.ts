// Parses inline C text for engine tests; `|` marks the cursor where a test needs one.
import { errorNodes, parseSource, type SourceFile } from '../../server/src/parse/document';

export async function parseC(text: string, uri = 'file:///test.c'): Promise<SourceFile> {
  return parseSource(uri, text);
}

/** Removes the first `|` and returns the text and the cursor offset. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('no | cursor in test text');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** ERROR and MISSING nodes in a parse: a fix may not add any. */
export function errorCount(file: SourceFile): number {
  return file.tree ? errorNodes(file.tree.rootNode) : 0;
}
