// WFP3005 for a classify function that injects only through the driver's helpers (`InjectClone(
// clone, inFixedValues)`): the packets come back to it all the same, and it must recognise them.
// A classify function that clones or injects itself is judged by selfInjection.ts.
import { injectedAway, resolveFunction, type FunctionSpec } from '../catalog';
import { classifyScope, isClassifyFunction } from '../analysis/classifyScope';
import { calledNames, functionDefinitions, functionName } from '../analysis/functions';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { finding } from './finding';
import { isQuery } from './selfInjection';
import type { Finding, Rule } from './types';

const MAX_DEPTH = 3;

/** The injection functions `fn` calls, itself or through the driver's functions it calls; undefined when one asks the injection state. */
function injectionsOf(
  fn: string,
  index: WorkspaceIndex,
  depth = 0,
  seen = new Set<string>(),
): FunctionSpec[] | undefined {
  if (seen.has(fn) || depth > MAX_DEPTH) return [];
  seen.add(fn);
  const out: FunctionSpec[] = [];
  for (const def of index.definitions(fn))
    for (const c of def.calls) {
      if (isQuery(c.callee)) return undefined;
      const spec = resolveFunction(c.callee);
      if (spec?.injection) out.push(spec);
      else if (!spec && index.definitions(c.callee).length) {
        const inner = injectionsOf(c.callee, index, depth + 1, seen);
        if (!inner) return undefined;
        out.push(...inner);
      }
    }
  return out;
}

export const helperInjection: Rule = ({ file, calls, index, scope }) => {
  const out: Finding[] = [];
  if (!file.tree) return out;
  for (const def of functionDefinitions(scope ?? file.tree.rootNode)) {
    const name = functionName(def);
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    if (!isClassifyFunction(name, index)) continue;
    const own = calls.filter((c) => c.enclosingFunction?.id === def.id);
    // Its own clones and injections are selfInjection.ts' to judge; a query anywhere settles it.
    if (own.some((c) => c.fn.injection || c.fn.name === 'FwpsAllocateCloneNetBufferList0')) continue;
    if ([...calledNames(body)].some(isQuery) || index.asksInjectionState(name)) continue;
    for (const call of body.descendantsOfType('call_expression')) {
      const callee = call?.childForFieldName('function');
      if (!call || callee?.type !== 'identifier' || resolveFunction(callee.text)) continue;
      const injections = injectionsOf(callee.text, index);
      if (!injections?.length) continue;
      // Judged at the layers of the branch that calls the helper, as a direct injection would be.
      const scope = classifyScope({ call, enclosingFunction: def }, index);
      if (!scope?.layers.length || scope.allLayers.some((l) => l.group === 'Stream')) continue;
      const layers = scope.layers.map((l) => l.id);
      const looping = injections.filter(
        (f) => f.injection!.needsSelfInjectionCheck && !injectedAway(f, layers),
      );
      if (!looping.length) continue;
      out.push(
        finding(
          'WFP3005',
          `${name} injects packets through ${callee.text} (${[...new Set(looping.map((f) => f.name))].join(', ')}) but never asks FwpsQueryPacketInjectionState0 whether a packet is its own: its injected packets come back to it and loop.`,
          callee.startIndex,
          callee.endIndex,
        ),
      );
      break;
    }
  }
  return out;
};
