// WFP2002 for the completion context: a context allocated here for a completion function that
// frees it is ours again when the injection fails, like the NBL; the completion never runs then.
import type { Node } from 'web-tree-sitter';
import { lifecycleOf } from '../catalog';
import { argumentNodes } from '../analysis/calls';
import { failurePath, isFreeOf, mentions, type StatusUse } from '../analysis/ownership';
import { nblText } from '../analysis/nbl';
import { callResults, NON_OWNING_CALLS } from '../analysis/summaries';
import { namedFunction, unwrap } from '../analysis/values';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { finding } from './finding';
import { callName, type Owned } from './owned';
import { detectStyle, lineIndent } from './style';
import type { Finding, Fix } from './types';

/** The pool allocators whose tag (this argument) the free must name. */
const POOL_TAG_ARG: Record<string, number> = {
  ExAllocatePoolWithTag: 2,
  ExAllocatePool2: 2,
  ExAllocatePoolZero: 2,
};

/** `ctx` is a local of the body (not a parameter): nobody else can reach it. */
function declaredIn(body: Node, name: string): boolean {
  return (
    body.descendantsOfType('init_declarator').some((d) => declaredName(d) === name) ||
    body
      .descendantsOfType('declaration')
      .some((d) => !!d && d.childrenForFieldName('declarator').some((x) => declaredName(x) === name))
  );
}

function declaredName(declarator: Node | null): string | undefined {
  let n: Node | null = declarator;
  while (n && n.type !== 'identifier') n = n.childForFieldName('declarator');
  return n?.text;
}

/** The last call before `before` whose result is stored in `name`, when it allocates (catalog or helper). */
function allocationOf(body: Node, name: string, before: number, index: WorkspaceIndex): Node | undefined {
  const { targets } = callResults(body);
  let found: Node | undefined;
  for (const call of body.descendantsOfType('call_expression')) {
    if (!call || call.startIndex >= before || targets.get(call.id)?.text !== name) continue;
    const callee = call.childForFieldName('function')?.text ?? '';
    const made = lifecycleOf(callee)?.allocates;
    const allocates = made
      ? made.into === 'return' && made.resource === 'buffer'
      : !!index.effects(callee)?.allocates.some((a) => a.into === 'return');
    found = allocates ? call : undefined;
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
        if (!NON_OWNING_CALLS.test(callee) && !lifecycleOf(callee)?.frees) return false;
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

/** The free that pairs with the allocation, after the statement that frees the NBL on failure. */
function contextFix(
  file: SourceFile,
  o: Owned,
  release: Node | undefined,
  ctx: string,
  allocation: Node,
): Fix | undefined {
  const call = release?.type === 'expression_statement' ? release.namedChild(0) : null;
  if (!release || call?.type !== 'call_expression' || !isFreeOf(call, nblText(o.nbl))) return undefined;
  const allocator = allocation.childForFieldName('function')?.text ?? '';
  const tagAt = POOL_TAG_ARG[allocator];
  const tag =
    tagAt === undefined ? undefined : argumentNodes(allocation.childForFieldName('arguments')!)[tagAt];
  if (!tag || tag.hasError) return undefined;
  const style = detectStyle(file, o.body);
  const indent = lineIndent(file, release.startIndex);
  return {
    title: `Free \`${ctx}\` on failure too (ExFreePoolWithTag)`,
    preferred: true,
    safe: true,
    edits: [
      {
        start: release.endIndex,
        end: release.endIndex,
        newText: `${style.eol}${indent}ExFreePoolWithTag(${ctx}, ${tag.text});`,
      },
    ],
  };
}

/**
 * The completion context leaks when the injection fails: allocated here, freed by the completion
 * function (which only runs on success), and not freed on a failure path that frees the NBL.
 * Checked only where the NBL itself is freed on failure: otherwise WFP2002 already reports it.
 */
export function contextLeakOnFailure(
  file: SourceFile,
  o: Owned,
  use: StatusUse & { kind: 'tested' },
  index: WorkspaceIndex,
): Finding[] {
  const ctxArg = o.context && unwrap(o.context);
  const completion = o.completion && namedFunction(o.completion)?.text;
  if (ctxArg?.type !== 'identifier' || !completion) return [];
  const ctx = ctxArg.text;
  const effects = index.effects(completion);
  if (!effects?.frees.some((f) => f.param === 0 && f.path === '')) return [];
  if (!declaredIn(o.body, ctx) || mentions(o.nbl, ctx)) return [];
  const allocation = allocationOf(o.body, ctx, o.call.startIndex, index);
  if (!allocation || !keptUntil(o.body, ctx, allocation, o.call)) return [];
  const seen: { release?: Node } = {};
  if (failurePath(use, o.nbl, o.body, index, undefined, seen) !== 'freed') return [];
  if (failurePath(use, ctxArg, o.body, index) !== 'leaked') return [];
  const fix = contextFix(file, o, seen.release, ctx, allocation);
  return [
    finding(
      'WFP2002',
      `\`${ctx}\` leaks when ${callName(o)} fails: ${completion} frees its context, but the completion function only runs on STATUS_SUCCESS, and the failure path frees the NBL but not \`${ctx}\`. Free it there too.`,
      o.nameNode.startIndex,
      o.nameNode.endIndex,
      {
        related: [
          {
            uri: file.uri,
            start: allocation.startIndex,
            end: allocation.endIndex,
            line: allocation.startPosition.row,
            message: 'completion context allocated here',
          },
        ],
        fixes: fix ? [fix] : [],
      },
    ),
  ];
}
