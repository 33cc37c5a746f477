// Findings per top-level declaration, kept across the edits of an open document: an edit re-checks
// the declarations it touched (and those that depend on what it changed), not the whole file.
//
// A declaration's findings are reused when its text and shape are unchanged and nothing they
// depend on changed: what the other files show (their facts and summaries, without positions),
// this file's facts but its summaries (handles, layers, field stores …), the summaries of the
// same-file functions it reaches by name, the texts of those it names, the file's global
// declarations, preprocessor lines and line ends, the target, and the other files its related
// locations point into. Every offset is moved through the edit between the two versions; one that
// falls inside the edit means a re-check. Typing inside one function re-checks that function and
// the ones that call it.
import type { Node } from 'web-tree-sitter';
import type { WindowsTarget } from '../catalog';
import { findCatalogCalls } from '../analysis/calls';
import { fileContext } from '../analysis/facts';
import { detached } from '../analysis/indexedFile';
import { forgetDescendants } from '../analysis/descendants';
import { functionName } from '../analysis/functions';
import type { FunctionSummary } from '../analysis/summaries';
import { sharedSignature, summarySignatureText, type WorkspaceIndex } from '../analysis/workspaceIndex';
import { differenceEdit, type SourceFile } from '../parse/document';
import { checkDeclaration, checkFileUnlessStopped } from './index';
import type { Finding } from './types';

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

/** Past this share of declarations to re-check, one pass over the file is cheaper. */
const WHOLE_FILE_SHARE = 0.2;
const MIN_WHOLE_FILE = 8;

export class DeclarationFindings {
  private state: State | undefined;
  /** Declarations checked on their own at the last call (for benches and tests). */
  lastChecked = 0;

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
      // The subtrees the facts and rules shared are not asked for again on this version.
      if (file.tree) forgetDescendants(file.tree);
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
    const nodes = file.tree.rootNode.children.filter((n): n is Node => !!n);
    const keys = nodes.map(keyOf);
    const texts = this.textsOf(file, target, nodes, keys);
    const context = fileLevel(file, texts.flatMap((t) => t.passed).join(','));
    const own = index.factsOf(file.uri);
    const shared = own ? sharedSignature(own) : '';
    const summaries = ownSummaries(own?.facts.summaries ?? []);
    const visible = index.visibleGenerationElsewhere(file.uri);
    const prev = this.state;
    const usable =
      prev &&
      !prev.whole &&
      prev.uri === file.uri &&
      prev.target === target &&
      prev.visible === visible &&
      prev.shared === shared &&
      prev.complete === index.complete &&
      prev.context === context;
    const move = usable ? mover(prev.parsedText, file.parsedText) : undefined;
    const definitions = definitionsOf(nodes);
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
        old.summaries === reachedSummaries(texts[i].names, summaries) &&
        old.elsewhere.every(([u, v]) => index.fileVersion(u) === v)
          ? moved(old, move, file.uri, (o) => file.positionAt(o).line)
          : undefined;
      if (reused) {
        next.set(reused.key, reused);
        out.push(...reused.findings);
      } else missing.push(i);
    }
    this.lastChecked = missing.length;
    if (missing.length > Math.max(MIN_WHOLE_FILE, nodes.length * WHOLE_FILE_SHARE)) {
      return this.whole(
        file,
        target,
        index,
        nodes,
        { definitions, summaries, context, visible, shared, texts },
        stop,
        yieldNow,
      );
    }
    for (const i of missing) {
      await yieldNow();
      if (stop() || !file.tree?.rootNode) return undefined;
      const node = nodes[i];
      const findings = checkDeclaration(file, target, index, node);
      const entry = entryFor(file, node, texts[i], findings, definitions, summaries, index);
      next.set(entry.key, entry);
      out.push(...findings);
    }
    await yieldNow();
    if (stop() || !file.tree?.rootNode) return undefined;
    this.state = {
      parsedText: file.parsedText,
      uri: file.uri,
      target,
      visible,
      shared: detached(shared),
      complete: index.complete,
      context: detached(context),
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

  private textsOf(file: SourceFile, target: WindowsTarget, nodes: Node[], keys: string[]): DeclarationText[] {
    const known = target === this.textsTarget ? this.texts : new Map<string, never>();
    const next = new Map<string, DeclarationText>();
    const out = nodes.map((node, i) => {
      let got = next.get(keys[i]) ?? known.get(keys[i]);
      got ??= detached({
        key: keys[i],
        passed: findCatalogCalls(file, target, node).map((c) => {
          const at = c.fn.params.findIndex((p) => p.role === 'completionFn');
          return at >= 0 && c.args.length === c.fn.params.length ? (c.args[at]?.text ?? '') : '';
        }),
        names: [...new Set(node.text.match(/[A-Za-z_]\w*/g) ?? [])],
      });
      next.set(got.key, got);
      return got;
    });
    this.texts = next;
    this.textsTarget = target;
    return out;
  }

  private async whole(
    file: SourceFile,
    target: WindowsTarget,
    index: WorkspaceIndex,
    nodes: Node[],
    at: {
      definitions: Map<string, Definition[]>;
      summaries: Map<string, Summarised>;
      context: string;
      visible: number;
      shared: string;
      texts: DeclarationText[];
    },
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
    const entries = new Map<string, Entry>();
    let placed = 0;
    for (const [i, node] of nodes.entries()) {
      const mine = all.filter((f) => f.start >= node.startIndex && f.start < node.endIndex);
      placed += mine.length;
      const entry = entryFor(file, node, at.texts[i], mine, at.definitions, at.summaries, index);
      entries.set(entry.key, entry);
    }
    this.state = {
      parsedText: file.parsedText,
      uri: file.uri,
      target,
      visible: at.visible,
      shared: detached(at.shared),
      complete: index.complete,
      context: detached(at.context),
      entries,
      whole: placed !== all.length,
    };
    return all;
  }
}

