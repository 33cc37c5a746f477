// Who owns the NBL after an injection call? Finds how the call's status is used and walks the
// failure path (must free) and the success path (must not free) from it.
import type { Node } from '../parse/syntaxNode';
import { within, type CallSite } from './calls';
import {
  declarationScope,
  enclosingStatement,
  holdingScope,
  LOOPS,
  PathWalker,
  type PathResult,
  type Walker,
} from './paths';
import { nblText } from './nbl';
import { bodyNodes, isNonOwningCall, RefResolver, returnedStatusLocals, rootIdentifier } from './summaries';
import { lifecycleOf, mayBeCatalogName, resolveFunction, type Resource } from '../catalog';
import type { StatusTestLookup } from './statusTests';
import { conditionPolarity } from './statusTests';
import { caseKinds, chooseCases, switchCases, switchesOn } from './statusSwitch';
import { isNullLiteral, unwrap } from './values';
import type { WorkspaceIndex } from './workspaceIndex';
import { descendantsOf } from './descendants';
import { declaresLocal, localDeclarators } from './declarators';
import { MACRO_NAME } from '../parse/lexing';

/**
 * `returned`: `ret` is the return statement that hands the status back (`variable`: the local
 * it went through). `tested`: `test` is the if statement, the `switch` on the status (`failureWhenTrue` unused), or
 * the expression statement `NT_SUCCESS(s) ? a : b;` (true: the consequence is the failure arm).
 */
export type StatusUse =
  | { kind: 'ignored'; stmt: Node }
  | { kind: 'untested'; stmt: Node; variable: string }
  | {
      kind: 'tested';
      stmt: Node;
      variable?: string;
      test: Node;
      failureWhenTrue: boolean;
      /** `if (!NT_SUCCESS(status) && clone)`: the failure branch is taken only when this holds too. */
      guard?: Node;
    }
  | { kind: 'returned' | 'unknown'; stmt?: Node; ret?: Node; variable?: string };

/** `NT_SUCCESS(s) ? a : b;` (possibly cast to void): the conditional expression. */
export function ternaryStatement(stmt: Node): Node | undefined {
  const e = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
  const c = e && unwrap(e);
  return c?.type === 'conditional_expression' ? c : undefined;
}

/** A status test of the given form, judged from its own condition over `subject`. */
function testOn(
  s: Node,
  subject: string,
  tests?: StatusTestLookup,
): { test: Node; failureWhenTrue: boolean } | 'unknown' | undefined {
  if (s.type === 'switch_statement') {
    if (!switchesOn(s, subject))
      return mentionsStatus(s.childForFieldName('condition') ?? s, subject) ? 'unknown' : undefined;
    return caseKinds(s) ? { test: s, failureWhenTrue: true } : 'unknown';
  }
  const t = ternaryStatement(s);
  const cond = t?.childForFieldName('condition');
  if (!t || !cond) return undefined;
  const polarity = conditionPolarity(cond, subject, tests);
  return polarity === undefined ? 'unknown' : { test: s, failureWhenTrue: polarity };
}

export function mentions(node: Node, name: string): boolean {
  return node.descendantsOfType('identifier').some((i) => i?.text === name);
}

function ifCondition(ifStmt: Node): Node | undefined {
  return ifStmt.childForFieldName('condition') ?? undefined;
}

/** The workspace's status-test helpers, for conditionPolarity. */
export function statusTests(index: WorkspaceIndex | undefined): StatusTestLookup | undefined {
  return index && ((fn) => index.statusTest(fn));
}

