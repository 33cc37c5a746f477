// A parsed source file: its text, tree-sitter tree and offset/position conversion.
import type { Edit, Node as WasmNode, Tree as WasmTree } from 'web-tree-sitter';
import {
  languageFor,
  loadBackgroundParser,
  loadedParser,
  loadParser,
  wasmHeap,
  type SourceLanguage,
} from './parser';
import type { Node, Tree } from './syntaxNode';
import { syntaxTree } from './treeMemory';
import { skipReason } from './inputGuard';
import { sameTokensEdit } from './sameTokens';
import { differenceEdit } from './edits';
import { preprocess, type Preprocessed } from './preprocess';
import { shiftedPreprocess } from './preprocessShift';
import { DEFAULT_ENV, type PreprocessEnv } from './preprocessEnv';
import { setTreeMacros } from './treeMacros';
import { nextTurn } from '../nextTurn';

export interface Position {
  line: number;
  character: number;
}

export class SourceFile {
  private lineStarts: number[] | undefined;
  private current: WasmTree | undefined;
  private view: Tree | undefined;

  constructor(
    readonly uri: string,
    readonly text: string,
    readonly language: SourceLanguage,
    tree: WasmTree | undefined,
    /** Why the file was not parsed, if it was not. */
    readonly skipped?: string,
    /**
     * What tree-sitter parsed: `text` with annotations and inactive branches blanked (same length,
     * so every offset is the user's). Node texts come from it. Undefined for a raw parse.
     */
    readonly pre?: Preprocessed,
    /** The preprocessing environment the parse was made in (none for a raw parse). */
    readonly env?: PreprocessEnv,
  ) {
    this.current = tree;
  }

  /**
   * An incremental parse where a syntax error touches the last edit: error recovery may have read
   * the text otherwise than a parse from scratch would, so what is read from it is not kept for
   * later versions (documents.ts replaces it by a parse from scratch).
   */
  provisional = false;

  /**
   * Where a provisional parse's error recovery may differ from a parse from scratch: the top-level
   * declarations around what changed while an error touched it. Empty when not provisional.
   */
  recovered: readonly TextRange[] = [];

  /**
   * Whether error recovery may have shaped `node` otherwise than a parse from scratch: what is
   * read from it is not kept for later versions (what is read elsewhere in the file is).
   */
  recoveredAround(node: TextRange): boolean {
    return this.recovered.some((r) => node.startIndex <= r.endIndex && node.endIndex >= r.startIndex);
  }

  /** Undefined when the file was skipped (see `skipped`), or once disposed. */
  get tree(): Tree | undefined {
    if (!this.current) return undefined;
    if (!this.view) {
      this.view = this.background
        ? (this.current as unknown as Tree)
        : syntaxTree(this.current, this.parsedText, wasmHeap());
      if (this.env) setTreeMacros(this.view, this.env);
    }
    return this.view;
  }

  /**
   * Read through web-tree-sitter's own nodes, not from memory: background indexing keeps the
   * server's heap small (nodes read from memory are kept once made, and a file extracted in
   * slices would keep them past young collections), where speed matters less. Set before the
   * tree is first read.
   */
  background = false;

  /** web-tree-sitter's tree, for parsing again from it. */
  get wasmTree(): WasmTree | undefined {
    return this.current;
  }

  get envKey(): string {
    return this.env?.key ?? '';
  }

  /** The text the tree was parsed from. */
  get parsedText(): string {
    return this.pre?.text ?? this.text;
  }

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

  /**
   * Frees the tree's wasm memory. The tree is gone afterwards (`tree` is undefined), so that work
   * that held the file across a turn of the event loop sees it instead of reading freed memory;
   * nodes taken from it before must not be used again.
   */
  dispose(): void {
    this.current?.delete();
    this.current = undefined;
    this.view = undefined;
  }
}

/**
 * Parses a text into a SourceFile; huge or binary input is kept unparsed with a reason. `env` says
 * what the preprocessing layer knows ('raw': parse the text as it is, for comparisons).
 */
export async function parseSource(
  uri: string,
  text: string,
  languageId?: string,
  env: PreprocessEnv | 'raw' = DEFAULT_ENV,
): Promise<SourceFile> {
  const language = languageFor(uri, languageId);
  const reason = skipReason(text);
  if (reason) return new SourceFile(uri, text, language, undefined, reason);
  const parser = await loadParser(language);
  if (env === 'raw') return new SourceFile(uri, text, language, parser.parse(text) ?? undefined);
  const pre = preprocess(text, language, env);
  const tree = parser.parse(pre.text) ?? undefined;
  const file = new SourceFile(uri, text, language, tree, undefined, pre, env);
  if (languageId || !mayBeCpp(file)) return file;
  return fewerErrors(file, await parseSource(uri, text, 'cpp', env));
}

