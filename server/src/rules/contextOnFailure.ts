// WFP2002 for the completion context: a context allocated here for a completion function that
// frees it is ours again when the injection fails, like the NBL; the completion never runs then.
import type { Node } from '../parse/syntaxNode';
import { lifecycleOf } from '../catalog';
import { argumentNodes } from '../analysis/calls';
import { failurePath, isFreeOf, mentions, type StatusUse } from '../analysis/ownership';
import { nblText } from '../analysis/nbl';
import { callResults, isNonOwningCall } from '../analysis/summaries';
import { namedFunction, unwrap } from '../analysis/values';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { finding } from './finding';
import { callName, type Owned } from './owned';
import { detectStyle, lineIndent } from './style';
import type { Finding, Fix } from './types';
import { declaresLocal } from '../analysis/declarators';

/** The pool allocators whose tag (this argument) the free must name. */
const POOL_TAG_ARG: Record<string, number> = {
  ExAllocatePoolWithTag: 2,
  ExAllocatePool2: 2,
  ExAllocatePoolZero: 2,
};

/** The last pool allocation before `before` whose result is stored in `name`, and its paired free. */
function allocationOf(body: Node, name: string, before: number): { call: Node; free: string } | undefined {
  const { targets } = callResults(body);
  let found: { call: Node; free: string } | undefined;
  for (const call of body.descendantsOfType('call_expression')) {
    if (!call || call.startIndex >= before || targets.get(call.id)?.text !== name) continue;
    const allocator = call.childForFieldName('function')?.text ?? '';
    const made = lifecycleOf(allocator)?.allocates;
    const tagAt = POOL_TAG_ARG[allocator];
    const tag = tagAt === undefined ? undefined : argumentNodes(call.childForFieldName('arguments')!)[tagAt];
    // Only where the free that pairs with it is known: the fix must be able to write it.
    found =
      made?.into === 'return' && made.resource === 'buffer' && tag && !tag.hasError
        ? { call, free: `ExFreePoolWithTag(${name}, ${tag.text});` }
        : undefined;
  }
  return found;
}

/**
 * Between its allocation and the injection the context stays ours: it is not handed to a call
 * (a queue, a list, a helper that may keep it; a free there is an earlier failure's) nor stored
 * anywhere else.
 */
function keptUntil(body: Node, name: string, from: Node, inject: Node): boolean {
  for (const id of body.descendantsOfType('identifier')) {
    if (!id || id.text !== name || id.startIndex <= from.endIndex || id.startIndex >= inject.startIndex)
      continue;
    for (let p = id.parent; p && p.id !== body.id; p = p.parent) {
      if (p.type === 'argument_list') {
        const callee = p.parent?.childForFieldName('function')?.text ?? '';
        // A free before the injection is on another path (an earlier failure): not a new owner.
        if (!isNonOwningCall(callee, p) && !lifecycleOf(callee)?.frees) return false;
        break;
      }
      if (p.type === 'assignment_expression') {
        const right = p.childForFieldName('right');
        if (right && right.startIndex <= id.startIndex && id.endIndex <= right.endIndex) {
          const v = unwrap(right);
          // `x = ctx;` or `x = &ctx->entry;` makes another owner; `ctx->n = ctx->m + 1;` does not.
          if (v.type === 'identifier' || v.type === 'pointer_expression') return false;
        }
        break;
      }
      if (p.type === 'expression_statement' || p.type === 'declaration') break;
    }
  }
  return true;
}

interface OwnedContext {
  ctx: Node;
  completion: string;
  allocation: Node;
  /** The free that pairs with the allocation, as a statement. */
  free: string;
}

/** The completion context allocated here (from the pool) for a completion function that frees it. */
function ownedContext(o: Owned, index: WorkspaceIndex): OwnedContext | undefined {
  const ctx = o.context && unwrap(o.context);
  const completion = o.completion && namedFunction(o.completion)?.text;
  if (ctx?.type !== 'identifier' || !completion) return undefined;
  if (!index.effects(completion)?.frees.some((f) => f.param === 0 && f.path === '')) return undefined;
  if (!declaresLocal(o.body, ctx.text) || mentions(o.nbl, ctx.text)) return undefined;
  const allocation = allocationOf(o.body, ctx.text, o.call.startIndex);
  if (!allocation || !keptUntil(o.body, ctx.text, allocation.call, o.call)) return undefined;
  return { ctx, completion, allocation: allocation.call, free: allocation.free };
}

/** Whether the context leaks when the call fails: on the tested failure path, or (status not tested yet) never mentioned again. */
function leaksOnFailure(c: OwnedContext, o: Owned, use: StatusUse, index: WorkspaceIndex): boolean {
  if (use.kind === 'tested') return failurePath(use, c.ctx, o.body, index) === 'leaked';
  return !o.body.text.slice(o.call.endIndex - o.body.startIndex).match(new RegExp(`\\b${c.ctx.text}\\b`));
}

/**
 * The statements a fix that frees the NBL on failure must add so that the context does not leak
 * either: a fix that left it would only make the context's own finding appear.
 */
export function contextFreesWithNbl(o: Owned, use: StatusUse, index: WorkspaceIndex): string[] {
  const c = ownedContext(o, index);
  return c && leaksOnFailure(c, o, use, index) ? [c.free] : [];
}

/** The context's free, right after the statement that frees the NBL on the failure path. */
function contextFix(file: SourceFile, o: Owned, release: Node | undefined, c: OwnedContext): Fix | undefined {
  const call = release?.type === 'expression_statement' ? release.namedChild(0) : null;
  if (!release || call?.type !== 'call_expression' || !isFreeOf(call, nblText(o.nbl))) return undefined;
  const style = detectStyle(file, o.body);
  const indent = lineIndent(file, release.startIndex);
  return {
    title: `Free \`${c.ctx.text}\` on failure too (${c.free.replace(/\(.*$/, '')})`,
    preferred: true,
    safe: true,
    edits: [{ start: release.endIndex, end: release.endIndex, newText: `${style.eol}${indent}${c.free}` }],
  };
}

/**
 * The completion context leaks when the injection fails: allocated here, freed by the completion
 * function (which only runs on success), and not freed on a failure path that frees the NBL.
 * Where the NBL leaks too, its WFP2002 says so and its fix frees both (contextFreesWithNbl).
 */
export function contextLeakOnFailure(
  file: SourceFile,
  o: Owned,
  use: StatusUse & { kind: 'tested' },
  index: WorkspaceIndex,
): Finding[] {
  const c = ownedContext(o, index);
  if (!c) return [];
  const seen: { release?: Node } = {};
  if (failurePath(use, o.nbl, o.body, index, undefined, seen) !== 'freed') return [];
  if (!leaksOnFailure(c, o, use, index)) return [];
  const fix = contextFix(file, o, seen.release, c);
  return [
    finding(
      'WFP2002',
      `\`${c.ctx.text}\` leaks when ${callName(o)} fails: ${c.completion} frees its context, but the completion function only runs on STATUS_SUCCESS, and the failure path frees the NBL but not \`${c.ctx.text}\`. Free it there too.`,
      o.nameNode.startIndex,
      o.nameNode.endIndex,
      {
        related: [
          {
            uri: file.uri,
            start: c.allocation.startIndex,
            end: c.allocation.endIndex,
            line: c.allocation.startPosition.row,
            message: 'completion context allocated here',
          },
        ],
        fixes: fix ? [fix] : [],
      },
    ),
  ];
}
