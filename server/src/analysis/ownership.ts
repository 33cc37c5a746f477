// Who owns the NBL after an injection call? Finds how the call's status is used and walks the
// failure path (must free) and the success path (must not free) from it.
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './calls';
import { declarationScope, enclosingStatement, LOOPS, PathWalker, type Walker } from './paths';
import { nblText } from './nbl';
import { FREE_FUNCTIONS, NON_OWNING_CALLS, rootIdentifier } from './summaries';
import { caseKinds, chooseCases, switchCases, switchesOn } from './statusSwitch';
import { isNullLiteral, unwrap } from './values';
import type { WorkspaceIndex } from './workspaceIndex';

/**
 * `tested`: `test` is the if statement, the `switch` on the status (`failureWhenTrue` unused), or
 * the expression statement `NT_SUCCESS(s) ? a : b;` (true: the consequence is the failure arm).
 */
export type StatusUse =
  | { kind: 'ignored'; stmt: Node }
  | { kind: 'untested'; stmt: Node; variable: string }
  | { kind: 'tested'; stmt: Node; variable?: string; test: Node; failureWhenTrue: boolean }
  | { kind: 'returned' | 'unknown'; stmt?: Node };

/** `NT_SUCCESS(s) ? a : b;` (possibly cast to void): the conditional expression. */
export function ternaryStatement(stmt: Node): Node | undefined {
  const e = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
  const c = e && unwrap(e);
  return c?.type === 'conditional_expression' ? c : undefined;
}

/** A status test of the given form, judged from its own condition over `subject`. */
function testOn(s: Node, subject: string): { test: Node; failureWhenTrue: boolean } | 'unknown' | undefined {
  if (s.type === 'switch_statement') {
    if (!switchesOn(s, subject)) return mentions(s.childForFieldName('condition') ?? s, subject) ? 'unknown' : undefined;
    return caseKinds(s) ? { test: s, failureWhenTrue: true } : 'unknown';
  }
  const t = ternaryStatement(s);
  const cond = t?.childForFieldName('condition');
  if (!t || !cond) return undefined;
  const polarity = conditionPolarity(cond, subject);
  return polarity === undefined ? 'unknown' : { test: s, failureWhenTrue: polarity };
}

const FAILURE_TESTS = [/^!NT_SUCCESS\(S\)$/, /^S!=STATUS_SUCCESS$/, /^STATUS_SUCCESS!=S$/, /^FAILED\(S\)$/, /^NT_ERROR\(S\)$/, /^!SUCCEEDED\(S\)$/];
const SUCCESS_TESTS = [/^NT_SUCCESS\(S\)$/, /^S==STATUS_SUCCESS$/, /^STATUS_SUCCESS==S$/, /^SUCCEEDED\(S\)$/];

/** Polarity of an if condition over the status (spelled `subject`): true = "true means failure". */
export function conditionPolarity(condition: Node, subject: string): boolean | undefined {
  let text = condition.text.replace(/\s+/g, '');
  const s = subject.replace(/\s+/g, '');
  if (!text.includes(s)) return undefined;
  text = text.split(s).join('S');
  // `!NT_SUCCESS(status = S)` tests the call's status too.
  text = text.replace(/\(\w+=S\)/g, '(S)');
  // Drop redundant parentheses: `((!NT_SUCCESS((S))))` → `!NT_SUCCESS(S)`.
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text.replace(/\(\(S\)\)/g, '(S)').replace(/^\((.*)\)$/, '$1');
  }
  if (FAILURE_TESTS.some((r) => r.test(text))) return true;
  if (SUCCESS_TESTS.some((r) => r.test(text))) return false;
  return undefined;
}

export function mentions(node: Node, name: string): boolean {
  return node.descendantsOfType('identifier').some((i) => i?.text === name);
}

function ifCondition(ifStmt: Node): Node | undefined {
  return ifStmt.childForFieldName('condition') ?? undefined;
}

