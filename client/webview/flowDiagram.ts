// The flow as a vertical diagram of steps; each step with a location is a button that reveals it.
import type { FlowLocation, FlowStep, InjectionFlowModel } from '../../shared/flowModel';
import { el } from './dom';

const STATUS_TEXT: Record<FlowStep['status'], { icon: string; label: string }> = {
  found: { icon: '✓', label: 'found' },
  missing: { icon: '✗', label: 'missing' },
  unknown: { icon: '?', label: 'unknown' },
  notApplicable: { icon: '–', label: 'not applicable' },
};

function lineText(location: FlowLocation): string {
  const name = location.uri.replace(/^.*\//, '');
  let file = name;
  try {
    file = decodeURIComponent(name);
  } catch {
    // A malformed escape: show the name as it is.
  }
  return `${file}:${location.range.start.line + 1}`;
}

function stepButton(step: FlowStep, reveal: (l: FlowLocation) => void): HTMLElement {
  const status = STATUS_TEXT[step.status];
  const button = el(
    'button',
    { class: `step ${step.status}`, type: 'button', 'data-step': step.id, 'data-status': step.status },
    el('span', { class: 'icon', 'aria-hidden': 'true' }, status.icon),
    el('span', { class: 'title' }, step.title),
    el('span', { class: 'status' }, status.label),
    el('span', { class: 'detail' }, step.detail),
    step.condition ? el('span', { class: 'condition' }, `Only when ${step.condition}`) : undefined,
    step.location ? el('span', { class: 'where' }, lineText(step.location)) : undefined,
  );
  if (step.condition) button.setAttribute('data-condition', step.condition);
  button.setAttribute(
    'aria-label',
    `${step.title}: ${status.label}${step.condition ? `, only when ${step.condition}` : ''}. ${step.detail}`,
  );
  if (step.location) {
    const location = step.location;
    button.addEventListener('click', () => reveal(location));
  } else {
    button.setAttribute('aria-disabled', 'true');
  }
  return button;
}

export function flowDiagram(model: InjectionFlowModel, reveal: (l: FlowLocation) => void): HTMLElement {
  return el(
    'section',
    { class: 'flow', 'aria-labelledby': 'flow-title' },
    el('h2', { id: 'flow-title' }, 'Flow'),
    el('ol', { class: 'steps' }, ...model.steps.map((s) => el('li', {}, stepButton(s, reveal)))),
  );
}

export function findingsList(
  model: InjectionFlowModel,
  reveal: (l: FlowLocation) => void,
): HTMLElement | undefined {
  if (!model.findings.length) return undefined;
  return el(
    'section',
    { class: 'findings', 'aria-labelledby': 'findings-title' },
    el('h2', { id: 'findings-title' }, `Findings (${model.findings.length})`),
    el(
      'ul',
      {},
      ...model.findings.map((f) => {
        const b = el(
          'button',
          { class: `finding ${f.severity}`, type: 'button', 'data-rule': f.ruleId },
          el('span', { class: 'rule' }, f.ruleId),
          ' ',
          el('span', {}, f.message),
        );
        b.addEventListener('click', () => reveal(f.location));
        return el('li', {}, b);
      }),
    ),
  );
}
