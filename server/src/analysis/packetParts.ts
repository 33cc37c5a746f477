// The parts under an NBL built in place: the MDL it was allocated over (IoAllocateMdl) and the
// pool buffer under that MDL (ExAllocatePool…), each a local allocated in the same function.
// Freeing the NBL frees neither; whoever frees the packet must free all three.
import type { Node } from '../parse/syntaxNode';
import { lifecycleOf, pairedFree, type Resource } from '../catalog';
import { argumentNodes } from './calls';
import { callResults } from './summaries';
import { unwrap } from './values';

export interface PacketPart {
  resource: Resource;
  /** The local holding it, as written in the call built over it. */
  node: Node;
  /** The call that allocated it. */
  allocation: Node;
  /** The free that pairs with it (`IoFreeMdl`, `ExFreePoolWithTag`). */
  free: string;
}

function argumentsOf(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  return list ? argumentNodes(list) : [];
}

/** The local allocated in `body` before `before` that the argument `arg` names, with its allocation. */
function allocatedLocal(
  body: Node,
  arg: Node | undefined,
  before: number,
  resource: Resource,
): { node: Node; allocation: Node; free: string } | undefined {
  const n = arg && unwrap(arg);
  if (n?.type !== 'identifier') return undefined;
  const { targets } = callResults(body);
  let found: { node: Node; allocation: Node; free: string } | undefined;
  for (const call of body.descendantsOfType('call_expression')) {
    if (!call || call.startIndex >= before) continue;
    const made = lifecycleOf(call.childForFieldName('function')?.text ?? '')?.allocates;
    const target = targets.get(call.id);
    if (!made || made.resource !== resource || made.into !== 'return' || target?.text !== n.text) continue;
    found = { node: n, allocation: call, free: pairedFree(made.origin) ?? '' };
  }
  return found;
}

/** The MDL and buffer under the NBL allocated by `nblAllocation`, as far as this function shows them. */
export function packetParts(nblAllocation: Node, body: Node): PacketPart[] {
  const made = lifecycleOf(nblAllocation.childForFieldName('function')?.text ?? '')?.allocates;
  if (made?.resource !== 'nbl' || made.over === undefined) return [];
  const mdl = allocatedLocal(body, argumentsOf(nblAllocation)[made.over], nblAllocation.startIndex, 'mdl');
  if (!mdl) return [];
  const parts: PacketPart[] = [{ resource: 'mdl', ...mdl }];
  const under = lifecycleOf(mdl.allocation.childForFieldName('function')?.text ?? '')?.allocates?.over;
  const buffer =
    under === undefined
      ? undefined
      : allocatedLocal(body, argumentsOf(mdl.allocation)[under], mdl.allocation.startIndex, 'buffer');
  if (buffer) parts.push({ resource: 'buffer', ...buffer });
  return parts;
}