/** How the status of the call at `site` is consumed. */
export function statusUse(site: CallSite, fnBody: Node): StatusUse {
  let n: Node = site.call;
  // `cond ? FwpsInject…(…) : STATUS_…` is the status of the call whenever the call is made.
  const around = (x: Node) =>
    x.parent?.type === 'parenthesized_expression' || x.parent?.type === 'cast_expression' || (x.parent?.type === 'conditional_expression' && x.parent.childForFieldName('condition')?.id !== x.id);
  while (n.parent && around(n)) n = n.parent;
  const p = n.parent;
  if (!p) return { kind: 'unknown' };
  if (p.type === 'expression_statement') return { kind: 'ignored', stmt: p };
  if (p.type === 'return_statement') return { kind: 'returned', stmt: p };

  let variable: string | undefined;
  let stmt: Node | undefined;
  if (p.type === 'assignment_expression' && p.childForFieldName('left')?.type === 'identifier' && p.parent?.type === 'expression_statement') {
    variable = p.childForFieldName('left')!.text;
    stmt = p.parent;
  } else if (p.type === 'init_declarator' && p.childForFieldName('declarator')?.type === 'identifier') {
    variable = p.childForFieldName('declarator')!.text;
    stmt = p.parent ?? undefined;
  }
  if (variable && stmt) return followVariable(stmt, variable, fnBody);

  // Tested right in an if condition: `if (!NT_SUCCESS(FwpsInject…(…)))`.
  const owner = enclosingStatement(site.call);
  if (owner?.type === 'if_statement') {
    const cond = ifCondition(owner);
    const polarity = cond && cond.startIndex <= site.call.startIndex && site.call.endIndex <= cond.endIndex ? conditionPolarity(cond, site.call.text) : undefined;
    if (polarity !== undefined) return { kind: 'tested', stmt: owner, test: owner, failureWhenTrue: polarity };
  }
  // `switch (FwpsInject…(…))` and `NT_SUCCESS(FwpsInject…(…)) ? a : b;`.
  const direct = owner && testOn(owner, site.call.text);
  if (direct && direct !== 'unknown') return { kind: 'tested', stmt: owner!, ...direct };
  return { kind: 'unknown' };
}

function followVariable(stmt: Node, variable: string, fnBody: Node): StatusUse {
  let found: StatusUse | undefined;
  const walker: Walker = {
    visit(s) {
      if (!mentions(s, variable)) return 'continue';
      const a = s.type === 'expression_statement' ? s.namedChild(0) : null;
      if (a?.type === 'assignment_expression' && a.childForFieldName('left')?.text === variable && !mentions(a.childForFieldName('right')!, variable)) {
        found = { kind: 'untested', stmt, variable };
        return 'done';
      }
      const t = testOn(s, variable);
      found = t && t !== 'unknown' ? { kind: 'tested', stmt, variable, ...t } : { kind: 'unknown', stmt };
      return 'done';
    },
    visitCompound(s) {
      if (s.type === 'switch_statement') {
        const t = testOn(s, variable);
        if (!t) return mentions(s, variable) ? ((found = { kind: 'unknown', stmt }), 'done') : 'continue';
        found = t === 'unknown' ? { kind: 'unknown', stmt } : { kind: 'tested', stmt, variable, ...t };
        return 'done';
      }
      if (s.type !== 'if_statement') return mentions(s, variable) ? ((found = { kind: 'unknown', stmt }), 'done') : 'continue';
      const cond = ifCondition(s);
      if (!cond || !mentions(cond, variable)) return 'continue';
      const polarity = conditionPolarity(cond, variable);
      found = polarity === undefined ? { kind: 'unknown', stmt } : { kind: 'tested', stmt, variable, test: s, failureWhenTrue: polarity };
      return 'done';
    },
    onReturn(s) {
      if (mentions(s, variable)) {
        found = { kind: 'returned', stmt };
        return 'done';
      }
      return 'exit';
    },
  };
  const r = new PathWalker(fnBody, walker, declarationScope(fnBody, variable, stmt)).walkAfter(stmt);
  if (found) return found;
  return r === 'exit' ? { kind: 'untested', stmt, variable } : { kind: 'unknown', stmt };
}

export type PathOutcome = 'freed' | 'leaked' | 'unknown';

/**
 * Does every failure path free or hand on the NBL? With `freedAt`, a path reaching that label
 * counts as freed: "would a free there cover every failure?" That question proves a fix, so each
 * branch must answer it (not just the most decisive one).
 */
