// A parsed source file: its text, tree-sitter tree and offset/position conversion.
import type { Edit, Node, Tree } from 'web-tree-sitter';
import { languageFor, loadBackgroundParsers, loadedParsers, loadParsers, SourceLanguage } from './parser';
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

/** Background parses share one set of parsers, so they run one at a time. */
let backgroundQueue: Promise<unknown> = Promise.resolve();

/**
 * parseSource for background work: the parse runs in slices of about `sliceMs`, with a turn of
 * the event loop between them, so that requests are answered while a large file is parsed.
 */
export function parseSourceInSlices(uri: string, text: string, sliceMs = 2): Promise<SourceFile> {
  const run = async (): Promise<SourceFile> => {
    const language = languageFor(uri);
    const reason = skipReason(text);
    if (reason) return new SourceFile(uri, text, language, undefined, reason);
    const parser = (await loadBackgroundParsers())[language];
    for (;;) {
      const deadline = performance.now() + sliceMs;
      const tree = parser.parse(text, null, { progressCallback: () => performance.now() > deadline });
      if (tree) return new SourceFile(uri, text, language, tree);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const result = backgroundQueue.then(run, run);
  backgroundQueue = result.catch(() => undefined);
  return result;
}

/**
 * Reparses `previous` after `edits` (in the order they were made) turned its text into `text`,
 * reusing the unchanged parts of its tree. `previous` keeps its own tree. Undefined when it
 * cannot (grammars still loading, no previous tree, or the new text must be skipped).
 *
 * Around syntax errors, tree-sitter's error recovery can build a different tree incrementally
 * than from scratch, and so give other findings than the CLI: when an error node touches what
 * the edits changed, the text is parsed again from scratch. (Errors elsewhere, such as the SAL
 * annotations and calling-convention macros every driver has, were parsed from scratch before.)
 */
export function reparseSource(previous: SourceFile, text: string, edits: Edit[]): SourceFile | undefined {
  const parsers = loadedParsers();
  if (!parsers || !previous.tree || skipReason(text)) return undefined;
  const parser = parsers[previous.language];
  const old = previous.tree.copy();
  let tree: Tree | null;
  let changed: { startIndex: number; endIndex: number }[] = [];
  try {
    for (const e of edits) old.edit(e);
    tree = parser.parse(text, old);
    if (tree?.rootNode.hasError) changed = [editedSpan(edits), ...old.getChangedRanges(tree)];
  } finally {
    old.delete();
  }
  if (tree && changed.some((r) => errorTouches(tree!.rootNode, r.startIndex, r.endIndex))) {
    tree.delete();
    tree = parser.parse(text);
  }
  return tree ? new SourceFile(previous.uri, text, previous.language, tree) : undefined;
}

/** One span, in the new text, that covers every edited range (wider is only more careful). */
function editedSpan(edits: Edit[]): { startIndex: number; endIndex: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const e of edits) {
    // Move the span so far into this edit's result, then add what this edit wrote.
    if (end >= e.oldEndIndex) end += e.newEndIndex - e.oldEndIndex;
    else if (end > e.startIndex) end = e.newEndIndex;
    start = Math.min(start, e.startIndex);
    end = Math.max(end, e.newEndIndex);
  }
  return { startIndex: start, endIndex: end };
}

/** Whether an ERROR or MISSING node overlaps or touches [start, end]. */
function errorTouches(root: Node, start: number, end: number): boolean {
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!n.hasError || n.endIndex < start || n.startIndex > end) continue;
    if (n.isError || n.isMissing) return true;
    for (const c of n.children) if (c) stack.push(c);
  }
  return false;
}
