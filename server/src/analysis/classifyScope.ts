// The classify function a call is directly in, and the layers it runs at for that call: the
// workspace's evidence (registrations, layerId checks, FWPS_FIELD_* constants) narrowed to the
// branch that makes the call. Read by the layer rules and by the injection flow panel.
import type { Node } from '../parse/syntaxNode';
import { getLayer, type LayerSpec } from '../catalog';
import type { CallSite } from './calls';
import { functionName, isClassifyShaped } from './functions';
import type { LayerEvidence } from './layers';
import { branchLayers } from './branchLayers';
import type { WorkspaceIndex } from './workspaceIndex';

export interface ClassifyScope {
  name: string;
  def: Node;
  /** Every piece of evidence of where the function runs. */
  evidence: LayerEvidence[];
  /** The layers the call runs at: the function's, narrowed to the branch that makes the call. */
  layers: LayerSpec[];
  /** Every layer the function runs at. */
  allLayers: LayerSpec[];
  /** A branch on the layer narrowed `layers`: the call's own branch runs at fewer layers. */
  narrowed: boolean;
}

/** The classify function a call is directly in, with the layers the workspace says it runs at. */
export function classifyScope(
  site: Pick<CallSite, 'call' | 'enclosingFunction'>,
  index: WorkspaceIndex,
  kinds?: LayerEvidence['kind'][],
): ClassifyScope | undefined {
  const def = site.enclosingFunction;
  if (!def) return undefined;
  const name = functionName(def);
  if (!name) return undefined;
  let evidence = index.layersOf(name);
  if (kinds) evidence = evidence.filter((e) => kinds.includes(e.kind));
  const registered = evidence.some((e) => e.kind === 'registration');
  if (!registered && !isClassifyShaped(def)) return undefined;
  const allLayers = [...new Set(evidence.map((e) => e.layer))]
    .map((id) => getLayer(id))
    .filter((l): l is LayerSpec => !!l);
  const branch = branchLayers(site.call, def);
  let layers = allLayers;
  // Field constants are weak evidence (some drivers read one direction's constants at both, the
  // indexes being equal): against registrations they only narrow to layers registered as well.
  const registeredLayers = new Set(evidence.filter((e) => e.kind === 'registration').map((e) => e.layer));
  if (branch.byFields && registeredLayers.size && ![...branch.only!].some((l) => registeredLayers.has(l)))
    branch.only = undefined;
  else if (branch.byFields && registeredLayers.size)
    branch.only = new Set([...branch.only!].filter((l) => registeredLayers.has(l)));
  if (branch.only) {
    const only = branch.only;
    const within = allLayers.filter((l) => only.has(l.id));
    // A case for a layer no other evidence names still says where the branch runs.
    layers = within.length ? within : [...only].map((id) => getLayer(id)).filter((l): l is LayerSpec => !!l);
  }
  layers = layers.filter((l) => !branch.not.has(l.id));
  return { name, def, evidence, layers, allLayers, narrowed: layers.length < allLayers.length };
}

/**
 * A classifyFn: registered as a callout, or shaped like one and called by nothing (a helper that
 * takes classifyOut is called by the classifyFn itself, which may do the work around it).
 */
export function isClassifyFunction(name: string, index: WorkspaceIndex): boolean {
  return (
    index.layersOf(name).some((e) => e.kind === 'registration') ||
    (!!index.functionSummary(name)?.classifyShaped && !index.callGraph().callers(name).length)
  );
}