export function failurePath(use: StatusUse & { kind: 'tested' }, nbl: Node, fnBody: Node, index: WorkspaceIndex, freedAt?: Node): PathOutcome {
  const text = nblText(nbl);
  const root = rootIdentifier(nbl);
  const releases = (s: Node) => releasesNbl(s, text, root, index) || storesNbl(s, text);
  // `nbl = NULL` before anything freed or kept it drops the last reference: a leak.
  let droppedAt: Node | undefined;
  const walker: Walker = {
    visit(s) {
      // A new allocation into it (the next round of a loop) drops the one that failed.
      if (allocatesInto(s, text)) {
        droppedAt = s;
        return 'done';
      }
      if (releases(s)) return 'done';
      const assigned = assignmentTo(s, text);
      if (!assigned) return 'continue';
      if (isNullLiteral(assigned)) {
        droppedAt = s;
        return 'done';
      }
      return 'unknown';
    },
    visitCompound: (s) => (releases(s) ? 'done' : 'continue'),
    visitLabel: (s) => (s.id === freedAt?.id ? 'done' : 'continue'),
    ...statusKnown(use, fnBody, true),
    onReturn: (s) => (root && mentions(s, root) ? 'done' : 'exit'),
  };
  const walk = new PathWalker(fnBody, walker, root ? declarationScope(fnBody, root, use.test) : undefined, freedAt ? 'every' : 'some');
  const test = use.test;
  const ternary = ternaryStatement(test);
  let r;
  if (test.type === 'switch_statement') {
    // Each failing status takes its own case: one case that frees does not cover another.
    const paths = walk.switchPaths(test);
    r = paths.includes('unknown') ? 'unknown' : paths.includes('exit') ? 'exit' : paths.includes('done') ? 'done' : 'none';
  } else if (ternary) {
    const arm = ternary.childForFieldName(use.failureWhenTrue ? 'consequence' : 'alternative');
    const v = arm ? walker.visit(arm) : 'continue';
    r = v === 'continue' ? 'fallthrough' : v;
  } else if (use.failureWhenTrue) {
    r = walk.walkStatement(test.childForFieldName('consequence')!);
  } else {
    const alt = test.childForFieldName('alternative');
    const body = alt?.namedChildren.find((c) => !!c && c.type !== 'comment');
    r = body ? walk.walkStatement(body) : 'fallthrough';
  }
  if (r === 'fallthrough') r = walk.walkAfter(test);
  if (droppedAt) return 'leaked';
  return r === 'done' ? 'freed' : r === 'exit' ? 'leaked' : 'unknown';
}

/**
 * On the failure (or success) path, a later `if` or `switch` on the same status takes its failure
 * (or success) branch: the bail label keyed on the status. Only while nothing after the call
 * assigns the status, and not inside a loop around the call, whose next round assigns it again.
 * The switch that is the test itself is always known.
 */
function statusKnown(use: StatusUse & { kind: 'tested' }, fnBody: Node, failing: boolean): Pick<Walker, 'choose' | 'chooseCases'> {
  const v = use.variable;
  const loops: Node[] = [];
  for (let p = use.stmt.parent; p && p.id !== fnBody.id; p = p.parent) if (LOOPS.has(p.type)) loops.push(p);
  const reassigned = !!v && fnBody
    .descendantsOfType('assignment_expression')
    .some((a) => !!a && a.startIndex > use.stmt.endIndex && a.childForFieldName('left')?.text === v);
  const known = (s: Node) => !!v && !reassigned && !loops.some((l) => l.startIndex <= s.startIndex && s.endIndex <= l.endIndex);
  return {
    choose: (s) => {
      const cond = s.childForFieldName('condition');
      const failureWhenTrue = cond && known(s) ? conditionPolarity(cond, v!) : undefined;
      return failureWhenTrue === undefined ? undefined : failureWhenTrue === failing;
    },
    chooseCases: (s) => {
      if (s.id !== use.test.id && !(known(s) && switchesOn(s, v!))) return undefined;
      const kinds = caseKinds(s);
      return kinds && chooseCases(kinds, failing);
    },
  };
}

/** An Fwps free call whose NBL argument is `text`. */
function isFreeOf(call: Node, text: string): boolean {
  const callee = call.childForFieldName('function')?.text ?? '';
  const arg = call.childForFieldName('arguments')?.namedChildren.find((a) => !!a && a.type !== 'comment');
  return FREE_FUNCTIONS.test(callee) && !!arg && nblText(arg) === text;
}

/** `FwpsAllocate…(…, &nbl)`: the statement puts a new NBL into the expression. */
function allocatesInto(stmt: Node, text: string): boolean {
  return stmt.descendantsOfType('call_expression').some((c) => {
    if (!c || !/^FwpsAllocate/.test(c.childForFieldName('function')?.text ?? '')) return false;
    const args = c.childForFieldName('arguments')?.namedChildren ?? [];
    return args.some((a) => !!a && a.type === 'pointer_expression' && a.text.startsWith('&') && nblText(a.childForFieldName('argument')!) === text);
  });
}

/** The value assigned to the NBL expression by this statement, if any. */
function assignmentTo(stmt: Node, text: string): Node | undefined {
  const a = stmt.descendantsOfType('assignment_expression').find((x) => x && x.childForFieldName('operator')?.text === '=' && nblText(x.childForFieldName('left')!) === text);
  return a?.childForFieldName('right') ?? undefined;
}

