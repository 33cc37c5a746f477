// Parses inline C text for engine tests; `|` marks the cursor where a test needs one.
import type { Node } from 'web-tree-sitter';
import { parseSource, type SourceFile } from '../../server/src/parse/document';

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
  let count = 0;
  const stack: Node[] = file.tree ? [file.tree.rootNode] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) count++;
    if (n.hasError) for (const c of n.children) if (c) stack.push(c);
  }
  return count;
}
