// Findings per declaration (declarationUnits: top-level, or inside a group such as `#if`), kept
// across the edits of an open document: an edit re-checks the declarations it touched (and those
// that depend on what it changed), not the whole file.
//
// A declaration's findings are reused when its text and shape are unchanged and nothing they
// depend on changed: what the other files show (their facts and summaries, without positions),
// this file's facts but its summaries (handles, layers, field stores …), the summaries of the
// same-file functions it reaches by name, the texts of those it names, the file's global
// declarations, preprocessor lines and line ends, the target, and the other files its related
// locations point into. Every offset is moved through the edit between the two versions; one that
// falls inside the edit means a re-check. Typing inside one function re-checks that function and
// the ones that call it.
import type { Node, Tree } from '../parse/syntaxNode';
import type { WindowsTarget } from '../catalog';
import { findCatalogCalls } from '../analysis/calls';
import { declarationUnits, prototypeContext } from '../analysis/declarationUnits';
import { detached } from '../detached';
import { forgetDescendants } from '../analysis/descendants';
import { MemoryTree } from '../parse/treeMemory';
import { functionName } from '../analysis/functions';
import type { IndexedFile } from '../analysis/indexedFile';
import type { FunctionSummary } from '../analysis/summaries';
import { sharedSignature, summarySignatureText, type WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { commonEnds, differenceEdit } from '../parse/edits';
import { checkDeclaration, checkFileUnlessStopped } from './index';
import type { Finding } from './types';
import { nextTurn } from '../nextTurn';

/**
 * Runs `work` once the caller has done with this check's result what it does at once. The server
 * publishes it, and vscode-jsonrpc writes each message in an immediate of its own, queued after
 * any this check queued: work queued here for the next turn ran before the diagnostics went out
 * (25-30 ms on the first check of a 5,000-line file). One turn more lets them go first.
 */
function afterCaller(work: () => void): void {
  void nextTurn().then(work);
}

interface Entry {
  /** keyOf its declaration, an own copy (see keyOf). */
  key: string;
  start: number;
  findings: Finding[];
  /** Texts of the same-file function definitions the declaration names, when it was checked. */
  named: string;
  /** Versions of the other files its related locations point into. */
  elsewhere: [string, number][];
  /** The text just before it (a fix takes its brace style from a short look back). */
  leadIn: string;
  /** The summaries of the same-file functions it reaches by name, as other code sees them. */
  summaries: string;
  /** For a declaration that passes a completion function: the structs it was checked with (WFP2006). */
  layouts?: number;
}

interface State {
  parsedText: string;
  uri: string;
  target: WindowsTarget;
  /** What the other files show (their facts and summaries), and this file's facts but its summaries. */
  visible: number;
  shared: string;
  complete: boolean;
  context: string;
  entries: Map<string, Entry>;
  /** A finding fell outside every declaration: this file is always checked whole. */
  whole: boolean;
}

/** What a version's declarations are compared by at the next version (see the top of this file). */
interface Comparison {
  definitions: Map<string, Definition[]>;
  /** reachedSummaries of a declaration's text, with this version's summaries. */
  reached: (text: DeclarationText) => string;
  context: string;
  visible: number;
  shared: string;
  texts: DeclarationText[];
}

/** What a check saw of the index: the other files' generation, this file's shared facts and its facts. */
interface IndexSeen {
  visible: number;
  shared: string;
  own: IndexedFile | undefined;
}

/** Past this share of declarations to re-check, one pass over the file is cheaper. */
const WHOLE_FILE_SHARE = 0.2;
const MIN_WHOLE_FILE = 8;

function forgetParse(tree: Tree): void {
  forgetDescendants(tree);
  if (tree instanceof MemoryTree) tree.forgetNodes();
}

export class DeclarationFindings {
  /**
   * What the next version is compared with. What a provisional parse found in the declarations
   * error recovery may have shaped is left out of its entries (SourceFile.recoveredAround): they
   * are checked again next time; entries reused from earlier versions stay.
   */
  private state: State | undefined;
  /** Declarations checked on their own at the last call (for benches and tests). */
  lastChecked = 0;
  /**
   * The keys of the entries of the last version whose parse was not provisional: what a provisional
   * parse carries over (carryOver) and keeps of the texts, bounded by one version of the file.
   */
  private settled: ReadonlySet<string> = new Set();

  /** Entries kept for the next version, carried ones included (for benches and tests). */
  get keptEntries(): number {
    return this.state?.entries.size ?? 0;
  }

  /**
   * The findings of `file` (checkFile's, in its order). `yieldNow` is awaited between
   * declarations; `stop()` gives up (undefined) as soon as it says so.
   */
  async findings(
    file: SourceFile,
    target: WindowsTarget,
    index: WorkspaceIndex,
    stop: () => boolean = () => false,
    yieldNow: () => Promise<unknown> = async () => undefined,
  ): Promise<Finding[] | undefined> {
    try {
      return await this.check(file, target, index, stop, yieldNow);
    } finally {
      // The subtrees the facts and rules shared are not asked for again on this version, nor are
      // most of its nodes: requests make the few they need again. Let go of them once the caller
      // has published: walking every node made takes 5-10 ms after an open.
      const tree = file.tree;
      if (tree) afterCaller(() => forgetParse(tree));
    }
  }

  private async check(
    file: SourceFile,
    target: WindowsTarget,
    index: WorkspaceIndex,
    stop: () => boolean,
    yieldNow: () => Promise<unknown>,
  ): Promise<Finding[] | undefined> {
    if (!file.tree) return [];
    this.pending?.();
    const own = index.factsOf(file.uri);
    const shared = own ? sharedSignature(own) : '';
    const visible = index.visibleGenerationElsewhere(file.uri);
    const prev = this.state;
    const comparable =
      prev &&
      !prev.whole &&
      prev.uri === file.uri &&
      prev.target === target &&
      prev.visible === visible &&
      prev.shared === shared &&
      // Only the rules on handles never destroyed and on pends never completed wait for a
      // complete index, on this file's creates and pends.
      (prev.complete === index.complete || (!own?.facts.handles.length && !own?.facts.pairedCalls.length));
    // Nothing to reuse (an open): what the next version compares with is read after the publish.
    if (!comparable) return this.wholeFirst(file, target, index, { visible, shared, own }, stop, yieldNow);
    const nodes = declarationUnits(file.tree.rootNode);
    const keys = keysOf(nodes);
    const at = this.comparison(file, target, nodes, keys, { visible, shared, own });
    const { texts, definitions, reached } = at;
    const usable = prev.context === at.context;
    const move = usable ? mover(prev.parsedText, file.parsedText) : undefined;
    const next = new Map<string, Entry>();
    const missing: number[] = [];
    const out: Finding[] = [];
    for (const [i, node] of nodes.entries()) {
      const old = usable ? prev.entries.get(keys[i]) : undefined;
      const reused =
        old &&
        move &&
        move(old.start) === node.startIndex &&
        old.named === namedTexts(node, texts[i].names, definitions) &&
        old.leadIn === leadIn(file, node) &&
        old.summaries === reached(texts[i]) &&
        old.elsewhere.every(([u, v]) => index.fileVersion(u) === v) &&
        (old.layouts === undefined || old.layouts === index.layoutGeneration)
          ? moved(old, move, file.uri, (o) => file.positionAt(o).line)
          : undefined;
      if (reused) {
        next.set(reused.key, reused);
        out.push(...reused.findings);
      } else missing.push(i);
    }
    this.lastChecked = missing.length;
    if (missing.length > Math.max(MIN_WHOLE_FILE, nodes.length * WHOLE_FILE_SHARE)) {
      return this.whole(file, target, index, nodes, at, stop, yieldNow);
    }
    for (const i of missing) {
      await yieldNow();
      if (stop() || !file.tree?.rootNode) return undefined;
      const node = nodes[i];
      const findings = checkDeclaration(file, target, index, node);
      const entry = entryFor(file, node, texts[i], findings, definitions, reached, index);
      if (!file.recoveredAround(node)) next.set(entry.key, entry);
      out.push(...findings);
    }
    await yieldNow();
    if (stop() || !file.tree?.rootNode) return undefined;
    if (file.provisional && move) carryOver(prev.entries, next, move, file, this.settled);
    else if (!file.provisional) this.settled = new Set(next.keys());
    this.state = {
      parsedText: file.parsedText,
      uri: file.uri,
      target,
      visible,
      shared: detached(shared),
      complete: index.complete,
      context: detached(at.context),
      entries: next,
      whole: false,
    };
    return out.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  }

  /**
   * What is read of each declaration's text, kept by declaration key so that an edit reads only
   * the declarations it changed: the completion functions its catalog calls pass ('' for none;
   * for one target) and the names it mentions.
   */
  private texts = new Map<string, DeclarationText>();
  private textsTarget: WindowsTarget | undefined;
  /** Numbers the declaration texts read so far: equal numbers, equal texts. */
  private textCount = 0;
  /**
   * The numbers of the last version's texts, by key: a text read again (one error recovery may
   * have shaped is not kept in `texts`) keeps its number, so what names it is not checked again.
   */
  private textIds = new Map<string, number>();
  /** Numbers this file's summary signatures, kept across versions: equal numbers, equal signatures. */
  private signatureIds: SignatureIds = { next: 0, ids: new Map() };
  /** reachedSummaries by declaration text, for the summaries they were read with. */
  private reachedBy = {
    summaries: new Map<string, Summarised>(),
    byText: new WeakMap<DeclarationText, string>(),
  };

  private textsOf(
    file: SourceFile,
    target: WindowsTarget,
    nodes: readonly Node[],
    keys: string[],
  ): DeclarationText[] {
    const known = target === this.textsTarget ? this.texts : new Map<string, never>();
    const next = new Map<string, DeclarationText>();
    const ids = new Map<string, number>();
    const out = nodes.map((node, i) => {
      let got = next.get(keys[i]) ?? known.get(keys[i]);
      const read = !got;
      got ??= detached({
        key: keys[i],
        textAt: keys[i].length - (node.endIndex - node.startIndex),
        id: this.textIds.get(keys[i]) ?? this.textCount++,
        defines: (node.type === 'function_definition'
          ? [node]
          : node.descendantsOfType('function_definition')
        ).flatMap((def) => {
          const name = def ? functionName(def) : undefined;
          return def && name ? [{ name, offset: def.startIndex - node.startIndex }] : [];
        }),
        passed: findCatalogCalls(file, target, node).map((c) => {
          const at = c.fn.params.findIndex((p) => p.role === 'completionFn');
          return at >= 0 && c.args.length === c.fn.params.length ? (c.args[at]?.text ?? '') : '';
        }),
        names: [...new Set(node.text.match(/[A-Za-z_]\w*/g) ?? [])],
      });
      // What error recovery may have shaped is read again next time (see SourceFile.provisional).
      if (!read || !file.recoveredAround(node)) next.set(got.key, got);
      ids.set(got.key, got.id);
      return got;
    });
    // As the entries are (carryOver), texts that may come back are kept while the parse is provisional.
    if (file.provisional)
      for (const [key, text] of known) if (!next.has(key) && this.settled.has(key)) next.set(key, text);
    this.texts = next;
    this.textIds = ids;
    this.textsTarget = target;
    return out;
  }

  /** The file's preprocessor lines and the text they were read from. */
  private directives: { text: string; lines: string } | undefined;

  /** The file's preprocessor lines, read again only when an edit touches a line with a '#'. */
  private directiveLines(text: string): string {
    const before = this.directives;
    if (before && (before.text === text || !touchesDirective(before.text, text))) {
      this.directives = { text, lines: before.lines };
      return before.lines;
    }
    const lines = detached((text.match(/^[ \t]*#.*$/gm) ?? []).join('\n'));
    this.directives = { text, lines };
    return lines;
  }

  private async whole(
    file: SourceFile,
    target: WindowsTarget,
    index: WorkspaceIndex,
    nodes: readonly Node[],
    at: Comparison,
    stop: () => boolean,
    yieldNow: () => Promise<unknown>,
  ): Promise<Finding[] | undefined> {
    await yieldNow();
    if (stop() || !file.tree?.rootNode) return undefined;
    // Rule by rule, with a turn of the event loop between them: a whole check (at open, after the
    // workspace is indexed) takes long enough for hovers to wait behind it otherwise.
    const all = await checkFileUnlessStopped(file, target, index, stop);
    if (!all) return undefined;
    this.lastChecked = nodes.length;
    this.keepWhole(file, target, index.complete, index, nodes, all, at);
    return all;
  }

  /**
   * A whole check where nothing could be reused: the texts, summaries and file-level context that
   * the next version is compared with are read once its findings are published (about a tenth of
   * an open's check), or when the next check starts, whichever comes first, as the check saw the
   * index. Once the document has moved on (`stop()`) nothing is kept: the next check is whole.
   */
  private async wholeFirst(
    file: SourceFile,
    target: WindowsTarget,
    index: WorkspaceIndex,
    at: IndexSeen,
    stop: () => boolean,
    yieldNow: () => Promise<unknown>,
  ): Promise<Finding[] | undefined> {
    const nodes = declarationUnits(file.tree!.rootNode);
    await yieldNow();
    if (stop() || !file.tree?.rootNode) return undefined;
    const complete = index.complete;
    const layoutGeneration = index.layoutGeneration;
    const all = await checkFileUnlessStopped(file, target, index, stop);
    if (!all) return undefined;
    this.lastChecked = nodes.length;
    // What a provisional parse gave is not kept (see `state`).
    if (file.provisional) return all;
    // The versions of the files its findings point into, as the check saw them.
    const seen = new Map<string, number>();
    for (const f of all)
      for (const r of f.related ?? []) if (r.uri !== file.uri) seen.set(r.uri, index.fileVersion(r.uri));
    this.state = undefined;
    const remember = () => {
      if (this.pending !== remember) return;
      this.pending = undefined;
      if (stop() || !file.tree?.rootNode) return;
      // Read as the check saw the index: what it showed of the other files and of this one.
      const compared = this.comparison(file, target, nodes, keysOf(nodes), at);
      const asSeen = { fileVersion: (uri: string) => seen.get(uri) ?? -1, layoutGeneration };
      this.keepWhole(file, target, complete, asSeen, nodes, all, compared);
    };
    this.pending = remember;
    afterCaller(() => {
      try {
        remember();
      } catch {
        // Outside any request: a throw would end the server. Without it the next check is whole.
        this.state = undefined;
      }
    });
    return all;
  }

  /**
   * What the declarations of this version are compared by at the next one, with what the check
   * saw of the index.
   */
  private comparison(
    file: SourceFile,
    target: WindowsTarget,
    nodes: readonly Node[],
    keys: string[],
    at: IndexSeen,
  ): Comparison {
    const texts = this.textsOf(file, target, nodes, keys);
    const summaries = ownSummaries(at.own?.facts.summaries ?? []);
    this.signatureIds = signatureIds(summaries, this.signatureIds);
    const ids = this.signatureIds;
    // What a declaration reaches changes only with the summaries: kept per text while they stay.
    if (!sameSummaries(this.reachedBy.summaries, summaries))
      this.reachedBy = { summaries, byText: new WeakMap() };
    const byText = this.reachedBy.byText;
    return {
      texts,
      context: fileLevel(file, nodes, texts, this.directiveLines(file.text)),
      reached: (text) => {
        let got = byText.get(text);
        if (got === undefined) byText.set(text, (got = reachedSummaries(text.names, summaries, ids)));
        return got;
      },
      definitions: definitionsOf(nodes, texts),
      visible: at.visible,
      shared: at.shared,
    };
  }

  /** A pending wholeFirst's reading. */
  private pending: (() => void) | undefined;

  private keepWhole(
    file: SourceFile,
    target: WindowsTarget,
    complete: boolean,
    seen: IndexVersions,
    nodes: readonly Node[],
    all: Finding[],
    at: Comparison,
  ): void {
    const entries = new Map<string, Entry>();
    let placed = 0;
    for (const [i, node] of nodes.entries()) {
      const mine = all.filter((f) => f.start >= node.startIndex && f.start < node.endIndex);
      placed += mine.length;
      const entry = entryFor(file, node, at.texts[i], mine, at.definitions, at.reached, seen);
      if (!file.recoveredAround(node)) entries.set(entry.key, entry);
    }
    this.state = {
      parsedText: file.parsedText,
      uri: file.uri,
      target,
      visible: at.visible,
      shared: detached(at.shared),
      complete,
      context: detached(at.context),
      entries,
      whole: placed !== all.length,
    };
    if (!file.provisional) this.settled = new Set(entries.keys());
  }
}

/**
 * What rules read of the file outside the declaration they judge: its line ends, its global declarations, its
 * preprocessor lines (a macro that stands for NULL), and the completion functions its calls pass
 * (a missing one is offered from those first).
 */
function fileLevel(
  file: SourceFile,
  nodes: readonly Node[],
  texts: DeclarationText[],
  directives: string,
): string {
  // Fixes write the file's line ends.
  const eol = file.text.includes('\r\n') ? 'crlf' : 'lf';
  // fileContext's global declarations, from the texts already kept (a key ends with the text).
  let globals = '';
  let passed = '';
  let firstGlobal = true;
  let firstPassed = true;
  for (const [i, node] of nodes.entries()) {
    if (node.type === 'declaration') {
      // A prototype's parameters are read from its own declaration only (prototypeContext).
      const text = prototypeContext(node) ?? texts[i].key.slice(texts[i].textAt);
      globals += `${firstGlobal ? '' : '\n'}${text}`;
      firstGlobal = false;
    }
    for (const p of texts[i].passed) {
      passed += `${firstPassed ? '' : ','}${p}`;
      firstPassed = false;
    }
  }
  return `${file.envKey}\n${eol}\n${globals}\n${directives}\n${passed}`;
}

/**
 * Whether the lines an edit from `before` to `after` changed hold a '#' in either version: if not,
 * the preprocessor lines are the same.
 */
function touchesDirective(before: string, after: string): boolean {
  const { prefix, suffix } = commonEnds(before, after);
  const lineStart = before.lastIndexOf('\n', prefix - 1) + 1;
  return (
    hasHash(before, lineStart, before.length - suffix) || hasHash(after, lineStart, after.length - suffix)
  );
}

/** A '#' from `from` to the end of the line `to` falls in. */
function hasHash(text: string, from: number, to: number): boolean {
  const lineEnd = text.indexOf('\n', to);
  const end = lineEnd < 0 ? text.length : lineEnd;
  const at = text.indexOf('#', from);
  return at >= 0 && at < end;
}

/**
 * Text and shape: the same text can parse differently beside a syntax error. What is kept is an
 * own copy (entryFor, passedIn): a slice of the parse would keep that version's whole text alive.
 */
function keyOf(node: Node): string {
  return `${node.type}:${node.descendantCount}:${node.hasError}:${node.text}`;
}

/**
 * keyOf each declaration, numbered from the second of the same text on (`2#…`): the same comment
 * or prototype can stand several times in a file, and one key for all of them kept only the last
 * one's entry, so the others were checked again at every edit.
 */
function keysOf(nodes: readonly Node[]): string[] {
  const seen = new Map<string, number>();
  return nodes.map((node) => {
    const key = keyOf(node);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${count}#${key}`;
  });
}

/** What is read of a declaration's text (DeclarationFindings.textsOf), own copies. */
interface DeclarationText {
  key: string;
  /** Where the declaration's text starts in the key. */
  textAt: number;
  /** The same for the same key: what other declarations compare instead of this one's text. */
  id: number;
  /** The function definitions in it, by name, and where they start in it. */
  defines: { name: string; offset: number }[];
  passed: string[];
  /** The names it mentions, once each. */
  names: string[];
}

interface Definition {
  start: number;
  /** Its top-level declaration's text number (DeclarationText.id): the same number, the same text. */
  text: number;
  /** Where it starts in that declaration. */
  offset: number;
}

/** Same-file function definitions by name, from what is kept of each declaration's text. */
function definitionsOf(nodes: readonly Node[], texts: DeclarationText[]): Map<string, Definition[]> {
  const out = new Map<string, Definition[]>();
  for (const [i, node] of nodes.entries()) {
    for (const { name, offset } of texts[i].defines) {
      const def = { start: node.startIndex + offset, text: texts[i].id, offset };
      const same = out.get(name);
      if (same) same.push(def);
      else out.set(name, [def]);
    }
  }
  return out;
}

/**
 * The other same-file definitions a declaration names (calls, or passes as a callback), by their
 * text: a number per declaration text and the offset in it, not the texts themselves.
 */
function namedTexts(node: Node, mentioned: string[], definitions: Map<string, Definition[]>): string {
  let out = '';
  for (const name of mentioned) {
    const defs = definitions.get(name);
    if (!defs) continue;
    for (const d of defs)
      if (d.start < node.startIndex || d.start >= node.endIndex) out += `${name}:${d.text}+${d.offset}\n`;
  }
  return out;
}

/** The text a fix's style may look back into before the declaration. */
function leadIn(file: SourceFile, node: Node): string {
  return file.parsedText.slice(Math.max(0, node.startIndex - LEAD_IN), node.startIndex);
}

const LEAD_IN = 64;

function entryFor(
  file: SourceFile,
  node: Node,
  text: DeclarationText,
  findings: Finding[],
  definitions: Map<string, Definition[]>,
  reached: (text: DeclarationText) => string,
  index: IndexVersions,
): Entry {
  const elsewhere = new Map<string, number>();
  for (const f of findings)
    for (const r of f.related ?? []) if (r.uri !== file.uri) elsewhere.set(r.uri, index.fileVersion(r.uri));
  return {
    key: text.key,
    ...detached({
      start: node.startIndex,
      findings,
      named: namedTexts(node, text.names, definitions),
      elsewhere: [...elsewhere],
      leadIn: leadIn(file, node),
      summaries: reached(text),
      layouts: text.passed.some((fn) => fn !== '') ? index.layoutGeneration : undefined,
    }),
  };
}

/** The version of a file as the check saw it (WorkspaceIndex.fileVersion). */
type VersionOf = (uri: string) => number;

/** What an entry records of the index it was checked with. */
interface IndexVersions {
  fileVersion: VersionOf;
  layoutGeneration: number;
}

interface Summarised {
  signature: string;
  /** Names its summary mentions: callees and the locals handed to them (callbacks). */
  names: string[];
}

/** This file's function summaries by name, as other code sees them. */
function ownSummaries(list: FunctionSummary[]): Map<string, Summarised> {
  const out = new Map<string, Summarised>();
  for (const s of list) {
    const one = summarised(s);
    const before = out.get(s.name);
    out.set(
      s.name,
      before
        ? { signature: `${before.signature}|${one.signature}`, names: [...before.names, ...one.names] }
        : one,
    );
  }
  return out;
}

/** Per summary, made once: a summary an edit only moved shares its `calls` with the one before. */
const summarisedByCalls = new WeakMap<FunctionSummary['calls'], Summarised>();

function summarised(s: FunctionSummary): Summarised {
  let one = summarisedByCalls.get(s.calls);
  if (!one) {
    const names = s.calls.flatMap((c) => [
      c.callee,
      ...c.args.flatMap((a) => (a && 'local' in a ? [a.local] : [])),
    ]);
    summarisedByCalls.set(s.calls, (one = { signature: summarySignatureText(s), names }));
  }
  return one;
}

/** Whether two versions' summaries have the same signatures and names, function by function. */
function sameSummaries(a: Map<string, Summarised>, b: Map<string, Summarised>): boolean {
  if (a.size !== b.size) return false;
  for (const [name, s] of b) {
    const t = a.get(name);
    if (t === s) continue;
    if (!t || t.signature !== s.signature || t.names.length !== s.names.length) return false;
    if (t.names.some((n, i) => n !== s.names[i])) return false;
  }
  return true;
}

/** A number per summary signature text, kept across versions (numbers of gone signatures are dropped). */
interface SignatureIds {
  next: number;
  ids: Map<string, number>;
}

function signatureIds(summaries: Map<string, Summarised>, before: SignatureIds): SignatureIds {
  const ids = new Map<string, number>();
  let next = before.next;
  for (const s of summaries.values())
    if (!ids.has(s.signature)) ids.set(s.signature, before.ids.get(s.signature) ?? next++);
  return { next, ids };
}

/**
 * The summaries of the same-file functions a declaration names, and of those they name, and so on:
 * their names and signature numbers (equal numbers, equal signatures).
 */
function reachedSummaries(
  mentioned: string[],
  summaries: Map<string, Summarised>,
  signatures: SignatureIds,
): string {
  const todo: string[] = [];
  for (const n of mentioned) if (summaries.has(n)) todo.push(n);
  if (!todo.length) return '';
  const reached = new Set<string>();
  while (todo.length) {
    const n = todo.pop()!;
    if (reached.has(n)) continue;
    reached.add(n);
    for (const m of summaries.get(n)!.names) if (summaries.has(m) && !reached.has(m)) todo.push(m);
  }
  return [...reached]
    .sort()
    .map((n) => `${n}:${signatures.ids.get(summaries.get(n)!.signature)}`)
    .join('\n');
}

/** Maps an offset of the old text to the new one; undefined inside the changed span. */
type Move = (offset: number) => number | undefined;

function mover(before: string, after: string): Move {
  const e = differenceEdit(before, after);
  const delta = e.newEndIndex - e.oldEndIndex;
  return (o) => {
    if (o < e.startIndex) return o;
    return o >= e.oldEndIndex && (o > e.startIndex || e.oldEndIndex === e.startIndex) ? o + delta : undefined;
  };
}

/**
 * Adds to `next` the entries of `before` it lacks, moved through the edit. While a parse is
 * provisional, what its error recovery may have shaped is not kept (SourceFile.recoveredAround):
 * when the text from before an error comes back (an error typed and deleted in a declaration
 * beside an old one), what was found then is reused. Only the entries of the last version that
 * was not provisional (`settled`) are carried, so a long streak keeps one version's worth; they go
 * at the first parse that is not provisional.
 */
function carryOver(
  before: ReadonlyMap<string, Entry>,
  next: Map<string, Entry>,
  move: Move,
  file: SourceFile,
  settled: ReadonlySet<string>,
): void {
  for (const [key, old] of before) {
    if (next.has(key) || !settled.has(key)) continue;
    const carried = moved(old, move, file.uri, (o) => file.positionAt(o).line);
    if (carried) next.set(key, carried);
  }
}

/** The entry with every offset moved, or undefined when one cannot be. */
function moved(entry: Entry, move: Move, uri: string, lineAt: (offset: number) => number): Entry | undefined {
  const at = (o: number) => move(o);
  const findings: Finding[] = [];
  for (const f of entry.findings) {
    const start = at(f.start);
    const end = at(f.end);
    if (start === undefined || end === undefined) return undefined;
    const fixes = [];
    for (const fix of f.fixes) {
      const edits = [];
      for (const e of fix.edits) {
        const s = at(e.start);
        const t = at(e.end);
        if (s === undefined || t === undefined) return undefined;
        edits.push({ ...e, start: s, end: t });
      }
      fixes.push({ ...fix, edits });
    }
    let related = f.related;
    if (related?.some((r) => r.uri === uri)) {
      // A related location in this file moves with the edit, and its line with it.
      const out = [];
      for (const r of related) {
        if (r.uri !== uri) {
          out.push(r);
          continue;
        }
        const s = at(r.start);
        const t = at(r.end);
        if (s === undefined || t === undefined) return undefined;
        out.push({ ...r, start: s, end: t, line: lineAt(s) });
      }
      related = out;
    }
    findings.push({ ...f, start, end, fixes, ...(related ? { related } : {}) });
  }
  const start = at(entry.start);
  return start === undefined ? undefined : { ...entry, start, findings };
}
