// Was the NBL an injection sends built from scratch by the driver? Then no classify metadata
// exists for it, and literal interface indexes (or 0) are what the driver has to pass. A clone
// of a classified packet has metadata; an NBL handed in as a parameter could be either.
import { lifecycleOf, mayBeCatalogName } from '../catalog';
import type { CallSite } from './calls';
import { nblFieldOrigin } from './fieldOrigins';
import { allocations, nblText } from './nbl';
import { nblArgument } from './ownership';
import { unwrap } from './values';
import { declarationScope } from './paths';
import type { WorkspaceIndex } from './workspaceIndex';
import { declaredIdentifier } from './declarators';

/** NDIS calls that return a new NBL the driver fills itself (the catalog's kernel allocators of an NBL). */
const NDIS_BUILDERS = {
  test: (name: string) => {
    const made = mayBeCatalogName(name) ? undefined : lifecycleOf(name)?.allocates;
    return made?.resource === 'nbl' && made.into === 'return';
  },
};

export type PacketOrigin = 'built' | 'clone' | 'unknown';

export function packetOrigin(site: CallSite, calls: CallSite[], index: WorkspaceIndex): PacketOrigin {
  const nbl = nblArgument(site);
  const def = site.enclosingFunction;
  if (!nbl || !def) return 'unknown';
  const text = nblText(nbl);
  // Of the local declared in the call's block, not of a namesake in a sibling case.
  const body = def.childForFieldName('body');
  const scope = (body && declarationScope(body, text, nbl)) ?? def;
  const local = allocations(calls).filter(
    (a) =>
      a.text === text && a.call.startIndex >= scope.startIndex && a.call.startIndex < site.call.startIndex,
  );
  if (local.length) {
    if (local.every((a) => a.kind === 'allocated')) return 'built';
    return local.every((a) => a.kind === 'clone') ? 'clone' : 'unknown';
  }
  // `nbl = NdisAllocateNetBufferAndNetBufferList(pool, …);` earlier in the function.
  for (const a of body?.descendantsOfType('assignment_expression') ?? []) {
    if (!a || a.startIndex >= site.call.startIndex || nblText(a.childForFieldName('left')!) !== text)
      continue;
    const right = unwrap(a.childForFieldName('right')!);
    if (
      right.type === 'call_expression' &&
      NDIS_BUILDERS.test(right.childForFieldName('function')?.text ?? '')
    )
      return 'built';
  }
  for (const d of body?.descendantsOfType('init_declarator') ?? []) {
    const value = d?.childForFieldName('value');
    if (!d || !value || d.startIndex >= site.call.startIndex) continue;
    const name = declaredIdentifier(d.childForFieldName('declarator'));
    const v = unwrap(value);
    if (
      name?.text === text &&
      v.type === 'call_expression' &&
      NDIS_BUILDERS.test(v.childForFieldName('function')?.text ?? '')
    )
      return 'built';
  }
  const field = nblFieldOrigin(nbl, index);
  if (field === 'allocated') return 'built';
  return field === 'clone' ? 'clone' : 'unknown';
}
