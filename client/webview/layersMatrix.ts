// The layers matrix: every run-time layer by group and direction (rows) and IP version (columns),
// the ones the function may be called from highlighted, the classify's own layers marked.
import type { FlowLayer, InjectionFlowModel } from '../../shared/flowModel';
import { el } from './dom';

const COLUMNS: { title: string; fits: (l: FlowLayer) => boolean }[] = [
  { title: 'IPv4', fits: (l) => l.ip === 4 },
  { title: 'IPv6', fits: (l) => l.ip === 6 },
  { title: 'Layer 2 / other', fits: () => true },
];

const DIRECTION: Record<string, string> = {
  inbound: 'inbound',
  outbound: 'outbound',
  forward: 'forward',
  both: 'both directions',
  none: '',
};

function shortName(id: string): string {
  return id.replace(/^FWPS_LAYER_/, '');
}

const STATE: Record<NonNullable<FlowLayer['verdict']> | 'allowed' | 'none', { cls?: string; text: string }> =
  {
    ok: { cls: 'runs-here-ok', text: 'the classifyFn runs here, and the call is allowed here' },
    bad: {
      cls: 'runs-here-bad',
      text: 'the classifyFn runs here, but the call is NOT allowed here (WFP3003)',
    },
    other: {
      cls: 'runs-here-other',
      text: 'the classifyFn runs here too; the call is not meant for this layer, so the code must keep it from running here',
    },
    excluded: {
      cls: 'runs-here-excluded',
      text: 'the classifyFn runs here too, but a layer test around the call rules this layer out',
    },
    allowed: { text: 'allowed' },
    none: { text: 'not allowed' },
  };

/** The verdict the server sent, or the one older servers implied. */
function verdictOf(layer: FlowLayer): keyof typeof STATE {
  if (layer.verdict) return layer.verdict;
  if (layer.classifyRunsHere) return layer.allowed ? 'ok' : 'bad';
  return layer.allowed ? 'allowed' : 'none';
}

function chip(layer: FlowLayer): HTMLElement {
  const classes = ['layer'];
  if (layer.allowed) classes.push('allowed');
  const state = STATE[verdictOf(layer)];
  if (state.cls) classes.push(state.cls);
  const title = `${layer.id}: ${state.text}${layer.condition ? ` (${layer.condition})` : ''}`;
  return el(
    'li',
    { class: classes.join(' '), title, 'aria-label': title, 'data-layer': layer.id },
    shortName(layer.id),
  );
}

/** "IP packet, inbound" → "IP packet · inbound"; "IP forward, forward" → "IP forward". */
function rowLabel(group: string, direction: string): string {
  const dir = DIRECTION[direction];
  if (!dir || group.toLowerCase().includes(dir)) return group;
  return `${group} · ${dir}`;
}

/** "2 of 30 layers where the classifyFn runs allow this call; 12 allow it in all" */
function matrixSummary(model: InjectionFlowModel): string {
  const allowed = model.layers.filter((l) => l.allowed).length;
  const runs = model.layers.filter((l) => l.classifyRunsHere);
  const here = runs.filter((l) => (l.verdict ?? (l.allowed ? 'ok' : 'bad')) === 'ok').length;
  const allowedText = `the call is allowed at ${allowed} layer${allowed === 1 ? '' : 's'}`;
  if (!runs.length) return `Layers: ${allowedText}`;
  return `Layers: ${allowedText}; the classifyFn runs at ${runs.length}, ${here} of them allowed`;
}

export function layersMatrix(model: InjectionFlowModel): HTMLElement {
  // One row per group and direction, in catalog order; columns split by IP version.
  const rowsKeys = [...new Set(model.layers.map((l) => `${l.group}\u0000${l.direction}`))];
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'Layer group'),
    ...COLUMNS.map((c) => el('th', { scope: 'col' }, c.title)),
  );
  const rows = rowsKeys.map((key) => {
    const [group, direction] = key.split('\u0000');
    const inRow = model.layers.filter((l) => l.group === group && l.direction === direction);
    const placed = new Set<FlowLayer>();
    const cells = COLUMNS.map((c) => {
      const here = inRow.filter((l) => !placed.has(l) && c.fits(l));
      here.forEach((l) => placed.add(l));
      return el('td', {}, here.length ? el('ul', { class: 'chips' }, ...here.map(chip)) : undefined);
    });
    return el('tr', {}, el('th', { scope: 'row' }, rowLabel(group, direction)), ...cells);
  });
  const bad = model.layers.some((l) => verdictOf(l) === 'bad');
  return el(
    'section',
    { class: 'layers', 'aria-labelledby': 'layers-title' },
    el(
      'details',
      bad ? { class: 'layers-details', open: '' } : { class: 'layers-details' },
      el('summary', {}, el('h2', { id: 'layers-title' }, matrixSummary(model))),
      el(
        'p',
        { class: 'legend' },
        el('span', { class: 'layer allowed' }, 'allowed'),
        ' ',
        el('span', { class: 'layer runs-here-ok' }, 'classifyFn runs here'),
        ' ',
        el('span', { class: 'layer runs-here-other' }, 'runs here too, call not meant for it'),
        ' ',
        el('span', { class: 'layer runs-here-bad' }, 'runs here, not allowed'),
      ),
      el('table', { class: 'matrix' }, el('thead', {}, head), el('tbody', {}, ...rows)),
    ),
  );
}
