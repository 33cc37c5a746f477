// A parsed source file: its text, tree-sitter tree and offset/position conversion.
import type { Edit, Node, Tree } from 'web-tree-sitter';
import { languageFor, loadedParsers, loadParsers, SourceLanguage } from './parser';
import { skipReason } from './inputGuard';

export interface Position {
  line: number;
  character: number;
}

export class SourceFile {
  private lineStarts: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly text: string,
    readonly language: SourceLanguage,
    /** Undefined when the file was skipped (see `skipped`). */
    readonly tree: Tree | undefined,
    /** Why the file was not parsed, if it was not. */
    readonly skipped?: string,
  ) {}

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  offsetAt(pos: Position): number {
    const starts = this.starts();
    if (pos.line >= starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] : this.text.length;
    return Math.max(starts[pos.line], Math.min(starts[pos.line] + pos.character, lineEnd));
  }

  positionAt(offset: number): Position {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  }

  /** Start of the top-level declaration around `offset`: a safe place to start lexing. */
  topLevelStart(offset: number): number {
    if (!this.tree) return 0;
    const root = this.tree.rootNode;
    const child = root.firstChildForIndex(Math.max(0, offset - 1));
    if (!child || child.startIndex > offset) {
      // Between declarations: lex from the end of the previous one, or from its start when it
      // is broken (a half-typed construct the cursor may still be inside).
      let prev: Node | null = null;
      for (const c of root.children) {
        if (c && c.endIndex <= offset) prev = c;
      }
      if (!prev) return 0;
      return prev.hasError || prev.isMissing ? prev.startIndex : prev.endIndex;
    }
    return child.startIndex;
  }

  /** Frees the tree's wasm memory; the file must not be used afterwards. */
  dispose(): void {
    this.tree?.delete();
  }
}

/** Parses a text into a SourceFile; huge or binary input is kept unparsed with a reason. */
export async function parseSource(uri: string, text: string, languageId?: string): Promise<SourceFile> {
  const language = languageFor(uri, languageId);
  const reason = skipReason(text);
  if (reason) return new SourceFile(uri, text, language, undefined, reason);
  const parsers = await loadParsers();
  const tree = parsers[language].parse(text) ?? undefined;
  return new SourceFile(uri, text, language, tree);
}

/**
 * Reparses `previous` after `edits` (in the order they were made) turned its text into `text`,
 * reusing the unchanged parts of its tree. `previous` keeps its own tree. Undefined when it
 * cannot (grammars still loading, no previous tree, or the new text must be skipped).
 *
 * Where the text has syntax errors, tree-sitter's error recovery can build a different tree
 * incrementally than from scratch, and so give other findings than the CLI: such text is
 * parsed again from scratch.
 */
export function reparseSource(previous: SourceFile, text: string, edits: Edit[]): SourceFile | undefined {
  const parsers = loadedParsers();
  if (!parsers || !previous.tree || skipReason(text)) return undefined;
  const parser = parsers[previous.language];
  const old = previous.tree.copy();
  let tree: Tree | null;
  try {
    for (const e of edits) old.edit(e);
    tree = parser.parse(text, old);
  } finally {
    old.delete();
  }
  if (tree?.rootNode.hasError) {
    tree.delete();
    tree = parser.parse(text);
  }
  return tree ? new SourceFile(previous.uri, text, previous.language, tree) : undefined;
}
