// The statement that frees an NBL the way it was made, for the quick fixes: the catalog's paired
// free, spelled as the file spells the Fwps names (versioned or not), or the project's own free
// helper when a helper of the project made it.
import { isVersionIndependentName } from '../catalog';
import type { NblOrigin } from '../analysis/nbl';
import { freeHelper } from '../analysis/projectFrees';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';

export interface FreeTarget {
  origin: NblOrigin;
  /** The NBL expression as written (`clone`, `ctx->nbl`). */
  nbl: string;
  /** A Fwps name the file writes near it: unversioned there, unversioned here. */
  written: string;
  /** A helper of the project made it: its free helper frees it. */
  helperMade: boolean;
  /** Where the fix goes (the helper must be declared before). */
  at: number;
}

export function freeCall(file: SourceFile, index: WorkspaceIndex, t: FreeTarget): string {
  const name = (n: string) => (isVersionIndependentName(t.written) ? n.replace(/0$/, '') : n);
  const helper = t.helperMade ? freeHelper(index, t.origin, file, t.at) : undefined;
  if (helper) return `${helper}(${t.nbl});`;
  switch (t.origin) {
    case 'clone':
      return `${name('FwpsFreeCloneNetBufferList0')}(${t.nbl}, 0);`;
    case 'streamClone':
      return `${name('FwpsDiscardClonedStreamData0')}(${t.nbl}, 0, FALSE);`;
    case 'ndisClone':
      return `NdisFreeCloneNetBufferList(${t.nbl}, 0);`;
    case 'ndisAllocated':
      return `NdisFreeNetBufferList(${t.nbl});`;
    default:
      return `${name('FwpsFreeNetBufferList0')}(${t.nbl}); /* the MDL and buffer attached to it are still yours to free */`;
  }
}
