// The injection-function ↔ layer relation is stored once, on the layer records (`injectWith`,
// with its condition and whether it is our deduction). A function's `injection.layers` is
// derived here, so hover, rules, the flow panel and the docs read the same pairs.
import type { FunctionSpec, InjectionFunctionRecord, LayerCondition, LayerSpec } from './types';

/** The layers `fn` may be called from, in layer-table order, with the layer record's condition. */
export function layersOf(fn: string, layers: readonly LayerSpec[]): LayerCondition[] {
  return layers.flatMap((l) =>
    l.injectWith
      .filter((i) => i.fn === fn)
      .map((i) => ({
        layer: l.id,
        ...(i.condition ? { condition: i.condition } : {}),
        ...(i.inferred ? { inferred: true } : {}),
      })),
  );
}

/** Injection function records completed with the layers derived from `layers`. */
export function withLayers(
  records: readonly InjectionFunctionRecord[],
  layers: readonly LayerSpec[],
): FunctionSpec[] {
  return records.map((r) => ({ ...r, injection: { ...r.injection, layers: layersOf(r.name, layers) } }));
}
