// A small walk over statements in execution order, enough for ownership questions. Structured
// statements (blocks, if/else, loops, switch, __try) are walked in place; jumps (goto, break,
// continue, __leave, return) are followed where they land, through the __finally blocks they
// leave. Where control goes after a point is computed once per point: a path that comes back
// to a point still being walked (a loop's next round, a goto backwards) adds nothing new.
import type { Node, Tree } from '../parse/syntaxNode';
import { descendantsOf } from './descendants';
import { declaredName } from './declarators';

/**
 * 'fallthrough': control reaches the end of what was walked. 'none': the path joined one already
 * being walked. The others are the walker's answer for the path.
 */
export type PathResult = 'done' | 'exit' | 'unknown' | 'fallthrough' | 'none';

/** What a visitor says about one simple statement. */
export type Verdict = 'done' | 'continue' | 'unknown';

export interface Walker {
  /** Statements that are not control flow, and the conditions and updates of loops. */
  visit(stmt: Node): Verdict;
  /** Called for `return` (or the function's closing brace): 'done' when it settles the question. */
  onReturn(stmt: Node): 'done' | 'exit';
  /** Called for if/loop/switch/__try statements before descending: a verdict settles them. */
  visitCompound?(stmt: Node): Verdict;
  /** Called when a path reaches a label: 'done' settles the path there. */
  visitLabel?(stmt: Node): Verdict;
  /** The value of an if condition on this path, when the walker knows it (a status test). */
  choose?(ifStmt: Node): boolean | undefined;
  /** The cases of a switch this path can enter, when the walker knows (a switch on the status). */
  chooseCases?(switchStmt: Node): { enter: boolean[]; skip: boolean } | undefined;
}

export const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement', 'for_range_loop']);
const MAX_STEPS = 4000;
/** Walks nested deeper than this answer 'unknown' instead of exhausting the stack (goto ladders, deep blocks). */
const MAX_DEPTH = 400;

// 'some' (findings): a branch point's answer is its most decisive branch: one that settles the
// question settles it (lenient on purpose), one that leaves unsettled is enough for a path that
// does not. 'every' (proving a fix): its worst branch; one that falls through is walked on.
// 'leaves' (a leak before anything keeps the value): as 'some', but a branch that leaves the
// function outweighs one that settles (`if (now) inject(clone); else return;` loses the clone);
// a branch that falls through still yields to one that settles (else-if chains drivers know to
// be exhaustive), and one the walk cannot follow keeps the answer unknown.
export type PathMode = 'some' | 'every' | 'leaves';
const RANK: Record<PathMode, Record<PathResult, number>> = {
  some: { none: 0, fallthrough: 1, exit: 2, unknown: 3, done: 4 },
  every: { none: 0, done: 1, fallthrough: 2, exit: 3, unknown: 4 },
  leaves: { none: 0, fallthrough: 1, done: 2, exit: 3, unknown: 4 },
};

function combine(results: PathResult[], mode: PathMode = 'some'): PathResult {
  const rank = RANK[mode];
  return results.reduce<PathResult>((a, b) => (rank[b] > rank[a] ? b : a), 'none');
}

