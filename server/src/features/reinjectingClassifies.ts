// Can a packet the driver injects outside any classifyFn come back and be injected again? Only
// through a classifyFn of the driver that clones, references or injects the packets it is
// shown (itself, through its helpers, or through a DPC or worker it hands on). A driver whose
// classifyFns do none of that (they look, block, or copy the payload out) cannot loop on them.
import { isInjectionFunction, lifecycleOf, resolveFunction } from '../catalog';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';

const MAX_DEPTH = 4;

/**
 * Calls that keep or inject a packet (the NDIS clones and builds too). Pending a classify or
 * acquiring its handle keeps no packet: one kept for later is cloned or referenced as well.
 */
const KEEPS_PACKETS =
  /^(Fwps(AllocateCloneNetBufferList|AllocateNetBufferAndNetBufferList|ReferenceNetBufferList|CloneStreamData)|Ndis(AllocateCloneNetBufferList|AllocateNetBufferAndNetBufferList))\w*$/;

function keepsPackets(callee: string): boolean {
  if (KEEPS_PACKETS.test(callee)) return true;
  const fn = resolveFunction(callee);
  return !!fn && isInjectionFunction(fn);
}

/** `name`, or a function it calls or hands on (every definition of each), keeps or injects packets. */
function reaches(name: string, index: WorkspaceIndex, depth: number, seen: Set<string>): boolean {
  if (seen.has(name) || depth > MAX_DEPTH) return false;
  seen.add(name);
  for (const def of index.definitions(name))
    for (const c of def.calls) {
      if (keepsPackets(c.callee)) return true;
      // The classifyFn's packet (its layerData, the third parameter) given to code not seen here.
      const unseen =
        !index.definitions(c.callee).length && !resolveFunction(c.callee) && !lifecycleOf(c.callee);
      if (depth === 0 && unseen && c.args.some((a) => !!a && 'param' in a && a.param === 2)) return true;
      const handedOn = c.args.flatMap((a) => (a && 'local' in a && !a.path ? [a.local] : []));
      for (const next of [c.callee, ...handedOn])
        if (index.definitions(next).length && reaches(next, index, depth + 1, seen)) return true;
    }
  return false;
}

/**
 * The classify functions of the workspace (registered, or shaped like one) that keep or inject
 * the packets they are shown; undefined until the whole workspace is indexed, and when it has no
 * classify function at all (they are in code not seen here: nothing can be said of them).
 */
export function reinjectingClassifies(index: WorkspaceIndex): string[] | undefined {
  if (!index.complete) return undefined;
  const classifies = index
    .definedNames()
    .filter(
      (n) =>
        index.definitions(n).some((d) => d.classifyShaped) ||
        index.layersOf(n).some((e) => e.kind === 'registration'),
    );
  if (!classifies.length) return undefined;
  return classifies.filter((n) => reaches(n, index, 0, new Set()));
}
