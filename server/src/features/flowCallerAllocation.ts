// The flow panel's allocate step for an NBL handed in as a parameter: found where a caller in
// the workspace (any file, read from the function summaries) passes a local it cloned or
// allocated itself with a catalog allocator.
import { lifecycleOf } from '../catalog';
import type { CallSite } from '../analysis/calls';
import { functionName } from '../analysis/functions';
import type { CallFact, FunctionSummary } from '../analysis/summaries';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import type { FlowStep } from '../../../shared/flowModel';
import { locationAt, step } from './flowStep';

export function callerAllocationStep(
  file: SourceFile,
  index: WorkspaceIndex,
  site: CallSite,
  text: string | undefined,
): FlowStep | undefined {
  const name = site.enclosingFunction && functionName(site.enclosingFunction);
  const param = name && text ? index.functionSummary(name)?.params.indexOf(text) : undefined;
  if (!name || param === undefined || param < 0) return undefined;
  const found: { caller: FunctionSummary; local: string; made: CallFact }[] = [];
  // Every definition, overloads too (`Inject` defined twice is no function of the call graph).
  for (const s of index.definedNames().flatMap((n) => index.definitions(n))) {
    for (const c of s.calls) {
      const arg = c.callee === name ? c.args[param] : null;
      if (!arg || !('local' in arg) || arg.path || arg.addr) continue;
      const made = s.calls.find((x) => allocatesInto(x, arg.local));
      if (made) found.push({ caller: s, local: arg.local, made });
    }
  }
  if (!found.length) return undefined;
  const { caller, local, made } = found[0];
  const more =
    found.length > 1 ? ` (${found.length - 1} more ${found.length > 2 ? 'calls' : 'call'} alike)` : '';
  return step(
    'allocate',
    'Clone or allocate the NBL',
    'found',
    `\`${text}\` is given by ${caller.name}, where \`${local}\` comes from ${made.callee}${more}.`,
    locationAt(file, caller.uri, caller.start + made.rel, caller.line + made.relLine),
  );
}

/** The call allocates an NBL into `local` (`&local` out-parameter, or `local = Allocate(…)`). */
function allocatesInto(c: CallFact, local: string): boolean {
  const made = lifecycleOf(c.callee)?.allocates;
  if (made?.resource !== 'nbl') return false;
  if (made.into === 'return') return c.result === local;
  const a = c.args[made.into];
  return !!a && 'local' in a && a.local === local && a.addr && !a.path;
}
