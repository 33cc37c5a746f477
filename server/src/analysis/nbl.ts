// NET_BUFFER_LISTs: how they are allocated, freed, and which free pairs with which allocation.
import type { Node } from '../parse/syntaxNode';
import type { CallSite } from './calls';
import { handleKey } from './handles';
import { acceptedFrees, lifecycleOf, pairedFree, type Origin, type Resource } from '../catalog';
import { unwrap } from './values';

/** How an NBL (or the MDL and buffer under it) was allocated: which free pairs with it. */
export type NblOrigin = Origin;

/** The free that pairs with each origin (versioned name), from the catalog. */
export function pairedFreeName(origin: NblOrigin): string {
  return pairedFree(origin) ?? 'FwpsFreeNetBufferList0';
}

export function freeMatches(origin: NblOrigin, freeName: string): boolean {
  return acceptedFrees(origin).includes(freeName);
}

/** Normalised text of an NBL expression, for comparing `clone`, `(PNET_BUFFER_LIST)clone`, `p->nbl`. */
export function nblText(expr: Node): string {
  const text = unwrap(expr).text;
  // No NBL is named in hundreds of characters; a call nested thousands deep has an argument that
  // long at every level, and rewriting each of them took seconds.
  return text.length > LONGEST_NBL_TEXT ? text : text.replace(/\s+/g, '');
}

const LONGEST_NBL_TEXT = 256;

export interface Allocation {
  /** nblText of the receiving expression, e.g. `clone` or `packet->nbl`. */
  text: string;
  /** handleKey-style key: variable name or `.field`. */
  key: string;
  kind: NblOrigin;
  call: Node;
  /** Allocated by a helper of the workspace: the chain of calls down to the allocator. */
  via?: ChainStep[];
  /** Built by that helper over an MDL (and buffer) it allocated and gave back only through the NBL. */
  parts?: BuiltPart[];
}

/** An MDL or buffer an NBL was built over, and how it was allocated (which free pairs with it). */
export interface BuiltPart {
  resource: Resource;
  origin: Origin;
}

/** One call on the way from a helper down to the catalog function that does the work. */
export interface ChainStep {
  /** The function called at this step. */
  fn: string;
  uri: string;
  start: number;
  line: number;
}

/** Allocations whose out-argument is `&expr`. */
export function allocations(calls: CallSite[]): Allocation[] {
  const out: Allocation[] = [];
  for (const site of calls) {
    const made = lifecycleOf(site.fn.name)?.allocates;
    if (!made || made.resource !== 'nbl' || made.into === 'return') continue;
    const kind = made.origin;
    const arg = site.args[made.into];
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
    .map((s) => ({ s, freed: lifecycleOf(s.fn.name)?.frees }))
    .filter(({ s, freed }) => freed?.resource === 'nbl' && s.args.length > freed.arg)
    .map(({ s, freed }) => ({ site: s, text: nblText(s.args[freed!.arg]) }));
}
