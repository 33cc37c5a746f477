// The project's own way to free a packet on a failure path, for the quick fixes: its completion
// routine called by hand when that frees the whole packet (what drivers commonly write), or the
// helper it uses to free this kind of NBL. Undefined when there is none: the plain free is used.
import { lifecycleOf } from '../catalog';
import type { Effects, ParamEffect } from './callGraph';
import type { NblOrigin } from './nbl';
import type { WorkspaceIndex } from './workspaceIndex';

/** The free at the end of the chain pairs with the origin. */
function pairs(f: ParamEffect, origin: NblOrigin): boolean {
  const last = f.via[f.via.length - 1];
  return !!last && f.resource === 'nbl' && !!lifecycleOf(last.fn)?.frees?.origins.includes(origin);
}

/** Frees exactly the NBL at `param` with a free that pairs with the origin. */
function freesNbl(e: Effects, param: number, origin: NblOrigin): boolean {
  const nbl = e.frees.filter((f) => f.param === param && f.path === '');
  return nbl.length === 1 && pairs(nbl[0], origin);
}

/**
 * The completion routine `name` frees the NBL (second parameter) and more of the packet (its
 * context, the MDL or buffer): calling it by hand on failure frees everything it was given.
 */
export function completionFreesPacket(index: WorkspaceIndex, name: string, origin: NblOrigin): boolean {
  const e = index.effects(name);
  return (
    !!e &&
    e.summary.params.length === 3 &&
    freesNbl(e, 1, origin) &&
    e.frees.some((f) => f.param === 0) &&
    !e.allocates.length &&
    !e.injects.length
  );
}

/**
 * The workspace's helper that frees one NBL of this origin and nothing else, the most used one
 * first; only one the code before `at` in `file` already declares or calls (and not a static
 * function of another file), so that the fix compiles.
 */
export function freeHelper(
  index: WorkspaceIndex,
  origin: NblOrigin,
  file: { uri: string; text: string },
  at: number,
): string | undefined {
  const before = file.text.slice(0, at);
  const candidates = index
    .callGraph()
    .functions()
    .filter(
      ({ effects: e }) =>
        e.summary.params.length === 1 &&
        e.frees.length === 1 &&
        freesNbl(e, 0, origin) &&
        !e.passes.length &&
        !e.allocates.length &&
        !e.injects.length,
    )
    .filter(
      ({ name, effects: e }) =>
        (e.summary.uri === file.uri || !e.summary.isStatic) && new RegExp(`\\b${name}\\s*\\(`).test(before),
    )
    .sort((a, b) => b.callers - a.callers || a.name.localeCompare(b.name));
  return candidates[0]?.name;
}
