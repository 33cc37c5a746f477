// The flow step "block and absorb the original": where the classifyFn (or a helper it hands
// classifyOut to, in this file or another) drops the indicated packet for the injected copy.
import type { Node } from '../parse/syntaxNode';
import type { ActionEffect } from '../analysis/callGraph';
import type { CallSite } from '../analysis/calls';
import { functionName } from '../analysis/functions';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import type { FlowLocation, FlowStep } from '../../../shared/flowModel';
import { locationAt, locationIn, step } from './flowStep';

const ABSORB = /absorbAction|FWPS_CLASSIFY_OUT_FLAG_ABSORB/;

/** The classifyFn whose action is judged: its definition when it is in this file, else its name. */
export interface ClassifyAt {
  name?: string;
  def?: Node;
}

/** What the classifyFn's helpers set on its classifyOut (its last parameter), from the summaries. */
function helperActions(
  name: string | undefined,
  index: WorkspaceIndex,
): { block?: ActionEffect; absorb?: ActionEffect; pends: boolean; handedOn: boolean } | undefined {
  const effects = name ? index.effects(name) : undefined;
  const params = effects?.summary.params.length ?? 0;
  if (!effects || !params) return undefined;
  const out = params - 1;
  const find = (sets: ActionEffect['sets']) =>
    effects.actions.find((a) => a.param === out && a.sets === sets);
  return {
    block: find('block'),
    absorb: find('absorb'),
    pends: effects.pends,
    handedOn: effects.passes.includes(out),
  };
}

function actionPlace(at: ActionEffect['at'], classify: string): string {
  return at.fn === classify ? '' : ` in ${at.fn}`;
}

export function classifyActionStep(
  file: SourceFile,
  site: CallSite,
  classify: ClassifyAt | undefined,
  index: WorkspaceIndex,
): FlowStep {
  const title = 'Block and absorb the original';
  const name = classify?.name ?? (classify?.def && functionName(classify.def));
  if (!classify || !name)
    return step(
      'classifyAction',
      title,
      'unknown',
      'Not in a classifyFn: the classifyFn that queued the packet decides the action.',
    );
  const body = classify.def?.childForFieldName('body');
  const helpers = helperActions(name, index);
  const at = (a: ActionEffect) => locationAt(file, a.at.uri, a.at.start, a.at.line);
  if (site.fn.name === 'FwpsStreamInjectAsync0') {
    // Stream data is replaced by blocking it; the absorb flag is for packet layers.
    const blocks = body
      ?.descendantsOfType('assignment_expression')
      .find((a) => !!a && /FWP_ACTION_BLOCK/.test(a.text));
    if (blocks)
      return step(
        'classifyAction',
        'Block the original data',
        'found',
        'The indicated stream data is blocked, so only the injected data goes on.',
        locationIn(file, blocks),
      );
    if (helpers?.block)
      return step(
        'classifyAction',
        'Block the original data',
        'found',
        `The indicated stream data is blocked${actionPlace(helpers.block.at, name)}, so only the injected data goes on.`,
        at(helpers.block),
      );
    return step(
      'classifyAction',
      'Block the original data',
      'unknown',
      'No block of the indicated stream data seen in this classifyFn.',
    );
  }
  const absorb = body?.descendantsOfType('assignment_expression').find((a) => !!a && ABSORB.test(a.text));
  const blocks = (!!body && /FWP_ACTION_BLOCK/.test(body.text)) || !!helpers?.block;
  if (absorb && blocks)
    return step(
      'classifyAction',
      title,
      'found',
      'The original is blocked and absorbed, so only the injected copy goes on.',
      locationIn(file, absorb),
    );
  if (blocks && helpers?.absorb)
    return step(
      'classifyAction',
      title,
      'found',
      `The original is blocked and absorbed${actionPlace(helpers.absorb.at, name)}, so only the injected copy goes on.`,
      at(helpers.absorb),
    );
  if (/FwpsPendOperation|FwpsPendClassify/.test(body?.text ?? '') || helpers?.pends)
    return step(
      'classifyAction',
      title,
      'unknown',
      'The classify is pended; its action is set when it completes.',
    );
  // Nothing seen: its body is not here and no summary says, or classifyOut goes to unknown code.
  if (!body && !helpers)
    return step(
      'classifyAction',
      title,
      'unknown',
      `${name} is not visible from here.`,
      locationOf(file, name, index),
    );
  if (helpers?.handedOn)
    return step(
      'classifyAction',
      title,
      'unknown',
      `${name} hands classifyOut to code not seen here, which may set the action.`,
      locationOf(file, name, index),
    );
  return step(
    'classifyAction',
    title,
    'missing',
    blocks
      ? 'The original is blocked but not absorbed (FWPS_CLASSIFY_OUT_FLAG_ABSORB): the stack reports a drop.'
      : 'No block + absorb of the original packet: it goes on beside the injected copy.',
    body ? locationIn(file, site.nameNode) : locationOf(file, name, index),
  );
}

/** Where the classifyFn `name` is, in this file or another. */
export function locationOf(file: SourceFile, name: string, index: WorkspaceIndex): FlowLocation | undefined {
  const s = index.functionSummary(name);
  return s ? locationAt(file, s.uri, s.start, s.line) : undefined;
}
