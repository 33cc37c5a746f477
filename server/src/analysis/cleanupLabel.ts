// Can the function's cleanup label take the free of an injected NBL? Only when that is clearly
// right: a local NBL that starts out NULL, used for nothing but its allocation, this injection
// and NULL checks, and a top-level label after the call that every failure path reaches.
import type { Node } from '../parse/syntaxNode';
import { alwaysLeaves, failurePath, mentions, type StatusUse } from './ownership';
import { isNonOwningCall } from './summaries';
import { lifecycleOf } from '../catalog';
import { isNullLiteral } from './values';
import type { WorkspaceIndex } from './workspaceIndex';
import { declaredName } from './declarators';

export interface CleanupLabel {
  label: Node;
  /** `nbl = NULL;` goes after this statement (the failure test whose branch always leaves)… */
  clearAfter?: Node;
  /** …or first into this block (the success branch). */
  clearIn?: Node;
  /** The label already releases something, so it is where this function does its cleanup. */
  cleansUp: boolean;
}

const NOT_STRAIGHT = new Set([
  'for_statement',
  'while_statement',
  'do_statement',
  'for_range_loop',
  'switch_statement',
  'case_statement',
  'seh_try_statement',
  'try_statement',
]);

export function cleanupLabel(
  use: StatusUse & { kind: 'tested' },
  nbl: Node,
  inject: Node,
  fnBody: Node,
  index: WorkspaceIndex,
): CleanupLabel | undefined {
  // A switch or ternary test has no single failure branch to end in a jump.
  if (nbl.type !== 'identifier' || use.test.type !== 'if_statement') return undefined;
  const name = nbl.text;
  // Inside a loop a label outside it would free only the last NBL.
  for (let n = use.test.parent; n && n.id !== fnBody.id; n = n.parent)
    if (NOT_STRAIGHT.has(n.type)) return undefined;
  if (!startsNull(fnBody, name) || !onlyAllocatedAndInjected(fnBody, name, inject)) return undefined;

  const cons = use.test.childForFieldName('consequence');
  let clear: Pick<CleanupLabel, 'clearAfter' | 'clearIn'>;
  if (use.failureWhenTrue && cons && alwaysLeaves(cons)) clear = { clearAfter: use.test };
  else if (!use.failureWhenTrue && cons?.type === 'compound_statement' && !mentions(cons, name))
    clear = { clearIn: cons };
  else return undefined;

  const labels = fnBody.namedChildren.filter(
    (l): l is Node => !!l && l.type === 'labeled_statement' && l.startIndex > use.test.endIndex,
  );
  const jumpedTo = cons
    ? gotoTarget(use.failureWhenTrue ? cons : use.test.childForFieldName('alternative'))
    : undefined;
  labels.sort((a, b) => Number(labelName(b) === jumpedTo) - Number(labelName(a) === jumpedTo));
  for (const label of labels) {
    // After a successful injection nothing may use the NBL before the label.
    if (clear.clearAfter && mentionsBetween(fnBody, name, use.test.endIndex, label.startIndex)) continue;
    if (!labelStatement(label)) continue;
    if (failurePath(use, nbl, fnBody, index, label) !== 'freed') continue;
    return { label, ...clear, cleansUp: releasesSomething(fnBody, label) };
  }
  return undefined;
}

/** The statement a label marks (`Exit: return status;` → `return status;`). */
export function labelStatement(label: Node): Node | undefined {
  return label.namedChildren.find(
    (c): c is Node => !!c && c.type !== 'statement_identifier' && c.type !== 'comment',
  );
}

function labelName(label: Node): string | undefined {
  return label.childForFieldName('label')?.text;
}

/** `goto X;` or `{ …; goto X; }` → X. */
function gotoTarget(branch: Node | null): string | undefined {
  let n: Node | null | undefined =
    branch?.type === 'else_clause' ? branch.namedChildren.find((c) => !!c && c.type !== 'comment') : branch;
  if (n?.type === 'compound_statement') n = n.namedChildren.filter((c) => !!c && c.type !== 'comment').pop();
  return n?.type === 'goto_statement' ? n.childForFieldName('label')?.text : undefined;
}

/** A top-level `T* name = NULL;`: paths that reach the label before the allocation see NULL. */
function startsNull(fnBody: Node, name: string): boolean {
  return fnBody.namedChildren.some(
    (d) =>
      d?.type === 'declaration' &&
      d
        .childrenForFieldName('declarator')
        .some(
          (i) =>
            i?.type === 'init_declarator' &&
            declaredName(i) === name &&
            isNullLiteral(i.childForFieldName('value')!),
        ),
  );
}

/**
 * Every mention of `name` is its declaration, `&name` given to a catalog allocation, the injection,
 * `name = NULL`, a NULL test or a call that only looks at it. Anything else (another free, a
 * hand-off, a second injection) could make a free in the label wrong.
 */
export function onlyAllocatedAndInjected(fnBody: Node, name: string, inject: Node): boolean {
  for (const id of fnBody.descendantsOfType('identifier')) {
    if (!id || id.text !== name) continue;
    if (id.startIndex >= inject.startIndex && id.endIndex <= inject.endIndex) continue;
    let p = id.parent;
    while (p?.type === 'parenthesized_expression') p = p.parent;
    if (!p) return false;
    if (p.type === 'init_declarator' || p.type === 'pointer_declarator' || p.type === 'declaration') continue;
    if (
      p.type === 'pointer_expression' &&
      p.text.startsWith('&') &&
      lifecycleOf(calleeOf(p) ?? '')?.allocates
    )
      continue;
    if (
      p.type === 'assignment_expression' &&
      p.childForFieldName('left')?.id === id.id &&
      isNullLiteral(p.childForFieldName('right')!)
    )
      continue;
    if (
      p.type === 'binary_expression' &&
      /^[!=]=$/.test(p.childForFieldName('operator')?.text ?? '') &&
      p.namedChildren.some((c) => !!c && c.id !== id.id && isNullLiteral(c))
    )
      continue;
    if (p.type === 'unary_expression' && p.childForFieldName('operator')?.text === '!') continue;
    if (p.type === 'condition_clause' || p.type === 'if_statement') continue;
    if (p.type === 'argument_list' && isNonOwningCall(calleeOf(id) ?? '', p)) continue;
    return false;
  }
  return true;
}

function calleeOf(arg: Node): string | undefined {
  let n: Node | null = arg.parent;
  while (n && n.type !== 'call_expression')
    n =
      n.type === 'argument_list' || n.type === 'parenthesized_expression' || n.type === 'cast_expression'
        ? n.parent
        : null;
  return n?.childForFieldName('function')?.text;
}

/** A use of `name` in [start, end) other than clearing it (`name = NULL`). */
function mentionsBetween(fnBody: Node, name: string, start: number, end: number): boolean {
  return fnBody.descendantsOfType('identifier').some((i) => {
    if (!i || i.text !== name || i.startIndex < start || i.endIndex > end) return false;
    const p = i.parent;
    return !(
      p?.type === 'assignment_expression' &&
      p.childForFieldName('left')?.id === i.id &&
      isNullLiteral(p.childForFieldName('right')!)
    );
  });
}

/** Some call from the label to the end of the function frees or closes something. */
function releasesSomething(fnBody: Node, label: Node): boolean {
  return fnBody.namedChildren
    .filter((c): c is Node => !!c && c.startIndex >= label.startIndex)
    .some((c) =>
      c
        .descendantsOfType('call_expression')
        .some((call) => !!call && !isNonOwningCall(call.childForFieldName('function')?.text ?? '', call)),
    );
}
