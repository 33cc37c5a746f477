// NET_BUFFER_LISTs: how they are allocated, freed, and which free pairs with which allocation.
import type { Node } from 'web-tree-sitter';
import type { CallSite } from './calls';
import { handleKey } from './handles';
import { unwrap } from './values';

export type NblOrigin = 'clone' | 'allocated' | 'streamClone' | 'reassembled';

/** Allocation function → what it produces and which argument receives the NBL. */
const ALLOCATORS: Record<string, NblOrigin> = {
  FwpsAllocateCloneNetBufferList0: 'clone',
  FwpsAllocateDeepCloneNetBufferList0: 'clone',
  FwpsAllocateNetBufferAndNetBufferList0: 'allocated',
  FwpsCloneStreamData0: 'streamClone',
  FwpsReassembleForwardFragmentGroup0: 'reassembled',
};

/** The free that pairs with each origin (versioned name). */
export const PAIRED_FREE: Record<NblOrigin, string> = {
  clone: 'FwpsFreeCloneNetBufferList0',
  allocated: 'FwpsFreeNetBufferList0',
  streamClone: 'FwpsDiscardClonedStreamData0',
  reassembled: 'FwpsFreeNetBufferList0',
};

/**
 * Frees that are correct for each origin. A stream clone is a chain: FwpsFreeCloneNetBufferList0
 * on its first NBL leaks the rest, so only FwpsDiscardClonedStreamData0 releases one not injected.
 */
const ACCEPTED_FREES: Record<NblOrigin, string[]> = {
  clone: ['FwpsFreeCloneNetBufferList0'],
  allocated: ['FwpsFreeNetBufferList0'],
  streamClone: ['FwpsDiscardClonedStreamData0'],
  reassembled: ['FwpsFreeNetBufferList0'],
};

export function freeMatches(origin: NblOrigin, freeName: string): boolean {
  return ACCEPTED_FREES[origin].includes(freeName);
}

/** Normalised text of an NBL expression, for comparing `clone`, `(PNET_BUFFER_LIST)clone`, `p->nbl`. */
export function nblText(expr: Node): string {
  return unwrap(expr).text.replace(/\s+/g, '');
}

export interface Allocation {
  /** nblText of the receiving expression, e.g. `clone` or `packet->nbl`. */
  text: string;
  /** handleKey-style key: variable name or `.field`. */
  key: string;
  kind: NblOrigin;
  call: Node;
}

/** Allocations whose out-argument is `&expr`. */
export function allocations(calls: CallSite[]): Allocation[] {
  const out: Allocation[] = [];
  for (const site of calls) {
    const kind = ALLOCATORS[site.fn.name];
    if (!kind) continue;
    const outParam = site.fn.params.findIndex((p) => p.role === 'netBufferListOut');
    const arg = outParam >= 0 ? site.args[outParam] : site.args[site.args.length - 1];
    if (!arg) continue;
    const n = unwrap(arg);
    if (n.type !== 'pointer_expression' || !n.text.startsWith('&')) continue;
    const target = n.childForFieldName('argument');
    const key = target && handleKey(target);
    if (!target || !key) continue;
    out.push({ text: nblText(target), key, kind, call: site.call });
  }
  return out;
}

export interface FreeCall {
  site: CallSite;
  text: string;
}

export function frees(calls: CallSite[]): FreeCall[] {
  return calls
    .filter((s) => s.fn.kind === 'nblFree' || s.fn.name === 'FwpsDiscardClonedStreamData0')
    .filter((s) => s.args.length > 0)
    .map((s) => ({ site: s, text: nblText(s.args[0]) }));
}