/** How the status of the call at `site` is consumed (`index`: to see through status-test helpers). */
export function statusUse(site: Pick<CallSite, 'call'>, fnBody: Node, index?: WorkspaceIndex): StatusUse {
  const tests = statusTests(index);
  let n: Node = site.call;
  // `cond ? FwpsInject…(…) : STATUS_…` is the status of the call whenever the call is made.
  const around = (x: Node) =>
    x.parent?.type === 'parenthesized_expression' ||
    x.parent?.type === 'cast_expression' ||
    (x.parent?.type === 'conditional_expression' && x.parent.childForFieldName('condition')?.id !== x.id);
  while (n.parent && around(n)) n = n.parent;
  const p = n.parent;
  if (!p) return { kind: 'unknown' };
  if (p.type === 'expression_statement') return { kind: 'ignored', stmt: p };
  if (p.type === 'return_statement') return { kind: 'returned', stmt: p, ret: p };

  let variable: string | undefined;
  let stmt: Node | undefined;
  const left = p.type === 'assignment_expression' ? p.childForFieldName('left') : null;
  if (left?.type === 'identifier' && p.parent?.type === 'expression_statement') {
    variable = left.text;
    stmt = p.parent;
  } else if (left && p.parent?.type === 'expression_statement' && statusField(left)) {
    // `ctx->status = FwpsInject…(…)`: tested through the field. A record outlives the function,
    // so a field this function never tests may be tested by whoever reads the record.
    const use = followVariable(p.parent, statusField(left)!, fnBody, tests);
    return use.kind === 'untested' ? { kind: 'unknown', stmt: p.parent } : use;
  } else if (p.type === 'init_declarator' && p.childForFieldName('declarator')?.type === 'identifier') {
    variable = p.childForFieldName('declarator')!.text;
    stmt = p.parent ?? undefined;
  }
  if (variable && stmt) return followVariable(stmt, variable, fnBody, tests);

  // Tested right in an if condition: `if (!NT_SUCCESS(FwpsInject…(…)))`.
  const owner = enclosingStatement(site.call);
  if (owner?.type === 'if_statement') {
    const cond = ifCondition(owner);
    const polarity =
      cond && cond.startIndex <= site.call.startIndex && site.call.endIndex <= cond.endIndex
        ? conditionPolarity(cond, site.call.text, tests)
        : undefined;
    if (polarity !== undefined)
      return { kind: 'tested', stmt: owner, test: owner, failureWhenTrue: polarity };
  }
  // `switch (FwpsInject…(…))` and `NT_SUCCESS(FwpsInject…(…)) ? a : b;`.
  const direct = owner && testOn(owner, site.call.text, tests);
  if (direct && direct !== 'unknown') return { kind: 'tested', stmt: owner!, ...direct };
  return { kind: 'unknown' };
}

/**
 * `failed && other` (either order), where `failed` tests `variable` for a failure and `other`
 * does not read it: `other`, which failurePath accepts only when it says the NBL is there.
 */
function guardedFailure(cond: Node, variable: string, tests?: StatusTestLookup): Node | undefined {
  const c = unwrap(cond);
  if (c.type !== 'binary_expression' || c.childForFieldName('operator')?.text !== '&&') return undefined;
  const left = c.childForFieldName('left');
  const right = c.childForFieldName('right');
  if (!left || !right) return undefined;
  for (const [test, other] of [
    [left, right],
    [right, left],
  ])
    if (!mentionsStatus(other, variable) && conditionPolarity(test, variable, tests) === true) return other;
  return undefined;
}

/** `nbl`, `nbl != NULL` or `NULL != nbl`: the guard says the NBL `text` is there. */
function saysPresent(guard: Node, text: string): boolean {
  const g = unwrap(guard);
  if (nblText(g) === text) return true;
  if (g.type !== 'binary_expression' || g.childForFieldName('operator')?.text !== '!=') return false;
  const [a, b] = [g.childForFieldName('left'), g.childForFieldName('right')];
  return (
    !!a && !!b && ((nblText(a) === text && isNullLiteral(b)) || (nblText(b) === text && isNullLiteral(a)))
  );
}

/** `ctx->status`, `a.b.c`: a field reached from a variable, spelled without spaces; else undefined. */
function statusField(node: Node): string | undefined {
  if (node.type !== 'field_expression') return undefined;
  let n: Node | null = node;
  while (n?.type === 'field_expression') n = n.childForFieldName('argument');
  return n?.type === 'identifier' ? node.text.replace(/\s+/g, '') : undefined;
}

