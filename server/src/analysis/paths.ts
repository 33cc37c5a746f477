// A small walk over statements in execution order, enough for ownership questions: follows
// blocks, if/else, goto to labels and falls out of blocks to the statements after them.
// Loops, switch and __try are not modelled: paths through them answer 'unknown'.
import type { Node } from 'web-tree-sitter';

export type PathResult = 'done' | 'exit' | 'unknown' | 'fallthrough';

/** What a visitor says about one simple statement. */
export type Verdict = 'done' | 'continue' | 'unknown';

export interface Walker {
  /** Called for statements that are not control flow (expression statements, declarations…). */
  visit(stmt: Node): Verdict;
  /** Called for `return`: 'done' when the return itself settles the question, 'exit' otherwise. */
  onReturn(stmt: Node): 'done' | 'exit';
  /** Called for if/loop statements before descending: a verdict settles them without descending. */
  visitCompound?(stmt: Node): Verdict;
  /** Called when a path reaches a label: 'done' settles the path there. */
  visitLabel?(stmt: Node): Verdict;
}

const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement', 'for_range_loop']);
const MAX_STEPS = 2000;

function statementChildren(block: Node): Node[] {
  return block.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

export class PathWalker {
  private steps = 0;
  private readonly visitedLabels = new Set<string>();

  constructor(
    private readonly fnBody: Node,
    private readonly w: Walker,
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
    if (++this.steps > MAX_STEPS) return 'unknown';
    switch (s.type) {
      case 'compound_statement':
        return this.walkList(statementChildren(s));
      case 'if_statement': {
        const pre = this.w.visitCompound?.(s);
        if (pre === 'done') return 'done';
        if (pre === 'unknown') return 'unknown';
        const cons = s.childForFieldName('consequence');
        const alt = s.childForFieldName('alternative');
        const results = [cons ? this.walkStatement(cons) : 'fallthrough', alt ? this.walkElse(alt) : 'fallthrough'];
        // Lenient on purpose: a branch that settles the question settles it for the if.
        if (results.includes('done')) return 'done';
        if (results.includes('unknown')) return 'unknown';
        // One branch leaving without settling it is enough for a path that does not.
        return results.includes('exit') ? 'exit' : 'fallthrough';
      }
      case 'return_statement':
        return this.w.onReturn(s);
      case 'goto_statement': {
        const label = s.childForFieldName('label')?.text;
        return label ? this.walkFromLabel(label) : 'unknown';
      }
      case 'labeled_statement': {
        const v = this.w.visitLabel?.(s);
        if (v === 'done' || v === 'unknown') return v;
        const inner = s.namedChildren.filter((c): c is Node => !!c && c.type !== 'statement_identifier' && c.type !== 'comment');
        return this.walkList(inner);
      }
      case 'break_statement':
      case 'continue_statement':
      case 'switch_statement':
      case 'seh_try_statement':
      case 'seh_leave_statement':
      case 'try_statement':
        return this.w.visitCompound?.(s) === 'done' ? 'done' : 'unknown';
      default:
        if (LOOPS.has(s.type)) return this.w.visitCompound?.(s) === 'done' ? 'done' : 'unknown';
        if (s.type === 'ERROR' || s.hasError) return 'unknown';
        {
          const v = this.w.visit(s);
          return v === 'continue' ? 'fallthrough' : v;
        }
    }
  }

  private walkElse(alt: Node): PathResult {
    const body = alt.type === 'else_clause' ? alt.namedChildren.find((c) => !!c && c.type !== 'comment') : alt;
    return body ? this.walkStatement(body) : 'fallthrough';
  }

  /** Continues after `stmt`: its following siblings, then outward; the end of the function exits. */
  walkAfter(stmt: Node): PathResult {
    let cur: Node = stmt;
    for (;;) {
      const parent = cur.parent;
      if (!parent) return 'unknown';
      if (parent.type === 'compound_statement') {
        const siblings = statementChildren(parent);
        const rest = siblings.slice(siblings.findIndex((c) => c.id === cur.id) + 1);
        const r = this.walkList(rest);
        if (r !== 'fallthrough') return r;
        if (parent.id === this.fnBody.id) return this.w.onReturn(parent);
        cur = parent;
        continue;
      }
      if (parent.type === 'if_statement' || parent.type === 'else_clause' || parent.type === 'labeled_statement') {
        cur = parent;
        continue;
      }
      // Loop bodies, switch cases, __try blocks: where control goes next is not modelled.
      return 'unknown';
    }
  }

  private walkFromLabel(label: string): PathResult {
    if (this.visitedLabels.has(label)) return 'unknown';
    this.visitedLabels.add(label);
    const target = this.fnBody
      .descendantsOfType('labeled_statement')
      .find((l) => l?.childForFieldName('label')?.text === label);
    if (!target) return 'unknown';
    const r = this.walkStatement(target);
    return r === 'fallthrough' ? this.walkAfter(target) : r;
  }
}

/** The statement (child of a block, or the if/return) that contains `node`. */
export function enclosingStatement(node: Node): Node | undefined {
  for (let n: Node | null = node; n; n = n.parent) {
    const p = n.parent;
    if (!p) return undefined;
    if (p.type === 'compound_statement' || p.type === 'labeled_statement') return n;
    if ((p.type === 'if_statement' || p.type === 'else_clause') && n.type !== 'condition_clause' && n.type !== 'parenthesized_expression') return n;
  }
  return undefined;
}
