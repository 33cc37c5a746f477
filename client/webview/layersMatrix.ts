// The layers matrix: every run-time layer by group and direction (rows) and IP version (columns),
// the ones the function may be called from highlighted, the classify's own layers marked.
import type { FlowLayer, InjectionFlowModel } from '../../server/src/protocol/injectionFlow';
import { el } from './dom';

const COLUMNS: { title: string; fits: (l: FlowLayer) => boolean }[] = [
  { title: 'IPv4', fits: (l) => l.ip === 4 },
  { title: 'IPv6', fits: (l) => l.ip === 6 },
  { title: 'Layer 2 / other', fits: () => true },
];

const DIRECTION: Record<string, string> = { inbound: 'inbound', outbound: 'outbound', forward: 'forward', both: 'both directions', none: '' };

function shortName(id: string): string {
  return id.replace(/^FWPS_LAYER_/, '');
}

function chip(layer: FlowLayer): HTMLElement {
  const classes = ['layer'];
  if (layer.allowed) classes.push('allowed');
  if (layer.classifyRunsHere) classes.push(layer.allowed ? 'runs-here-ok' : 'runs-here-bad');
  const state = layer.classifyRunsHere
    ? layer.allowed
      ? 'the classifyFn runs here, and the call is allowed here'
      : 'the classifyFn runs here, but the call is NOT allowed here'
    : layer.allowed
      ? 'allowed'
      : 'not allowed';
  const title = `${layer.id}: ${state}${layer.condition ? ` (${layer.condition})` : ''}`;
  return el('li', { class: classes.join(' '), title, 'aria-label': title, 'data-layer': layer.id }, shortName(layer.id));
}

export function layersMatrix(model: InjectionFlowModel): HTMLElement {
  // One row per group and direction, in catalog order; columns split by IP version.
  const rowsKeys = [...new Set(model.layers.map((l) => `${l.group}\u0000${l.direction}`))];
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Layer group'), ...COLUMNS.map((c) => el('th', { scope: 'col' }, c.title)));
  const rows = rowsKeys.map((key) => {
    const [group, direction] = key.split('\u0000');
    const inRow = model.layers.filter((l) => l.group === group && l.direction === direction);
    const placed = new Set<FlowLayer>();
    const cells = COLUMNS.map((c) => {
      const here = inRow.filter((l) => !placed.has(l) && c.fits(l));
      here.forEach((l) => placed.add(l));
      return el('td', {}, here.length ? el('ul', { class: 'chips' }, ...here.map(chip)) : undefined);
    });
    const label = DIRECTION[direction] ? `${group}, ${DIRECTION[direction]}` : group;
    return el('tr', {}, el('th', { scope: 'row' }, label), ...cells);
  });
  const allowed = model.layers.filter((l) => l.allowed).length;
  return el(
    'section',
    { class: 'layers', 'aria-labelledby': 'layers-title' },
    el('h2', { id: 'layers-title' }, `Layers (${allowed} allowed)`),
    el(
      'p',
      { class: 'legend' },
      el('span', { class: 'layer allowed' }, 'allowed'),
      ' ',
      el('span', { class: 'layer runs-here-ok' }, 'classifyFn runs here'),
      ' ',
      el('span', { class: 'layer runs-here-bad' }, 'runs here, not allowed'),
    ),
    el('table', { class: 'matrix' }, el('thead', {}, head), el('tbody', {}, ...rows)),
  );
}