/** `node` names the status `subject`: a variable, or a field spelled as statusField spells it. */
function mentionsStatus(node: Node, subject: string): boolean {
  if (!/\.|->/.test(subject)) return mentions(node, subject);
  return node
    .descendantsOfType('field_expression')
    .some((f) => !!f && f.text.replace(/\s+/g, '') === subject);
}

/**
 * `result = status;` or `NTSTATUS result = status;` where nothing after it reads `status` again
 * (no macro after it either, whose body may): the status goes on in `result`, a local of this
 * function; else undefined.
 */
function copiedTo(s: Node, variable: string, fnBody: Node): string | undefined {
  let to: Node | null | undefined;
  let from: Node | null | undefined;
  if (s.type === 'expression_statement') {
    const a = s.namedChild(0);
    if (a?.type !== 'assignment_expression' || a.childForFieldName('operator')?.text !== '=')
      return undefined;
    [to, from] = [a.childForFieldName('left'), a.childForFieldName('right')];
  } else if (s.type === 'declaration') {
    const inits = s.namedChildren.filter((c) => c?.type === 'init_declarator');
    if (inits.length !== 1) return undefined;
    [to, from] = [inits[0]!.childForFieldName('declarator'), inits[0]!.childForFieldName('value')];
  }
  if (to?.type !== 'identifier' || to.text === variable || !from) return undefined;
  // A global or a parameter's target may be read elsewhere: only a local of this function is followed.
  if (s.type !== 'declaration' && !declaresLocal(fnBody, to.text)) return undefined;
  if (unwrap(from).text.replace(/\s+/g, '') !== variable) return undefined;
  const type = /\.|->/.test(variable) ? 'field_expression' : 'identifier';
  const later = descendantsOf(fnBody, type).some(
    (n) => !!n && n.startIndex >= s.endIndex && n.text.replace(/\s+/g, '') === variable,
  );
  // A macro's body may read the original where the tree cannot see it (`FREE_ON_FAILURE();`);
  // logging and reading ones are passed over.
  const macroAfter = descendantsOf(fnBody, 'call_expression').some((c) => {
    const name = c.childForFieldName('function')?.text ?? '';
    return c.startIndex >= s.endIndex && MACRO_NAME.test(name) && !isNonOwningCall(name, c);
  });
  return later || macroAfter ? undefined : to.text;
}

function followVariable(
  stmt: Node,
  variable: string,
  fnBody: Node,
  tests?: StatusTestLookup,
  copies = 0,
): StatusUse {
  let found: StatusUse | undefined;
  const walker: Walker = {
    visit(s) {
      if (!mentionsStatus(s, variable)) return 'continue';
      // `Log("failed %x", status);`: a call given the status by value cannot change it.
      if (onlyReadsInCall(s, variable)) return 'continue';
      // `result = status;` and only `result` is read after: follow `result` from there.
      const copy = copies < 3 ? copiedTo(s, variable, fnBody) : undefined;
      if (copy) {
        found = followVariable(s, copy, fnBody, tests, copies + 1);
        return 'done';
      }
      const a = s.type === 'expression_statement' ? s.namedChild(0) : null;
      if (
        a?.type === 'assignment_expression' &&
        a.childForFieldName('left')?.text.replace(/\s+/g, '') === variable &&
        !mentionsStatus(a.childForFieldName('right')!, variable)
      ) {
        found = { kind: 'untested', stmt, variable };
        return 'done';
      }
      const t = testOn(s, variable, tests);
      found = t && t !== 'unknown' ? { kind: 'tested', stmt, variable, ...t } : { kind: 'unknown', stmt };
      return 'done';
    },
    visitCompound(s) {
      if (s.type === 'switch_statement') {
        const t = testOn(s, variable, tests);
        if (!t)
          return mentionsStatus(s, variable) ? ((found = { kind: 'unknown', stmt }), 'done') : 'continue';
        found = t === 'unknown' ? { kind: 'unknown', stmt } : { kind: 'tested', stmt, variable, ...t };
        return 'done';
      }
      if (s.type !== 'if_statement')
        return mentionsStatus(s, variable) ? ((found = { kind: 'unknown', stmt }), 'done') : 'continue';
      const cond = ifCondition(s);
      if (!cond || !mentionsStatus(cond, variable)) return 'continue';
      const polarity = conditionPolarity(cond, variable, tests);
      const guard = polarity === undefined ? guardedFailure(cond, variable, tests) : undefined;
      if (guard) found = { kind: 'tested', stmt, variable, test: s, failureWhenTrue: true, guard };
      else if (polarity === undefined) found = { kind: 'unknown', stmt };
      else found = { kind: 'tested', stmt, variable, test: s, failureWhenTrue: polarity };
      return 'done';
    },
    onReturn(s) {
      if (mentionsStatus(s, variable)) {
        found = { kind: 'returned', stmt, ret: s, variable };
        return 'done';
      }
      return 'exit';
    },
  };
  const r = new PathWalker(fnBody, walker, declarationScope(fnBody, variable, stmt)).walkAfter(stmt);
  if (found) return found;
  return r === 'exit' ? { kind: 'untested', stmt, variable } : { kind: 'unknown', stmt };
}