/**
 * A `.h` opened without a language (the CLI, the workspace scan) is parsed as C; when that parse
 * has errors it may be a C++ header (default arguments, namespaces, classes), so it is parsed as
 * C++ too and the parse with fewer errors is kept. Editors name the language themselves.
 */
function mayBeCpp(file: SourceFile): boolean {
  return file.language === 'c' && /\.h$/i.test(file.uri) && !!file.tree?.rootNode.hasError;
}

/** The parse of the two with fewer ERROR and MISSING nodes (the first when even); the other is freed. */
function fewerErrors(c: SourceFile, cpp: SourceFile): SourceFile {
  const keepCpp = !!cpp.tree && errorNodes(cpp.tree.rootNode) < errorNodes(c.tree!.rootNode);
  (keepCpp ? c : cpp).dispose();
  return keepCpp ? cpp : c;
}

/** Background parses share one set of parsers, so they run one at a time. */
let backgroundQueue: Promise<unknown> = Promise.resolve();

/**
 * parseSource for background work: the parse runs in slices of about `sliceMs`, with a turn of
 * the event loop between them, so that requests are answered while a large file is parsed.
 */
export function parseSourceInSlices(
  uri: string,
  text: string,
  sliceMs = 2,
  env: PreprocessEnv = DEFAULT_ENV,
): Promise<SourceFile> {
  const run = async (): Promise<SourceFile> => {
    const language = languageFor(uri);
    const reason = skipReason(text);
    if (reason) return new SourceFile(uri, text, language, undefined, reason);
    const inSlices = async (language: SourceLanguage): Promise<SourceFile> => {
      const parser = await loadBackgroundParser(language);
      const pre = preprocess(text, language, env);
      for (;;) {
        // Preprocessing a large file is a slice of its own (~1 ms per 1,000 lines).
        await nextTurn();
        const deadline = performance.now() + sliceMs;
        const tree = parser.parse(pre.text, null, { progressCallback: () => performance.now() > deadline });
        if (tree) {
          const file = new SourceFile(uri, text, language, tree, undefined, pre, env);
          file.background = true;
          return file;
        }
      }
    };
    const file = await inSlices(language);
    return mayBeCpp(file) ? fewerErrors(file, await inSlices('cpp')) : file;
  };
  const result = backgroundQueue.then(run, run);
  // Waits for the parse without keeping it: `catch` alone would hold the last file and its text.
  backgroundQueue = result.then(
    () => undefined,
    () => undefined,
  );
  return result;
}

/**
 * Reparses `previous` after its text became `text`, reusing the unchanged parts of its tree.
 * `previous` keeps its own tree. Undefined when it cannot (grammars still loading, no previous
 * tree, another preprocessing environment, or the new text must be skipped).
 *
 * The tree edit is the difference between the two preprocessed texts, not the user's edits: an
 * edit on a `#if` line can blank or restore text far from it.
 *
 * Around syntax errors, tree-sitter's error recovery can build a different tree incrementally
 * than from scratch, and so give other findings than the CLI: the parse is `provisional` when an
 * error node touches what changed (or still stands in the declarations a provisional parse
 * recovered), and documents.ts replaces it by a parse from scratch.
 */
