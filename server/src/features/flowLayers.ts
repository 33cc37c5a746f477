// How the flow panel judges each layer for one injection call, so that it never says more than
// the diagnostics: a layer is shown as wrong only when WFP3003 is reported for the call (the
// classifyFn runs only where the call is not documented). Where the classifyFn also runs at
// layers the call is not meant for, the code is trusted to keep it from running there (a handle
// comparison, a layerId test), as the rule does. A layer test around the call (`if (layerId ==
// FWPS_LAYER_…)`, `case FWPS_LAYER_…:`) rules the other layers out for this call.
import type { Node } from '../parse/syntaxNode';
import type { FlowLayer } from '../../../shared/flowModel';

/** The layers a `==` test or `case` label around the call limits it to; undefined when none does. */
export function layerBranch(call: Node, classifyDef: Node | undefined): Set<string> | undefined {
  if (!classifyDef) return undefined;
  let only: Set<string> | undefined;
  const narrow = (ids: string[]) => {
    if (!ids.length) return;
    only = only ? new Set(ids.filter((id) => only!.has(id))) : new Set(ids);
  };
  for (let n: Node | null = call; n && n.id !== classifyDef.id; n = n.parent) {
    const parent = n.parent;
    if (parent?.type === 'if_statement' && parent.childForFieldName('consequence')?.id === n.id) {
      const cond = parent.childForFieldName('condition')?.text ?? '';
      // Only a plain equality (or a chain of them joined by ||): anything else is not a layer branch.
      if (/==/.test(cond) && !/!=|&&|!\s*\(/.test(cond)) narrow(cond.match(/\bFWPS_LAYER_\w+/g) ?? []);
    }
    if (n.type === 'case_statement') narrow(stackedCaseLayers(n));
  }
  return only;
}

/** `case FWPS_LAYER_A: case FWPS_LAYER_B: …` — the case and the empty cases stacked above it. */
function stackedCaseLayers(c: Node): string[] {
  const ids: string[] = [];
  for (let k: Node | null = c; k?.type === 'case_statement'; k = k.previousNamedSibling) {
    const value = k.childForFieldName('value')?.text ?? '';
    if (!/^FWPS_LAYER_\w+$/.test(value)) return [];
    ids.push(value);
    const prev = k.previousNamedSibling;
    if (
      prev?.type !== 'case_statement' ||
      prev.namedChildren.some(
        (x) => !!x && x.type !== 'comment' && x.id !== prev.childForFieldName('value')?.id,
      )
    )
      break;
  }
  return ids;
}

/** The verdict of each layer the classifyFn runs at; the others get none. */
export function layerVerdict(
  layer: { id: string; allowed: boolean; classifyRunsHere: boolean },
  branch: Set<string> | undefined,
  flagged: boolean,
): FlowLayer['verdict'] {
  if (!layer.classifyRunsHere) return undefined;
  if (branch && !branch.has(layer.id)) return 'excluded';
  if (layer.allowed) return 'ok';
  return flagged ? 'bad' : 'other';
}