/**
 * The status goes back to the function's caller, which decides: returned at once, or tested
 * (`if (!NT_SUCCESS(status)) Log(…);`) and then returned.
 */
export function handsStatusBack(use: StatusUse, fnBody: Node): boolean {
  if (use.kind === 'returned') return true;
  return use.kind === 'tested' && !!use.variable && returnedStatusLocals(bodyNodes(fnBody)).has(use.variable);
}

export type PathOutcome = 'freed' | 'leaked' | 'unknown';

/** An NBL the function never writes (`entry->io.nbl`, injected by a wrapper given `&entry->io`). */
export interface NblByText {
  text: string;
  root: string | undefined;
}

/**
 * Does every failure path free or hand on the NBL? With `freedAt`, a path reaching that label
 * counts as freed: "would a free there cover every failure?" That question proves a fix, so each
 * branch must answer it (not just the most decisive one).
 */
export function failurePath(
  use: StatusUse & { kind: 'tested' },
  nbl: Node | NblByText,
  fnBody: Node,
  index: WorkspaceIndex,
  freedAt?: Node,
  seen?: { release?: Node },
  carriers: Carrier[] = [],
): PathOutcome {
  const { text, root } = 'tree' in nbl ? { text: nblText(nbl), root: rootIdentifier(nbl) } : nbl;
  // `if (failed && other)`: the other failures go the other way, where only a missing NBL may.
  if (use.guard && !saysPresent(use.guard, text)) return 'unknown';
  const aliases = fieldAliases(fnBody, text, use.stmt.startIndex);
  const releases = (s: Node) => {
    const r = releasesNbl(s, text, root, index, aliases) || storesNbl(s, text) || carried(s, carriers, index);
    // The first statement that settles it, for the flow panel to point at.
    if (r && seen && !seen.release) seen.release = s;
    return r;
  };
  const tests = statusTests(index);
  // `nbl = NULL` before anything freed or kept it drops the last reference: a leak.
  let droppedAt: Node | undefined;
  const walker: Walker = {
    visit(s) {
      // A new allocation into it (the next round of a loop) drops the one that failed.
      if (allocatesInto(s, text, index)) {
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
    ...statusKnown(use, fnBody, true, tests),
    onReturn: (s) => (root && mentions(s, root) ? 'done' : 'exit'),
  };
  const walk = new PathWalker(
    fnBody,
    walker,
    // Stored in a record (`ctx->nbl = clone`), it outlives its own block while the record lives.
    root ? holdingScope(fnBody, [root, ...aliases.map((a) => a.root)], use.test) : undefined,
    freedAt ? 'every' : 'some',
  );
  const test = use.test;
  const ternary = ternaryStatement(test);
  let r;
  if (test.type === 'switch_statement') {
    // Each failing status takes its own case: one case that frees does not cover another.
    // The most telling of the cases' outcomes: unknown, then a leak, then freed.
    const paths = walk.switchPaths(test);
    r = (['unknown', 'exit', 'done'] as const).find((outcome) => paths.includes(outcome)) ?? 'none';
  } else if (ternary) {
    const arm = ternary.childForFieldName(use.failureWhenTrue ? 'consequence' : 'alternative');
    const v = arm ? walker.visit(arm) : 'continue';
    r = v === 'continue' ? 'fallthrough' : v;
  } else r = walkIfBranch(walk, test, use.failureWhenTrue);
  if (r === 'fallthrough') r = walk.walkAfter(test);
  if (droppedAt || r === 'exit') return 'leaked';
  return r === 'done' ? 'freed' : 'unknown';
}

/**
 * Walks the branch of the `if` on the status that a path takes: its consequence, or its else
 * ('fallthrough' when it has none).
 */
function walkIfBranch(walk: PathWalker, test: Node, consequence: boolean): PathResult {
  if (consequence) return walk.walkStatement(test.childForFieldName('consequence')!);
  const body = test.childForFieldName('alternative')?.namedChildren.find((c) => !!c && c.type !== 'comment');
  return body ? walk.walkStatement(body) : 'fallthrough';
}

/**
 * On the failure (or success) path, a later `if` or `switch` on the same status takes its failure
 * (or success) branch: the bail label keyed on the status. Only while nothing after the call
 * assigns the status, and not inside a loop around the call, whose next round assigns it again.
 * The switch that is the test itself is always known.
 */
function statusKnown(
  use: StatusUse & { kind: 'tested' },
  fnBody: Node,
  failing: boolean,
  tests?: StatusTestLookup,
): Pick<Walker, 'choose' | 'chooseCases'> {
  const v = use.variable;
  const loops: Node[] = [];
  for (let p = use.stmt.parent; p && p.id !== fnBody.id; p = p.parent) if (LOOPS.has(p.type)) loops.push(p);
  const reassigned =
    !!v &&
    descendantsOf(fnBody, 'assignment_expression').some(
      (a) => !!a && a.startIndex > use.stmt.endIndex && a.childForFieldName('left')?.text === v,
    );
  const known = (s: Node) =>
    !!v && !reassigned && !loops.some((l) => l.startIndex <= s.startIndex && s.endIndex <= l.endIndex);
  return {
    choose: (s) => {
      const cond = s.childForFieldName('condition');
      const failureWhenTrue = cond && known(s) ? conditionPolarity(cond, v!, tests) : undefined;
      return failureWhenTrue === undefined ? undefined : failureWhenTrue === failing;
    },
    chooseCases: (s) => {
      if (s.id !== use.test.id && !(known(s) && switchesOn(s, v!))) return undefined;
      const kinds = caseKinds(s);
      return kinds && chooseCases(kinds, failing);
    },
  };
}

function argumentsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (a): a is Node => !!a && a.type !== 'comment',
  );
}