/** The NBL is stored somewhere else (`queue->nbl = clone;`): someone else owns it now. */
function storesNbl(stmt: Node, text: string): boolean {
  return stmt.descendantsOfType('assignment_expression').some((x) => !!x && x.childForFieldName('right') !== null && nblText(x.childForFieldName('right')!) === text);
}

/** A statement frees the NBL, passes it (or the object holding it) on, or gives it back. */
function releasesNbl(stmt: Node, text: string, root: string | undefined, index: WorkspaceIndex): boolean {
  for (const call of stmt.descendantsOfType('call_expression')) {
    if (!call) continue;
    const callee = call.childForFieldName('function')?.text ?? '';
    if (/^Fwps(Inject|StreamInject|QueryPacketInjectionState)/.test(callee) || NON_OWNING_CALLS.test(callee)) continue;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a);
    if (isFreeOf(call, text)) return true;
    const summary = index.functionSummary(callee);
    for (let i = 0; i < args.length; i++) {
      const argRoot = rootIdentifier(args[i]);
      if (!argRoot || argRoot !== root) continue;
      // A helper in the workspace that neither frees nor passes this parameter does not release it.
      if (summary && !summary.frees.includes(i) && !summary.passes.includes(i)) continue;
      return true;
    }
  }
  return false;
}

/** A free of the NBL on the success path, before anything reassigns it (double free). */
export function freeOnSuccessPath(use: StatusUse & { kind: 'tested' }, nbl: Node, fnBody: Node): Node | undefined {
  const text = nblText(nbl);
  let freeCall: Node | undefined;
  const freesHere = (s: Node) => s.descendantsOfType('call_expression').find((c) => !!c && isFreeOf(c, text)) ?? undefined;
  const visit = (s: Node): 'done' | 'continue' => {
    if (assignmentTo(s, text) || allocatesInto(s, text)) return 'done';
    freeCall = freesHere(s);
    return freeCall ? 'done' : 'continue';
  };
  const walker: Walker = {
    visit,
    onReturn: () => 'exit',
    ...statusKnown(use, fnBody, false),
  };
  const root = rootIdentifier(nbl);
  const walk = new PathWalker(fnBody, walker, root ? declarationScope(fnBody, root, use.test) : undefined);
  const test = use.test;
  const ternary = ternaryStatement(test);
  if (ternary) {
    // After the ternary the failure path goes on too: only the success arm is the success path's own.
    const arm = ternary.childForFieldName(use.failureWhenTrue ? 'alternative' : 'consequence');
    return arm ? freesHere(arm) : undefined;
  }
  if (test.type === 'switch_statement') {
    // Judge what follows the switch only when no failing status can come out of it too.
    const kinds = caseKinds(test)!;
    const failing = chooseCases(kinds, true);
    if (failing.skip || switchCases(test).some((c, i) => failing.enter[i] && !leavesFunction(c))) walker.visit = (s) => (isInside(s, test) ? visit(s) : 'unknown');
    return walk.switchPaths(test).includes('done') ? freeCall : undefined;
  }
  const cons = test.childForFieldName('consequence')!;
  let r;
  if (use.failureWhenTrue) {
    if (!alwaysLeaves(cons)) return undefined;
    r = walk.walkAfter(test);
  } else {
    r = walk.walkStatement(cons);
    if (r === 'fallthrough') r = walk.walkAfter(test);
  }
  return r === 'done' ? freeCall : undefined;
}

function isInside(n: Node, outer: Node): boolean {
  return outer.startIndex <= n.startIndex && n.endIndex <= outer.endIndex;
}

/** A case whose own statements end in `return` or `goto` (an empty one falls into the next: no). */
function leavesFunction(c: Node): boolean {
  const value = c.childForFieldName('value');
  const stmts = c.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment' && x.id !== value?.id);
  if (!stmts.length) return false;
  const last = stmts[stmts.length - 1];
  return last.type === 'return_statement' || last.type === 'goto_statement';
}

/** The branch ends in a jump (return, goto, break, continue) on every path we can see. */
export function alwaysLeaves(stmt: Node): boolean {
  if (/^(return|goto|break|continue|seh_leave)_statement$/.test(stmt.type)) return true;
  if (stmt.type === 'compound_statement') {
    const last = stmt.namedChildren.filter((c) => !!c && c.type !== 'comment').pop();
    return !!last && alwaysLeaves(last);
  }
  return false;
}

/** The NBL argument of an injection call, unwrapped. */
export function nblArgument(site: CallSite): Node | undefined {
  const i = site.fn.params.findIndex((p) => p.role === 'netBufferList');
  return i >= 0 && site.args[i] ? unwrap(site.args[i]) : undefined;
}