export function reparseIncrementally(
  previous: SourceFile,
  text: string,
  env: PreprocessEnv = DEFAULT_ENV,
): SourceFile | undefined {
  const parser = loadedParser(previous.language);
  if (!parser || !previous.wasmTree || !previous.pre || skipReason(text)) return undefined;
  // A keystroke that only retypes identifiers shifts the previous preprocessing. Another
  // environment (macros learned once the workspace is indexed, another target) preprocesses the
  // text anew; the tree depends on the preprocessed text alone, so it is still reused where that
  // did not change (a parse from scratch of a 5,000-line file: ~30 ms in one call).
  const pre =
    (previous.envKey === env.key ? shiftedPreprocess(previous.text, previous.pre, text, env) : undefined) ??
    preprocess(text, previous.language, env);
  const edit = differenceEdit(previous.parsedText, pre.text);
  const old = previous.wasmTree!.copy();
  let tree: WasmTree | null;
  let changed: { startIndex: number; endIndex: number }[] = [];
  const same = previous.recovered.length
    ? undefined
    : sameTokensEdit(previous.tree!, previous.language, previous.parsedText, pre.text, edit);
  if (same) {
    // The same tokens: the previous tree with the edit applied is the parse (sameTokens.ts).
    old.edit(same);
    return new SourceFile(previous.uri, text, previous.language, old, undefined, pre, env);
  }
  try {
    old.edit(edit);
    tree = parser.parse(pre.text, old);
    if (tree?.rootNode.hasError)
      changed = [{ startIndex: edit.startIndex, endIndex: edit.newEndIndex }, ...old.getChangedRanges(tree)];
  } finally {
    old.delete();
  }
  if (!tree) return undefined;
  const root = tree.rootNode;
  const file = new SourceFile(previous.uri, text, previous.language, tree, undefined, pre, env);
  // A provisional base passes its error recovery on where errors remain in what it recovered; an
  // error elsewhere in the file (one the file had when it was opened) keeps nothing provisional.
  const recovered = [...changed, ...previous.recovered.map((r) => throughEdit(r, edit))].filter((r) =>
    errorTouches(root, r.startIndex, r.endIndex),
  );
  file.recovered = disjoint(recovered.map((r) => topLevelAround(root, r)));
  file.provisional = recovered.length > 0;
  return file;
}

export interface TextRange {
  startIndex: number;
  endIndex: number;
}

/** Where `r` of the text before `edit` lies after it (grown to cover the edit where they meet). */
function throughEdit(r: TextRange, edit: Edit): TextRange {
  const delta = edit.newEndIndex - edit.oldEndIndex;
  if (r.endIndex < edit.startIndex) return r;
  if (r.startIndex > edit.oldEndIndex)
    return { startIndex: r.startIndex + delta, endIndex: r.endIndex + delta };
  return {
    startIndex: Math.min(r.startIndex, edit.startIndex),
    endIndex: Math.max(r.endIndex + delta, edit.newEndIndex),
  };
}

/** The same ranges, sorted, those that meet made one: typing beside an error adds one at each keystroke. */
function disjoint(ranges: TextRange[]): TextRange[] {
  const out: TextRange[] = [];
  for (const r of [...ranges].sort((a, b) => a.startIndex - b.startIndex)) {
    const last = out[out.length - 1];
    if (last && r.startIndex <= last.endIndex) last.endIndex = Math.max(last.endIndex, r.endIndex);
    else out.push({ ...r });
  }
  return out;
}

/**
 * `r` grown to the top-level declarations it meets: error recovery reshapes the declaration that
 * holds the error, and what changed is only where the two trees differ.
 */
function topLevelAround(root: WasmNode, r: TextRange): TextRange {
  // The first children that end after the range's first and last character.
  const first = root.firstChildForIndex(r.startIndex);
  const last = root.firstChildForIndex(Math.max(r.startIndex, r.endIndex - 1));
  return {
    startIndex: Math.min(r.startIndex, first?.startIndex ?? r.startIndex),
    endIndex: Math.max(r.endIndex, last ? last.endIndex : root.endIndex),
  };
}

/**
 * ERROR and MISSING nodes in the parse `file` would get after `edits`, or undefined when that
 * cannot be known synchronously (grammars not loaded, a raw or skipped file). A fix that adds
 * some is not applied unasked: error recovery can make its insertion read differently.
 */
export function errorCountAfter(file: SourceFile, text: string): number | undefined {
  const parser = loadedParser(file.language);
  if (!parser || !file.tree || !file.env || skipReason(text)) return undefined;
  const tree = parser.parse(preprocess(text, file.language, file.env).text);
  if (!tree) return undefined;
  try {
    return errorNodes(tree.rootNode);
  } finally {
    tree.delete();
  }
}

/** ERROR and MISSING nodes under `root`. */
export function errorNodes(root: Node | WasmNode): number {
  let count = 0;
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) count++;
    if (n.hasError) for (const c of n.children) if (c) stack.push(c);
  }
  return count;
}

/** Whether an ERROR or MISSING node overlaps or touches [start, end]. */
function errorTouches(root: WasmNode, start: number, end: number): boolean {
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!n.hasError || n.endIndex < start || n.startIndex > end) continue;
    if (n.isError || n.isMissing) return true;
    for (const c of n.children) if (c) stack.push(c);
  }
  return false;
}