/** A catalog NBL free (Fwps or NDIS) whose NBL argument is `text`. */
export function isFreeOf(call: Node, text: string): boolean {
  const freed = lifecycleOf(call.childForFieldName('function')?.text ?? '')?.frees;
  const arg = freed?.resource === 'nbl' ? argumentsOf(call)[freed.arg] : undefined;
  return !!arg && nblText(arg) === text;
}

/** `FwpsAllocate…(…, &nbl)` or a helper that allocates into `&nbl`: a new NBL goes into the expression. */
function allocatesInto(stmt: Node, text: string, index?: WorkspaceIndex): boolean {
  return stmt.descendantsOfType('call_expression').some((c) => {
    const name = c?.childForFieldName('function')?.text ?? '';
    const made = lifecycleOf(name)?.allocates;
    const args = c ? argumentsOf(c) : [];
    let into: number[];
    if (!made)
      into = (index?.effects(name)?.allocates ?? []).flatMap((a) =>
        a.resource === 'nbl' && a.into !== 'return' && a.into.path === '*' ? [a.into.param] : [],
      );
    else into = made.resource === 'nbl' && typeof made.into === 'number' ? [made.into] : [];
    return into.some((i) => {
      const a = args[i] && unwrap(args[i]);
      return (
        !!a &&
        a.type === 'pointer_expression' &&
        a.text.startsWith('&') &&
        nblText(a.childForFieldName('argument')!) === text
      );
    });
  });
}

