// Entry point of the injection flow webview: renders the model the extension posts.
import type { FlowLocation, InjectionFlowModel } from '../../shared/flowModel';
import { el } from './dom';
import { findingsList, flowDiagram } from './flowDiagram';
import { layersMatrix } from './layersMatrix';
import { verdictOf, whereItRuns } from './verdict';
import type { ToWebview } from '../../shared/webviewMessages';
import { vscode } from './vscodeApi';

const root = document.getElementById('root')!;
const reveal = (location: FlowLocation) => vscode().postMessage({ type: 'reveal', location });

function header(model: InjectionFlowModel): HTMLElement {
  const fn = model.function;
  const docs = el('button', { class: 'link', type: 'button', title: fn.docUrl }, 'Documentation');
  docs.addEventListener('click', () => vscode().postMessage({ type: 'openDocs', url: fn.docUrl }));
  const name = el('button', { class: 'link fn-name', type: 'button', title: 'Show the call' }, fn.written);
  name.addEventListener('click', () => reveal(fn.location));
  const verdict = verdictOf(model);
  return el(
    'header',
    {},
    el('h1', {}, name),
    el('p', { class: `verdict ${verdict.kind}`, role: 'status' }, verdict.text),
    fn.written !== fn.name
      ? el('p', { class: 'resolved' }, `means ${fn.name} for the target Windows version`)
      : undefined,
    el('p', { class: 'purpose' }, fn.purpose, ' ', docs),
  );
}

/** Where the classifyFn runs and why we think so: a one-line summary, the evidence folded. */
function whereSection(model: InjectionFlowModel): HTMLElement {
  const evidence = model.classify?.evidence ?? [];
  const summary = el('p', { class: 'scope' }, whereItRuns(model));
  if (!evidence.length) return el('section', { class: 'where-runs' }, summary);
  return el(
    'section',
    { class: 'where-runs' },
    el(
      'details',
      { class: 'evidence-details' },
      el('summary', {}, summary),
      el(
        'ul',
        { class: 'evidence' },
        ...evidence.map((e) => {
          const b = el(
            'button',
            { class: 'link', type: 'button' },
            `${e.layer} — ${e.description}, line ${e.location.range.start.line + 1}`,
          );
          b.addEventListener('click', () => reveal(e.location));
          return el('li', {}, b);
        }),
      ),
    ),
  );
}

function render(message: ToWebview): void {
  if (message.type === 'empty') {
    root.replaceChildren(el('p', { class: 'empty' }, message.reason));
    return;
  }
  const m = message.model;
  // The answer first: the call and its verdict, the steps, the findings; where it runs and the
  // layers matrix last, folded.
  root.replaceChildren(
    header(m),
    flowDiagram(m, reveal),
    findingsList(m, reveal) ?? '',
    whereSection(m),
    layersMatrix(m),
  );
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const data = event.data;
  if (data && (data.type === 'model' || data.type === 'empty')) render(data);
});
render({
  type: 'empty',
  reason: 'Put the cursor in an injection call (FwpsInject…, FwpsStreamInjectAsync0) to see its flow.',
});
vscode().postMessage({ type: 'ready' });
