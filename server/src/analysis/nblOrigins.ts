// Where the NBL given to an injection comes from: an allocation earlier in the same function
// (by a catalog allocator, a kernel allocator or a helper of the workspace), a local allocation
// stored into the field that is injected, or what the workspace stores into that field.
import type { Node } from '../parse/syntaxNode';
import type { SourceFile } from '../parse/document';
import { within, type CallSite } from './calls';
import { nblFieldOrigin } from './fieldOrigins';
import { helperAllocations } from './helperCalls';
import { allocations, nblText, type Allocation, type NblOrigin } from './nbl';
import { unwrap } from './values';
import type { WorkspaceIndex } from './workspaceIndex';
import { descendantsOf } from './descendants';
import { declarationScope } from './paths';

export interface KnownOrigin {
  origin: NblOrigin;
  /** The allocation in this function, when it is one (else the field's stores say). */
  allocation?: Allocation;
}

/** Origins of NBLs in one file; allocations are collected once per function. */
export class NblOrigins {
  private readonly byFunction = new Map<number, Allocation[]>();

  constructor(
    private readonly file: SourceFile,
    /** The catalog calls of the file (or of a declaration), in source order. */
    private readonly calls: CallSite[],
    private readonly index: WorkspaceIndex,
  ) {}

  /** Every allocation in the function, in source order. */
  allocationsIn(def: Node): Allocation[] {
    let list = this.byFunction.get(def.id);
    if (!list) {
      const start = def.startIndex;
      const end = def.endIndex;
      // The function's calls, found by halving the file's (each function filtering the whole
      // file's list was quadratic in a large driver).
      const own = allocations(within(this.calls, def)).filter(
        (a) => a.call.startIndex >= start && a.call.endIndex <= end,
      );
      list = [...own, ...helperAllocations(def, this.index, this.file)].sort(
        (a, b) => a.call.startIndex - b.call.startIndex,
      );
      this.byFunction.set(def.id, list);
    }
    return list;
  }

  /**
   * The allocations in `def` into the NBL expression `nbl`: of its own local where it is declared
   * in a block (a case of a switch), not of a namesake in a sibling block.
   */
  allocationsOf(def: Node, nbl: Node): Allocation[] {
    const text = nblText(nbl);
    const body = def.childForFieldName('body');
    const scope = body ? declarationScope(body, text, nbl) : undefined;
    return this.allocationsIn(def).filter(
      (a) =>
        a.text === text &&
        (!scope || (a.call.startIndex >= scope.startIndex && a.call.endIndex <= scope.endIndex)),
    );
  }

  /** The origin of the NBL expression `nbl` injected at `before` in `def`, when it is known. */
  at(def: Node, nbl: Node, before: number): KnownOrigin | undefined {
    const text = nblText(nbl);
    const inFunction = this.allocationsIn(def);
    const local = this.allocationsOf(def, nbl).filter((a) => a.call.startIndex < before);
    if (local.length) return single(local);
    // `entry->nbl = nbl;` earlier in the function, `nbl` allocated here: the field holds it.
    const stored = storedLocal(def, text, before);
    const from = stored
      ? inFunction.filter((a) => a.text === stored.text && a.call.startIndex < stored.at)
      : [];
    if (from.length) return single(from);
    const origin = nblFieldOrigin(nbl, this.index);
    return origin ? { origin } : undefined;
  }
}

/** One origin for all the allocations, and the last of them. */
function single(list: Allocation[]): KnownOrigin | undefined {
  if (new Set(list.map((a) => a.kind)).size !== 1) return undefined;
  return { origin: list[0].kind, allocation: list[list.length - 1] };
}

/** The last `field = local;` store into the NBL expression `text` before `before`, when it is a plain local. */
function storedLocal(def: Node, text: string, before: number): { text: string; at: number } | undefined {
  let found: { text: string; at: number } | undefined;
  for (const a of descendantsOf(def, 'assignment_expression')) {
    if (!a || a.startIndex >= before || a.childForFieldName('operator')?.text !== '=') continue;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (!left || !right || left.type !== 'field_expression' || nblText(left) !== text) continue;
    const value = unwrap(right);
    found = value.type === 'identifier' ? { text: value.text, at: a.startIndex } : undefined;
  }
  return found;
}