/** `Log("…", status);`: the statement only hands the value to calls, never its address. */
function onlyReadsInCall(stmt: Node, variable: string): boolean {
  const e = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
  if (e?.type !== 'call_expression') return false;
  if (e.descendantsOfType(['assignment_expression', 'update_expression']).length) return false;
  return !e
    .descendantsOfType('pointer_expression')
    .some((p) => !!p && p.text.startsWith('&') && mentionsStatus(p, variable));
}

/** The value assigned to the NBL expression by this statement, if any. */
function assignmentTo(stmt: Node, text: string): Node | undefined {
  const a = stmt
    .descendantsOfType('assignment_expression')
    .find(
      (x) =>
        x && x.childForFieldName('operator')?.text === '=' && nblText(x.childForFieldName('left')!) === text,
    );
  return a?.childForFieldName('right') ?? undefined;
}

/** The NBL is stored somewhere else (`queue->nbl = clone;`): someone else owns it now. */
function storesNbl(stmt: Node, text: string): boolean {
  return stmt
    .descendantsOfType('assignment_expression')
    .some(
      (x) => !!x && x.childForFieldName('right') !== null && nblText(x.childForFieldName('right')!) === text,
    );
}

/**
 * What the freed object can also be reached through: the MDL of a built packet through its NBL
 * (`SendDone(ctx, nbl, FALSE)` frees `NET_BUFFER_FIRST_MDL(nbl)`).
 */
export interface Carrier {
  root: string;
  resource: Resource;
}

/** A call given the carrier that frees that kind of object, or code we cannot see. */
function carried(stmt: Node, carriers: Carrier[], index: WorkspaceIndex): boolean {
  if (!carriers.length) return false;
  for (const call of stmt.descendantsOfType('call_expression')) {
    const callee = call?.childForFieldName('function')?.text ?? '';
    if (
      !call ||
      isNonOwningCall(callee, call) ||
      lifecycleOf(callee) ||
      (mayBeCatalogName(callee) && resolveFunction(callee))
    )
      continue;
    const effects = index.effects(callee);
    const roots = argumentsOf(call).map((a) => rootIdentifier(a));
    if (
      carriers.some(
        (c) =>
          roots.includes(c.root) && (!effects || effects.freed.includes(c.resource) || effects.passes.length),
      )
    )
      return true;
  }
  return false;
}

/** Where else the NBL can be reached: `entry->nbl = clone;` makes it `.nbl` of `entry`. */
export interface FieldAlias {
  root: string;
  path: string;
}

const PATHS = new RefResolver([], new Map());

/** Stores of the NBL into a field before `before` in the function: each is a way to free it. */
export function fieldAliases(fnBody: Node, text: string, before: number): FieldAlias[] {
  const out: FieldAlias[] = [];
  for (const a of descendantsOf(fnBody, 'assignment_expression')) {
    if (!a || a.startIndex >= before || a.childForFieldName('operator')?.text !== '=') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!left || !right || left.type !== 'field_expression' || nblText(right) !== text) continue;
    const ref = PATHS.of(left);
    if (ref && 'local' in ref && !ref.addr && !ref.path.includes('*'))
      out.push({ root: ref.local, path: ref.path });
  }
  return out;
}