function statementChildren(block: Node): Node[] {
  return block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** The statements under a case label (`case 1: a(); b();` → a, b). */
function caseStatements(c: Node): Node[] {
  const value = c.childForFieldName('value');
  return statementChildren(c).filter((s) => s.id !== value?.id);
}

/** true/false when a loop condition is a constant (`for (;;)`, `while (TRUE)`, `while (0)`). */
function constantCondition(loop: Node): boolean | undefined {
  if (loop.type === 'for_range_loop') return undefined;
  const cond = loop.childForFieldName('condition');
  if (!cond) return loop.type === 'for_statement' ? true : undefined;
  const t = cond.text.replace(/[\s()]/g, '');
  if (/^(1|TRUE|true)$/.test(t)) return true;
  if (/^(0|FALSE|false)$/.test(t)) return false;
  return undefined;
}

function isAncestor(a: Node, n: Node): boolean {
  for (let p: Node | null = n; p; p = p.parent) if (p.id === a.id) return true;
  return false;
}

export class PathWalker {
  private steps = 0;
  private depth = 0;
  /** Looked up once per walk: with thousands of labels or statements, once per step is quadratic. */
  private labels: Map<string, Node> | undefined;
  private readonly blocks = new Map<number, Node[]>();
  private readonly memo = new Map<string, PathResult>();

  /**
   * `scope`: the block that declares the variable in question; a path leaving it has lost the
   * value, which the walker reports as 'exit'. Omit it for the function body.
   */
  constructor(
    private readonly fnBody: Node,
    private readonly w: Walker,
    private readonly scope?: Node,
    private readonly mode: PathMode = 'some',
  ) {}

  /** Walks `stmts` in order; 'fallthrough' when control reaches their end. */
  walkList(stmts: Node[]): PathResult {
    for (const s of stmts) {
      const r = this.walkStatement(s);
      if (r !== 'fallthrough') return r;
    }
    return 'fallthrough';
  }

  walkStatement(s: Node): PathResult {
    if (++this.steps > MAX_STEPS || this.depth >= MAX_DEPTH) return 'unknown';
    this.depth++;
    try {
      return this.walkStatementIn(s);
    } finally {
      this.depth--;
    }
  }

  private walkStatementIn(s: Node): PathResult {
    switch (s.type) {
      case 'compound_statement':
        return this.walkList(statementChildren(s));
      case 'if_statement': {
        const pre = this.pre(s);
        if (pre) return pre;
        const cons = s.childForFieldName('consequence');
        const alt = s.childForFieldName('alternative');
        const known = this.w.choose?.(s);
        if (known === true) return cons ? this.walkStatement(cons) : 'fallthrough';
        if (known === false) return alt ? this.walkElse(alt) : 'fallthrough';
        return combine(
          [cons ? this.walkStatement(cons) : 'fallthrough', alt ? this.walkElse(alt) : 'fallthrough'],
          this.mode,
        );
      }
      case 'switch_statement':
        return this.pre(s) ?? this.walkSwitch(s);
      case 'seh_try_statement': {
        const pre = this.pre(s);
        if (pre) return pre;
        const r = this.walkStatement(s.childForFieldName('body')!);
        return r === 'fallthrough' ? this.walkFinally(s) : r;
      }
      case 'return_statement':
        return this.leave(s, this.fnBody, () => this.w.onReturn(s), false);
      case 'goto_statement': {
        const label = s.childForFieldName('label')?.text;
        const target = label ? this.labelNamed(label) : undefined;
        return target ? this.leave(s, commonAncestor(s, target), () => this.fromLabel(target)) : 'unknown';
      }
      case 'labeled_statement': {
        const v = this.w.visitLabel?.(s);
        if (v === 'done' || v === 'unknown') return v;
        return this.walkList(statementChildren(s).filter((c) => c.type !== 'statement_identifier'));
      }
      case 'break_statement': {
        const target = this.enclosing(s, (p) => LOOPS.has(p.type) || p.type === 'switch_statement');
        return target ? this.leave(s, target, () => this.walkAfter(target)) : 'unknown';
      }
      case 'continue_statement': {
        const loop = this.enclosing(s, (p) => LOOPS.has(p.type));
        return loop ? this.leave(s, loop, () => this.nextRound(loop)) : 'unknown';
      }
      case 'seh_leave_statement': {
        const t = this.enclosing(s, (p) => p.type === 'seh_try_statement');
        return t ? this.leave(s, t, () => this.finishTry(t)) : 'unknown';
      }
      case 'try_statement':
        // C++ exceptions are not modelled.
        return this.w.visitCompound?.(s) === 'done' ? 'done' : 'unknown';
      default:
        if (LOOPS.has(s.type)) return this.pre(s) ?? this.walkLoop(s);
        if (s.type === 'ERROR' || s.hasError) return 'unknown';
        return this.visit(s);
    }
  }

  /** Continues after `stmt` finished normally: its following siblings, then outward. */
  walkAfter(stmt: Node): PathResult {
    return this.once(`after:${stmt.id}`, () => this.climb(stmt));
  }

  private climb(stmt: Node): PathResult {
    let cur: Node = stmt;
    for (;;) {
      const parent = cur.parent;
      if (!parent) return 'unknown';
      switch (parent.type) {
        case 'compound_statement': {
          if (parent.parent?.type === 'switch_statement') {
            cur = parent.parent;
            continue;
          }
          let siblings = this.blocks.get(parent.id);
          if (!siblings) this.blocks.set(parent.id, (siblings = statementChildren(parent)));
          const r = this.walkList(siblings.slice(siblings.findIndex((c) => c.id === cur.id) + 1));
          if (r !== 'fallthrough') return r;
          // Falling off the end returns nothing: the visitor sees the closing brace, not the body.
          if (parent.id === this.fnBody.id) return this.w.onReturn(parent.lastChild ?? parent);
          if (parent.id === this.scope?.id) return 'exit';
          cur = parent;
          continue;
        }
        case 'case_statement': {
          // The rest of this case, then fall through the cases below it.
          const rest = caseStatements(parent);
          const r = this.walkList(rest.slice(rest.findIndex((c) => c.id === cur.id) + 1));
          if (r !== 'fallthrough') return r;
          const cases = statementChildren(parent.parent!);
          const f = this.walkCasesFrom(cases, cases.findIndex((c) => c.id === parent.id) + 1);
          if (f !== 'fallthrough') return f;
          cur = parent.parent!.parent!;
          continue;
        }
        case 'if_statement':
        case 'else_clause':
        case 'labeled_statement':
        case 'switch_statement':
          cur = parent;
          continue;
        case 'seh_try_statement':
          return this.finishTry(parent);
        default:
          if (LOOPS.has(parent.type) && parent.childForFieldName('body')?.id === cur.id)
            return this.nextRound(parent);
          // After a __finally or __except block control depends on how it was entered.
          return 'unknown';
      }
    }
  }

  private visit(s: Node): PathResult {
    const v = this.w.visit(s);
    return v === 'continue' ? 'fallthrough' : v;
  }

  private pre(s: Node): PathResult | undefined {
    const v = this.w.visitCompound?.(s);
    return v === 'done' || v === 'unknown' ? v : undefined;
  }

  /** Memoised continuation; a path arriving while it is still being walked adds nothing. */
  private once(key: string, walk: () => PathResult): PathResult {
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    if (this.depth >= MAX_DEPTH) return 'unknown';
    this.memo.set(key, 'none');
    this.depth++;
    let r: PathResult;
    try {
      r = walk();
    } finally {
      this.depth--;
    }
    this.memo.set(key, r);
    return r;
  }

  private walkElse(alt: Node): PathResult {
    const body =
      alt.type === 'else_clause' ? alt.namedChildren.find((c) => !!c && c.type !== 'comment') : alt;
    return body ? this.walkStatement(body) : 'fallthrough';
  }

  /**
   * Every case is an entry; without `default` the switch may also be skipped. A walker that
   * knows the value switched on (the status) narrows the entries.
   */
  private walkSwitch(s: Node): PathResult {
    const cond = s.childForFieldName('condition');
    const v = cond ? this.visit(cond) : 'fallthrough';
    if (v !== 'fallthrough') return v;
    const cases = statementChildren(s.childForFieldName('body')!).filter((c) => c.type === 'case_statement');
    const known = this.w.chooseCases?.(s);
    const entries = cases.flatMap((_, i) => (!known || known.enter[i] ? [this.walkCasesFrom(cases, i)] : []));
    if (known ? known.skip : !cases.some((c) => !c.childForFieldName('value'))) entries.push('fallthrough');
    return combine(entries, this.mode);
  }

  /**
   * Each path through a switch the walker knows the value of (the status test itself), to the
   * end: a path leaving the switch goes on after it. For judging every failing status on its own.
   */
  switchPaths(s: Node): PathResult[] {
    const cond = s.childForFieldName('condition');
    const v = cond ? this.visit(cond) : 'fallthrough';
    if (v !== 'fallthrough') return [v];
    const cases = statementChildren(s.childForFieldName('body')!).filter((c) => c.type === 'case_statement');
    const known = this.w.chooseCases?.(s);
    if (!known) return ['unknown'];
    const entries = cases.flatMap((_, i) => (known.enter[i] ? [this.walkCasesFrom(cases, i)] : []));
    if (known.skip) entries.push('fallthrough');
    return entries.map((r) => (r === 'fallthrough' ? this.walkAfter(s) : r));
  }

  private walkCasesFrom(cases: Node[], i: number): PathResult {
    for (; i < cases.length; i++) {
      const r = this.walkList(caseStatements(cases[i]));
      if (r !== 'fallthrough') return r;
    }
    return 'fallthrough';
  }

  /** A loop reached from before it: skipped (when its condition may be false) or entered. */
  private walkLoop(loop: Node): PathResult {
    const init = loop.childForFieldName('initializer');
    const v = init ? this.visit(init) : 'fallthrough';
    if (v !== 'fallthrough') return v;
    if (loop.type === 'do_statement') return this.round(loop);
    const always = constantCondition(loop);
    const cond = this.condition(loop);
    if (cond !== 'fallthrough') return cond;
    return combine(
      [always === true ? 'none' : 'fallthrough', always === false ? 'none' : this.round(loop)],
      this.mode,
    );
  }

  /** One pass over the body; its end leads to the next round. */
  private round(loop: Node): PathResult {
    const r = this.walkStatement(loop.childForFieldName('body')!);
    return r === 'fallthrough' ? this.nextRound(loop) : r;
  }

  /** End of a pass (or `continue`): the update, the condition, then another pass or the exit. */
  private nextRound(loop: Node): PathResult {
    return this.once(`round:${loop.id}`, () => {
      const update = loop.childForFieldName('update');
      const u = update ? this.visit(update) : 'fallthrough';
      if (u !== 'fallthrough') return u;
      const c = this.condition(loop);
      if (c !== 'fallthrough') return c;
      const always = constantCondition(loop);
      return combine(
        [always === true ? 'none' : this.walkAfter(loop), always === false ? 'none' : this.round(loop)],
        this.mode,
      );
    });
  }

  private condition(loop: Node): PathResult {
    const cond = loop.type === 'for_range_loop' ? null : loop.childForFieldName('condition');
    return cond ? this.visit(cond) : 'fallthrough';
  }

  private walkFinally(t: Node): PathResult {
    const fin = t.namedChildren.find((c) => c?.type === 'seh_finally_clause')?.childForFieldName('body');
    return fin ? this.walkStatement(fin) : 'fallthrough';
  }

  /** Control leaves a __try body normally: the __finally block runs, then what follows. */
  private finishTry(t: Node): PathResult {
    const r = this.walkFinally(t);
    return r === 'fallthrough' ? this.walkAfter(t) : r;
  }

  /**
   * A jump from `from` out to `outer` (which stays entered): runs the __finally blocks of the
   * __try bodies it leaves, innermost first, and ends the path if it leaves the variable's block.
   */
  private leave(from: Node, outer: Node, then: () => PathResult, checkScope = true): PathResult {
    let child: Node = from;
    for (let a = from.parent; a && a.id !== outer.id && a.id !== this.fnBody.id; child = a, a = a.parent) {
      if (a.type === 'seh_try_statement' && a.childForFieldName('body')?.id === child.id) {
        const r = this.walkFinally(a);
        if (r !== 'fallthrough') return r;
      }
      if (checkScope && a.id === this.scope?.id) return 'exit';
    }
    return then();
  }

  private fromLabel(target: Node): PathResult {
    return this.once(`label:${target.id}`, () => {
      const r = this.walkStatement(target);
      return r === 'fallthrough' ? this.walkAfter(target) : r;
    });
  }

  private labelNamed(label: string): Node | undefined {
    if (!this.labels) {
      this.labels = new Map();
      for (const l of descendantsOf(this.fnBody, 'labeled_statement')) {
        const name = l?.childForFieldName('label')?.text;
        if (l && name && !this.labels.has(name)) this.labels.set(name, l);
      }
    }
    return this.labels.get(label);
  }

  private enclosing(s: Node, test: (p: Node) => boolean): Node | undefined {
    for (let p = s.parent; p && p.id !== this.fnBody.id; p = p.parent) if (test(p)) return p;
    return undefined;
  }
}

function commonAncestor(a: Node, b: Node): Node {
  for (let p: Node | null = a.parent; p; p = p.parent) if (isAncestor(p, b)) return p;
  return a.tree.rootNode;
}

/** The block that declares `name` around `at`, when it is not the function body. */
export function declarationScope(fnBody: Node, name: string, at: Node): Node | undefined {
  let best: Node | undefined;
  for (const { block, names } of blockDeclarations(fnBody)) {
    if (!names.includes(name) || !isAncestor(block, at)) continue;
    if (!best || isAncestor(best, block)) best = block;
  }
  return best;
}

/**
 * The block a value stays reachable in while any of `names` holds it (its own variable, or the
 * records it was stored in): the outermost of the blocks declaring them. Undefined when one is
 * declared by the function body, or is a parameter or a global.
 */
export function holdingScope(fnBody: Node, names: string[], at: Node): Node | undefined {
  let outer: Node | undefined;
  for (const name of names) {
    const block = declarationScope(fnBody, name, at);
    if (!block) return undefined;
    if (!outer || isAncestor(block, outer)) outer = block;
  }
  return outer;
}

/** Per tree, by body: blockDeclarations' answers (every variable followed in a body asks). */
const declaredInBlocks = new WeakMap<Tree, Map<string, { block: Node; names: string[] }[]>>();

/** The declarations of a body in blocks other than the body itself, with the names each declares. */
function blockDeclarations(fnBody: Node): { block: Node; names: string[] }[] {
  let byBody = declaredInBlocks.get(fnBody.tree);
  if (!byBody) declaredInBlocks.set(fnBody.tree, (byBody = new Map()));
  const key = `${fnBody.id}:${fnBody.startIndex}`;
  let found = byBody.get(key);
  if (!found) {
    found = [];
    for (const d of descendantsOf(fnBody, 'declaration')) {
      const block = d.parent;
      if (!block || block.type !== 'compound_statement' || block.id === fnBody.id) continue;
      const names = d.childrenForFieldName('declarator').map(declaredName);
      found.push({ block, names: names.filter((n): n is string => n !== undefined) });
    }
    byBody.set(key, found);
  }
  return found;
}

/** The statement (child of a block, a case, a label, an if or a loop) that contains `node`. */
export function enclosingStatement(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    const p = n.parent;
    if (!p) return undefined;
    if (p.type === 'compound_statement' || p.type === 'labeled_statement' || p.type === 'case_statement') {
      if (n.id !== p.childForFieldName('value')?.id) return n;
    }
    if (
      (p.type === 'if_statement' || p.type === 'else_clause') &&
      n.type !== 'condition_clause' &&
      n.type !== 'parenthesized_expression'
    )
      return n;
    if (LOOPS.has(p.type) && p.childForFieldName('body')?.id === n.id) return n;
  }
  return undefined;
}
