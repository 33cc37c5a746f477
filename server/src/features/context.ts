// Shared lookups for the cursor-driven features: which catalog call (and argument) is at an offset.
import { resolveFunction, type FunctionSpec, type WindowsTarget } from '../catalog';
import { enclosingCall, type CallFrame } from '../parse/callContext';
import type { SourceFile } from '../parse/document';

export interface CatalogCallAt {
  frame: CallFrame;
  fn: FunctionSpec;
}

/** The innermost catalog call around `offset`, found lexically so half-typed calls count. */
export function catalogCallAt(
  file: SourceFile,
  offset: number,
  target: WindowsTarget,
): CatalogCallAt | undefined {
  let fn: FunctionSpec | undefined;
  const frame = enclosingCall(file.text, file.topLevelStart(offset), offset, (name) => {
    fn = name.startsWith('Fwps') ? resolveFunction(name, target) : undefined;
    return !!fn;
  });
  return frame && fn ? { frame, fn } : undefined;
}
