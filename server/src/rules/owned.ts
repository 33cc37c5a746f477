// An injection whose NBL this code owns again when the call fails: shared by the ownership rules.
import type { Node } from '../parse/syntaxNode';
import type { BuiltPart, ChainStep, NblOrigin } from '../analysis/nbl';

export interface Owned {
  /** The injection call, or the call of a wrapper that returns an injection's status. */
  call: Node;
  nameNode: Node;
  /** The catalog injection function (at the end of the wrapper's chain). */
  fn: string;
  /** The name as written, to keep version-independent spelling in fixes. */
  written: string;
  /** The wrapper called here and its chain down to the injection. */
  wrapper?: { name: string; via: ChainStep[] };
  completion?: Node;
  /** The completion context argument. */
  context?: Node;
  nbl: Node;
  origin: NblOrigin;
  allocation?: Node;
  /** The allocation was made by a helper: its chain down to the allocator. */
  allocatedVia?: ChainStep[];
  /** The helper built the NBL over an MDL (and buffer) it gave back only through the NBL. */
  allocatedParts?: BuiltPart[];
  body: Node;
}

/** `BuildPacketNbl → FwpsAllocateNetBufferAndNetBufferList0`. */
export function chainText(via: ChainStep[]): string {
  return via.map((s) => s.fn).join(' → ');
}

/** What the message calls the call: `FwpsInject…` or `InjectIt (which returns the status of FwpsInject…)`. */
export function callName(o: Owned): string {
  return o.wrapper ? `${o.wrapper.name} (which returns the status of ${o.fn})` : o.fn;
}