/** A statement frees the NBL, passes it (or the object holding it) on, or gives it back. */
function releasesNbl(
  stmt: Node,
  text: string,
  root: string | undefined,
  index: WorkspaceIndex,
  aliases: FieldAlias[] = [],
): boolean {
  for (const call of stmt.descendantsOfType('call_expression')) {
    if (!call) continue;
    const callee = call.childForFieldName('function')?.text ?? '';
    if (isNonOwningCall(callee, call)) continue;
    if (isFreeOf(call, text)) return true;
    // Other catalog functions (an injection, a state query) take nothing over on failure.
    if (mayBeCatalogName(callee) && resolveFunction(callee)) continue;
    const args = argumentsOf(call);
    const effects = index.effects(callee);
    for (let i = 0; i < args.length; i++) {
      const argRoot = rootIdentifier(args[i]);
      if (!argRoot) continue;
      if (argRoot === root) {
        // A helper in the workspace that neither frees nor passes this parameter does not release it.
        if (effects && !effects.frees.some((f) => f.param === i) && !effects.passes.includes(i)) continue;
        return true;
      }
      // `FreeQueued(entry)` after `entry->nbl = clone`: released when the helper frees that field.
      const arg = PATHS.of(args[i]);
      const argPath = arg && !arg.addr ? arg.path : undefined;
      for (const alias of aliases) {
        if (alias.root !== argRoot || argPath === undefined) continue;
        if (
          !effects ||
          effects.passes.includes(i) ||
          effects.frees.some((f) => f.param === i && argPath + f.path === alias.path)
        )
          return true;
      }
    }
  }
  return false;
}

