// The panel's one-line answer for a call, from the findings and steps the server sent: what is
// wrong first, then what is missing, then what could not be checked.
import type { InjectionFlowModel } from '../../shared/flowModel';

export interface Verdict {
  kind: 'problem' | 'missing' | 'unknown' | 'ok';
  text: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function verdictOf(model: InjectionFlowModel): Verdict {
  const missing = model.steps.filter((s) => s.status === 'missing');
  if (model.findings.length) {
    const rules = [...new Set(model.findings.map((f) => f.ruleId))].join(', ');
    return {
      kind: 'problem',
      text: `${plural(model.findings.length, 'problem')} (${rules})${missing.length ? `; missing: ${missing.map((s) => s.title).join(', ')}` : ''}`,
    };
  }
  if (missing.length) return { kind: 'missing', text: `Missing: ${missing.map((s) => s.title).join(', ')}` };
  const unknown = model.steps.filter((s) => s.status === 'unknown');
  if (unknown.length)
    return {
      kind: 'unknown',
      text: `No problem found; ${plural(unknown.length, 'step')} could not be checked here`,
    };
  return { kind: 'ok', text: 'Every step found' };
}

/** "runs at 30 layers, from layerId checks" or "runs at FWPS_LAYER_IPFORWARD_V4, from a callout registration". */
export function whereItRuns(model: InjectionFlowModel): string {
  const classify = model.classify;
  if (!classify) return 'Called outside a classifyFn.';
  if (!classify.evidence.length) return `Called in ${classify.name}, a classifyFn whose layer is not known.`;
  const layers = [...new Set(classify.evidence.map((e) => e.layer))];
  const kinds = [...new Set(classify.evidence.map((e) => e.description))];
  const at = layers.length <= 2 ? layers.join(' and ') : `${layers.length} layers`;
  return `Called in ${classify.name}, which runs at ${at}, from ${kinds.length === 1 ? `${kinds[0]}s` : kinds.join(', ')}.`;
}