/**
 * What rules read of the file outside the declaration they judge: its line ends, its global declarations, its
 * preprocessor lines (a macro that stands for NULL), and the completion functions its calls pass
 * (a missing one is offered from those first).
 */
function fileLevel(file: SourceFile, passed: string): string {
  const directives = file.text.match(/^[ \t]*#.*$/gm) ?? [];
  // Fixes write the file's line ends.
  const eol = file.text.includes('\r\n') ? 'crlf' : 'lf';
  return `${eol}\n${fileContext(file)}\n${directives.join('\n')}\n${passed}`;
}

/**
 * Text and shape: the same text can parse differently beside a syntax error. What is kept is an
 * own copy (entryFor, passedIn): a slice of the parse would keep that version's whole text alive.
 */
function keyOf(node: Node): string {
  return `${node.type}:${node.descendantCount}:${node.hasError}:${node.text}`;
}

/** What is read of a declaration's text (DeclarationFindings.textsOf), own copies. */
interface DeclarationText {
  key: string;
  passed: string[];
  /** The names it mentions, once each. */
  names: string[];
}

interface Definition {
  start: number;
  text: string;
}

/** Same-file function definitions by name. */
function definitionsOf(nodes: Node[]): Map<string, Definition[]> {
  const out = new Map<string, Definition[]>();
  for (const node of nodes) {
    for (const def of node.type === 'function_definition'
      ? [node]
      : node.descendantsOfType('function_definition')) {
      const name = def ? functionName(def) : undefined;
      if (def && name) out.set(name, [...(out.get(name) ?? []), { start: def.startIndex, text: def.text }]);
    }
  }
  return out;
}

/** The texts of the other same-file definitions a declaration names (calls, or passes as a callback). */
function namedTexts(node: Node, mentioned: string[], definitions: Map<string, Definition[]>): string {
  let out = '';
  for (const name of mentioned) {
    for (const d of definitions.get(name) ?? [])
      if (d.start < node.startIndex || d.start >= node.endIndex) out += `${name}\n${d.text}\n`;
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
  summaries: Map<string, Summarised>,
  index: WorkspaceIndex,
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
      summaries: reachedSummaries(text.names, summaries),
    }),
  };
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

/** The summaries of the same-file functions a declaration names, and of those they name, and so on. */
function reachedSummaries(mentioned: string[], summaries: Map<string, Summarised>): string {
  const todo = mentioned.filter((n) => summaries.has(n));
  const reached = new Set<string>();
  while (todo.length) {
    const n = todo.pop()!;
    if (reached.has(n)) continue;
    reached.add(n);
    for (const m of summaries.get(n)!.names) if (summaries.has(m) && !reached.has(m)) todo.push(m);
  }
  return [...reached]
    .sort()
    .map((n) => `${n}:${summaries.get(n)!.signature}`)
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