/** A free of the NBL on the success path, before anything reassigns it (double free). */
export function freeOnSuccessPath(
  use: StatusUse & { kind: 'tested' },
  nbl: Node,
  fnBody: Node,
  index?: WorkspaceIndex,
): Node | undefined {
  const text = nblText(nbl);
  let freeCall: Node | undefined;
  const freesHere = (s: Node) =>
    s.descendantsOfType('call_expression').find((c) => !!c && isFreeOf(c, text)) ?? undefined;
  const visit = (s: Node): 'done' | 'continue' => {
    if (assignmentTo(s, text) || allocatesInto(s, text, index)) return 'done';
    freeCall = freesHere(s);
    return freeCall ? 'done' : 'continue';
  };
  const walker: Walker = {
    visit,
    onReturn: () => 'exit',
    ...statusKnown(use, fnBody, false, statusTests(index)),
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
    if (failing.skip || switchCases(test).some((c, i) => failing.enter[i] && !leavesFunction(c)))
      walker.visit = (s) => (isInside(s, test) ? visit(s) : 'unknown');
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

/**
 * After the NBL is allocated into the local `text` and the allocation is known to have
 * succeeded, a path that leaves the function before anything injects, frees, stores, passes on
 * or returns it: the statement where it leaves (the NBL is lost there).
 */
export function lostAfterAllocation(
  allocation: Pick<CallSite, 'call'>,
  text: string,
  fnBody: Node,
  /** In source order. */
  injections: CallSite[],
  index: WorkspaceIndex,
): Node | undefined {
  // The NBL's own local, or the record it sits in (`storage->list`), when only this function holds it.
  const holder = /^\w+$/.test(text) ? text : ownRecord(text, fnBody);
  if (!holder) return undefined;
  const use = statusUse(allocation, fnBody, index);
  if (use.kind !== 'tested') return undefined;
  // The file's injections are in source order: the function's are found by halving.
  const ours = within(injections, fnBody).filter(
    (c) => isInside(c.call, fnBody) && nblText(nblArgument(c) ?? c.call) === text,
  );
  const word = new RegExp(`\\b${holder}\\b`);
  // Whatever keeps the NBL names it (or its record): a statement that does not is passed over at
  // once (the walk covers the rest of the function, statement by statement). A call given any
  // part of the record may keep the record, and the NBL with it.
  const releases = (s: Node) =>
    word.test(s.text) &&
    (ours.some((c) => isInside(c.call, s)) ||
      injectedByWrapper(s, text, index) ||
      releasesNbl(s, text, holder, index) ||
      storesNbl(s, text) ||
      (holder !== text && (storesNbl(s, holder) || handsOnRecord(s, holder))));
  let lostAt: Node | undefined;
  const walker: Walker = {
    visit(s) {
      if (!word.test(s.text)) return 'continue';
      if (releases(s)) return 'done';
      // Given a new value: followed no further.
      return assignmentTo(s, text) || assignmentTo(s, holder) || allocatesInto(s, text, index)
        ? 'unknown'
        : 'continue';
    },
    // An if with an else, or a switch, is walked branch by branch: one branch keeping the NBL
    // does not excuse another that leaves without it. Other compounds that keep it somewhere
    // settle the path.
    visitCompound: (s) => {
      const branches =
        (s.type === 'if_statement' && !!s.childForFieldName('alternative')) || s.type === 'switch_statement';
      const cond = branches ? s.childForFieldName('condition') : null;
      if (cond) return releases(cond) ? 'done' : 'continue';
      return releases(s) ? 'done' : 'continue';
    },
    ...statusKnown(use, fnBody, false, statusTests(index)),
    onReturn: (s) => {
      if (mentions(s, holder)) return 'done';
      lostAt ??= s;
      return 'exit';
    },
  };
  const walk = new PathWalker(fnBody, walker, declarationScope(fnBody, holder, use.test), 'leaves');
  const test = use.test;
  if (test.type === 'switch_statement' || ternaryStatement(test)) return undefined;
  let r = walkIfBranch(walk, test, !use.failureWhenTrue);
  if (r === 'fallthrough') r = walk.walkAfter(test);
  return r === 'exit' ? lostAt : undefined;
}

/**
 * `rec->nbl` or `rec.nbl` in a record only this function holds: `rec` is a struct local, or a
 * local pointer only ever given pool memory allocated here. The record's name, else undefined.
 */
function ownRecord(text: string, fnBody: Node): string | undefined {
  const m = /^(\w+)(->|\.)\w+$/.exec(text);
  if (!m) return undefined;
  const [, root, op] = m;
  const declared = localDeclarators(fnBody, root);
  if (declared.length !== 1) return undefined;
  const d = declared[0];
  // A static local outlives the call like a global.
  if (d.parent?.children.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static'))
    return undefined;
  const init = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
  const own = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
  if (op === '.') return own?.type === 'identifier' ? root : undefined;
  if (own?.type !== 'pointer_declarator' || own.childForFieldName('declarator')?.type !== 'identifier')
    return undefined;
  const values = descendantsOf(fnBody, 'assignment_expression')
    .filter((a) => a.childForFieldName('left')?.text === root)
    .map((a) => (a.childForFieldName('operator')?.text === '=' ? a.childForFieldName('right') : null));
  if (init) values.push(init);
  return values.length && values.every((v) => !!v && poolAllocation(unwrap(v))) ? root : undefined;
}

/**
 * A call given the record itself or its address (`Publish(record)`, `InsertTailList(&q, &rec->Link)`)
 * may keep it, whatever the callee's summary says of its parameters (a store into a global is no
 * free and no hand-on there). Logging and reading calls keep nothing.
 */
function handsOnRecord(stmt: Node, record: string): boolean {
  return stmt.descendantsOfType('call_expression').some((call) => {
    if (!call || isNonOwningCall(call.childForFieldName('function')?.text ?? '', call)) return false;
    return argumentsOf(call).some((a) => {
      const n = unwrap(a);
      if (n.type === 'pointer_expression' && n.text.startsWith('&')) return rootIdentifier(n) === record;
      return n.text === record;
    });
  });
}

/** `ExAllocatePool2(…)`: a call the catalog says returns new pool memory. */
function poolAllocation(n: Node): boolean {
  if (n.type !== 'call_expression') return false;
  const made = lifecycleOf(n.childForFieldName('function')?.text ?? '')?.allocates;
  return made?.origin === 'pool' && made.into === 'return';
}

/** A call in `stmt` hands `text` to a workspace function that injects that parameter (`InjectNbl(ctx, clone)`). */
function injectedByWrapper(stmt: Node, text: string, index: WorkspaceIndex): boolean {
  return stmt.descendantsOfType('call_expression').some((call) => {
    const effects = call && index.effects(call.childForFieldName('function')?.text ?? '');
    if (!call || !effects?.injects.length) return false;
    const args = argumentsOf(call);
    return effects.injects.some((i) => !i.path && !!args[i.param] && nblText(args[i.param]) === text);
  });
}
