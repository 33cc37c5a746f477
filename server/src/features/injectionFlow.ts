// The flow model of one injection call for the `wfp/injectionFlow` request: where it may be
// called from, where its classifyFn runs, and each step of the clone → inject → free-on-failure
// → completion flow, found or missing. Built from the same analyses the rules use.
import type { Node } from '../parse/syntaxNode';
import {
  allLayers,
  allocatorOf,
  injectedAway,
  injectionDirection,
  paramByRole,
  type WindowsTarget,
} from '../catalog';
import { getRule, type RuleId } from '../catalog/rules';
import { findCatalogCalls, type CallSite } from '../analysis/calls';
import type { LayerEvidence } from '../analysis/layers';
import { frees, nblText, type Allocation, type ChainStep } from '../analysis/nbl';
import { NblOrigins } from '../analysis/nblOrigins';
import { chainText } from '../rules/owned';
import { callersOnFailure } from '../rules/ownership';
import { completionVerdict } from '../analysis/summaries';
import { isNullLiteral, namedFunction, stripParens } from '../analysis/values';
import { failurePath, handsStatusBack, nblArgument, statusUse } from '../analysis/ownership';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import type { FlowStep, InjectionFlowModel } from '../../../shared/flowModel';
import type { Finding } from '../rules';
import { classifyScope } from '../analysis/classifyScope';
import { functionName } from '../analysis/functions';
import { classifiesAsking, queuingClassifies, recordFillers, type QueuingClassify } from './queuingClassify';
import { reinjectingClassifies } from './reinjectingClassifies';
import { handleCandidates } from '../analysis/handleCandidates';
import { rangeOf } from '../parse/range';
import { builtFromOwnBuffer, withContextSteps } from './flowContextSteps';
import { classifyActionStep } from './flowClassifyAction';
import { locationAt, locationIn, step } from './flowStep';
import { layerBranch, layerVerdict } from './flowLayers';
import { checksumStep } from './flowChecksum';
import { callerAllocationStep } from './flowCallerAllocation';

/** Rules reported once per classify function rather than at each call. */
const FUNCTION_LEVEL_RULES = new Set<RuleId>(['WFP3005']);
const EVIDENCE_TEXT: Record<LayerEvidence['kind'], string> = {
  registration: 'callout registration',
  layerIdCheck: 'layerId check',
  fieldConstant: 'FWPS_FIELD_* constant',
};

/** The injection call at `offset`, or the one nearest to it in the same function. */
export function injectionCallNear(calls: CallSite[], offset: number): CallSite | undefined {
  const injections = calls.filter((c) => c.fn.injection);
  const at = injections.filter((c) => c.call.startIndex <= offset && offset <= c.call.endIndex);
  if (at.length) return at[at.length - 1];
  const inFunction = injections.filter(
    (c) =>
      c.enclosingFunction &&
      c.enclosingFunction.startIndex <= offset &&
      offset <= c.enclosingFunction.endIndex,
  );
  const distance = (c: CallSite) =>
    offset < c.call.startIndex ? c.call.startIndex - offset : offset - c.call.endIndex;
  let best: CallSite | undefined;
  for (const c of inFunction) if (!best || distance(c) < distance(best)) best = c;
  return best;
}

function callsIn(calls: CallSite[], def: Node | undefined): CallSite[] {
  return def ? calls.filter((c) => c.enclosingFunction?.id === def.id) : [];
}

export function buildInjectionFlow(
  file: SourceFile,
  offset: number,
  target: WindowsTarget,
  index: WorkspaceIndex,
  findings: Finding[],
): InjectionFlowModel | null {
  if (!file.tree) return null;
  const calls = findCatalogCalls(file, target);
  const site = injectionCallNear(calls, offset);
  if (!site) return null;
  const fn = site.fn;
  const scope = classifyScope(site, index);
  // Every layer the classifyFn runs at; the panel marks those the call's branch rules out itself.
  const runsAt = new Set(scope?.allLayers.map((l) => l.id) ?? []);
  const allowed = new Map((fn.injection?.layers ?? []).map((l) => [l.layer, l]));
  const def = site.enclosingFunction;

  const model: InjectionFlowModel = {
    function: {
      name: fn.name,
      written: site.written,
      purpose: fn.purpose,
      docUrl: fn.docUrl,
      location: locationIn(file, site.call),
    },
    layers: allLayers()
      .filter((l) => !l.discard)
      .map((l) => {
        const a = allowed.get(l.id);
        return {
          id: l.id,
          group: l.group,
          direction: l.direction,
          ip: l.ip,
          allowed: !!a,
          ...(a?.condition ? { condition: a.condition } : {}),
          classifyRunsHere: runsAt.has(l.id),
        };
      }),
    steps: [],
    findings: findings
      .filter(
        (f) =>
          (f.start >= site.call.startIndex && f.end <= site.call.endIndex) ||
          (FUNCTION_LEVEL_RULES.has(f.ruleId) && !!def && f.start >= def.startIndex && f.end <= def.endIndex),
      )
      .map((f) => ({
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        docUrl: getRule(f.ruleId).docUrl,
        location: { uri: file.uri, range: rangeOf(file, f.start, f.end) },
      })),
  };
  const branch = layerBranch(site.call, scope?.def);
  const flagged = model.findings.some((f) => f.ruleId === 'WFP3003');
  for (const l of model.layers) {
    const verdict = layerVerdict(l, branch, flagged);
    if (verdict) l.verdict = verdict;
  }
  if (scope) {
    model.classify = {
      name: scope.name,
      evidence: scope.evidence.map((e) => ({
        layer: e.layer,
        kind: e.kind,
        description: EVIDENCE_TEXT[e.kind],
        location: locationAt(file, e.uri, e.start, e.line),
      })),
    };
  }
  model.steps = flowSteps(file, site, calls, scope?.def, index, findings, [...runsAt]);
  return model;
}

function flowSteps(
  file: SourceFile,
  site: CallSite,
  calls: CallSite[],
  classifyDef: Node | undefined,
  index: WorkspaceIndex,
  findings: Finding[],
  classifyLayers: string[],
): FlowStep[] {
  const nbl = nblArgument(site);
  const text = nbl ? nblText(nbl) : undefined;
  const def = site.enclosingFunction;
  const known =
    nbl && def ? new NblOrigins(file, calls, index).at(def, nbl, site.call.startIndex) : undefined;
  const allocation = known?.allocation;
  const fieldOrigin = known && !allocation ? known.origin : undefined;
  // In a DPC or worker: judged in the classify functions that queue the packet, found through
  // the calls, a list, or the record it comes in (its NBL field, or the one cloned here).
  const fnName = def && functionName(def);
  const records = [nbl, allocation && !allocation.via ? cloneSource(allocation) : undefined].filter(
    (n): n is Node => !!n,
  );
  const queuing =
    !classifyDef && fnName ? fittingLayers(site, queuingClassifies(file, fnName, index, records), index) : [];
  // Stream injection never re-enters a classifyFn as a new packet: nothing to judge anywhere.
  const stream = site.fn.name === 'FwpsStreamInjectAsync0';
  const direct = () => selfInjectionStep(file, site, calls, classifyDef, index, classifyLayers);
  let self =
    queuing.length && !stream
      ? queuedStep(file, queuing, 'selfInjectionCheck', 'Self-injection check', (q) =>
          q.def
            ? selfInjectionStep(file, site, calls, q.def, index, layersOfClassify(q.name, index))
            : checkerStep(file, q, index),
        )
      : direct();
  // The classify functions disagree: the handle's own check may still be found (handleAskedInClassify).
  if (self.status === 'unknown' && queuing.length && !stream) {
    const asked = direct();
    if (asked.status !== 'unknown') self = asked;
  }
  const steps: FlowStep[] = [self];
  if (allocation?.via) {
    const end = allocation.via[allocation.via.length - 1];
    steps.push(
      step(
        'allocate',
        'Clone or allocate the NBL',
        'found',
        `\`${text}\` is allocated in ${chainText(allocation.via)} (${placeOf(end)}).`,
        locationIn(file, allocation.call),
      ),
    );
  } else if (allocation) {
    // Made, but its status never tested before the NBL is used (WFP2008): the step is missing.
    const made = allocation.call.childForFieldName('function');
    const unchecked = findings.find((f) => f.ruleId === 'WFP2008' && !!made && f.start === made.startIndex);
    steps.push(
      step(
        'allocate',
        'Clone or allocate the NBL',
        unchecked ? 'missing' : 'found',
        unchecked?.message ??
          `\`${text}\` comes from ${allocation.kind === 'clone' ? 'a clone' : `an ${allocation.kind} NBL`} (${made?.text}).`,
        locationIn(file, allocation.call),
      ),
    );
  } else if (fieldOrigin) {
    steps.push(
      step(
        'allocate',
        'Clone or allocate the NBL',
        'found',
        `\`${text}\` is a struct field that the workspace fills with a new NBL (${allocatorOf(fieldOrigin) ?? fieldOrigin}).`,
      ),
    );
  } else {
    steps.push(
      callerAllocationStep(file, index, site, text) ??
        step(
          'allocate',
          'Clone or allocate the NBL',
          'unknown',
          'Where this NBL comes from is not visible here (a parameter, or built by a helper).',
        ),
    );
  }
  if (site.fn.name === 'FwpsInjectTransportReceiveAsync0') steps.push(checksumStep(file, site, index));
  steps.push(step('inject', site.written, 'found', site.fn.purpose, locationIn(file, site.nameNode)));
  steps.push(freeOnFailureStep(file, site, calls, !!(allocation || fieldOrigin), index, findings));
  steps.push(
    ...withCompletionFindings(
      completionSteps(file, site, index, !!(allocation || fieldOrigin)),
      site,
      findings,
    ),
  );
  steps.push(classifyActionOf(file, site, classifyDef, queuing, allocation, index));
  // Where a queued packet was prepared: the classify functions that queue it, and the functions
  // that fill the record field it is injected from.
  const queuedFrom = [
    ...new Set([...queuing.map((q) => q.name), ...(classifyDef ? [] : (recordFillers(nbl, index) ?? []))]),
  ];
  return withContextSteps(
    steps,
    file,
    site,
    calls,
    classifyDef,
    allocation,
    classifyLayers,
    index,
    queuedFrom,
  );
}

/**
 * What a clone made in this function copies: `packet->netBufferList` in
 * `FwpsAllocateCloneNetBufferList0(packet->netBufferList, …)`.
 */
function cloneSource(allocation: Allocation): Node | undefined {
  if (allocation.kind !== 'clone') return undefined;
  return (
    allocation.call.childForFieldName('arguments')?.namedChildren.find((a) => !!a && a.type !== 'comment') ??
    undefined
  );
}

/** The classify action, judged where the packet came from: its classifyFn, those that queue it. */
function classifyActionOf(
  file: SourceFile,
  site: CallSite,
  classifyDef: Node | undefined,
  queuing: QueuingClassify[],
  allocation: Allocation | undefined,
  index: WorkspaceIndex,
): FlowStep {
  if (queuing.length)
    return queuedStep(file, queuing, 'classifyAction', 'Block and absorb the original', (q) =>
      classifyActionStep(file, site, q, index),
    );
  const built = classifyDef ? undefined : builtFromOwnBuffer(allocation);
  if (built)
    return step(
      'classifyAction',
      'Block and absorb the original',
      'notApplicable',
      `The packet is built from a buffer (${built.childForFieldName('function')?.text}) outside any classifyFn: there is no indicated packet here to block and absorb.`,
    );
  return classifyActionStep(file, site, classifyDef && { def: classifyDef }, index);
}

/**
 * Of the classify functions that queue the packet, those registered at a layer the call may
 * inject from (a forward classifyFn for FwpsInjectForwardAsync0): the packet came from one of
 * them. All of them when none is, or when where they run is not known.
 */
function fittingLayers(site: CallSite, queuing: QueuingClassify[], index: WorkspaceIndex): QueuingClassify[] {
  const allowed = new Set((site.fn.injection?.layers ?? []).map((l) => l.layer));
  const fitting = queuing.filter((q) => {
    const layers = index.layersOf(q.name).filter((e) => e.kind === 'registration');
    return !layers.length || layers.some((e) => allowed.has(e.layer));
  });
  return fitting.length ? fitting : queuing;
}

/** A classify function in another file: its own FwpsQueryPacketInjectionState call is all that is known of it. */
function checkerStep(file: SourceFile, q: QueuingClassify, index: WorkspaceIndex): FlowStep | undefined {
  if (!index.asksInjectionState(q.name)) return undefined;
  return step(
    'selfInjectionCheck',
    'Self-injection check',
    'found',
    'FwpsQueryPacketInjectionState0 lets the callout recognise packets it injected.',
    locationAt(file, q.uri, q.start, q.line),
  );
}

/** `A, B, C` — and past four names, how many more (a driver may register dozens of classifyFns). */
function namesText(names: string[]): string {
  return names.length > 4 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

/**
 * One step judged in each classify function that queues the packet: what they all agree on
 * (found, missing, not applicable), unknown otherwise; the detail names where it was judged.
 */

function queuedStep(
  file: SourceFile,
  queuing: QueuingClassify[],
  id: FlowStep['id'],
  title: string,
  judge: (q: QueuingClassify) => FlowStep | undefined,
): FlowStep {
  const steps = queuing.map(judge);
  const names = namesText(queuing.map((q) => q.name));
  const first = steps[0];
  const agreed = first && first.status !== 'unknown' && steps.every((x) => x && x.status === first.status);
  if (agreed) return { ...first, detail: `In ${names}, which queues this packet: ${first.detail}` };
  return step(
    id,
    title,
    'unknown',
    `Judged in ${names}, which queues this packet; not visible from here.`,
    locationAt(file, queuing[0].uri, queuing[0].start, queuing[0].line),
  );
}

function selfInjectionStep(
  file: SourceFile,
  site: CallSite,
  calls: CallSite[],
  classifyDef: Node | undefined,
  index: WorkspaceIndex,
  layers: readonly string[] = [],
): FlowStep {
  const title = 'Self-injection check';
  if (site.fn.name === 'FwpsStreamInjectAsync0')
    return step(
      'selfInjectionCheck',
      title,
      'notApplicable',
      'Stream injection does not re-enter classifyFn as a new packet.',
    );
  if (!classifyDef) {
    const asking = site.enclosingFunction && handleAskedInClassify(file, site, site.enclosingFunction, index);
    if (asking) return asking;
    if (reinjectingClassifies(index)?.length === 0)
      return step(
        'selfInjectionCheck',
        title,
        'notApplicable',
        'No classifyFn of the driver clones, references or injects the packets it is shown: a packet injected here that comes back to one is not injected again.',
      );
    return step(
      'selfInjectionCheck',
      title,
      'unknown',
      'The call is not in a classifyFn (a DPC or worker?): the check belongs in the classifyFn that queued the packet.',
    );
  }
  const query = callsIn(calls, classifyDef).find((c) =>
    c.fn.name.startsWith('FwpsQueryPacketInjectionState'),
  );
  if (query)
    return step(
      'selfInjectionCheck',
      title,
      'found',
      'FwpsQueryPacketInjectionState0 lets the callout recognise packets it injected.',
      locationIn(file, query.call),
    );
  for (const call of classifyDef.descendantsOfType('call_expression')) {
    const name = call?.childForFieldName('function');
    if (call && name?.type === 'identifier' && index.asksInjectionState(name.text)) {
      return step(
        'selfInjectionCheck',
        title,
        'found',
        `${name.text} asks FwpsQueryPacketInjectionState0.`,
        locationIn(file, call),
      );
    }
  }
  if (injectedAway(site.fn, layers))
    return step(
      'selfInjectionCheck',
      title,
      'notApplicable',
      `${site.fn.name} sends the packet down the ${injectionDirection(site.fn)} path, which ${layers.join(', ')} is not on: it does not come back to this classifyFn.`,
    );
  return step(
    'selfInjectionCheck',
    title,
    'missing',
    'No FwpsQueryPacketInjectionState0 check: the injected packet comes back to this classifyFn and is injected again.',
  );
}

/** The layers a queuing classify function runs at, from all its evidence (no branch is known). */
function layersOfClassify(fn: string, index: WorkspaceIndex): string[] {
  return [...new Set(index.layersOf(fn).map((e) => e.layer))];
}

/**
 * Outside a classifyFn: found when every handle the call may inject with is asked about by
 * FwpsQueryPacketInjectionState* in some classify function (the packet comes back there).
 */
function handleAskedInClassify(
  file: SourceFile,
  site: CallSite,
  def: Node,
  index: WorkspaceIndex,
): FlowStep | undefined {
  const param = paramByRole(site.fn, 'injectionHandle');
  const arg = param && site.args[param.index];
  const handles = arg && handleCandidates(arg, def);
  if (!arg || !handles?.length) return undefined;
  const classifies = new Set<string>();
  // Another driver in the workspace may name its handle the same: only this driver's folder counts.
  const folder = (uri: string) => uri.slice(0, uri.lastIndexOf('/') + 1);
  const near = (name: string) => {
    const at = index.functionSummary(name)?.uri;
    return !!at && (folder(at).startsWith(folder(file.uri)) || folder(file.uri).startsWith(folder(at)));
  };
  for (const h of handles) {
    const asking = classifiesAsking(h, index).filter(near);
    if (!asking.length) return undefined;
    asking.forEach((c) => classifies.add(c));
  }
  const names = [...classifies].sort();
  const first = index.functionSummary(names[0]);
  return step(
    'selfInjectionCheck',
    'Self-injection check',
    'found',
    `${names.join(', ')} ${names.length > 1 ? 'ask' : 'asks'} FwpsQueryPacketInjectionState0 about \`${arg.text}\`, so the packet is recognised when it comes back.`,
    first && locationAt(file, first.uri, first.start, first.line),
  );
}

function freeOnFailureStep(
  file: SourceFile,
  site: CallSite,
  calls: CallSite[],
  owned: boolean,
  index: WorkspaceIndex,
  findings: Finding[],
): FlowStep {
  const title = 'Free the NBL if the call fails';
  const leak = findings.find(
    (f) =>
      (f.ruleId === 'WFP2001' || f.ruleId === 'WFP2002') &&
      f.start >= site.call.startIndex &&
      f.end <= site.call.endIndex,
  );
  if (leak) return step('freeOnFailure', title, 'missing', leak.message, locationIn(file, site.nameNode));
  const nbl = nblArgument(site);
  const body = site.enclosingFunction?.childForFieldName('body');
  const use = nbl && body ? statusUse(site, body, index) : undefined;
  // The status goes back: the wrapper's callers in this file free the NBL on failure, or not.
  const callers = use && handsStatusBack(use, body!) ? callersOnFailure(file, calls, index, site) : undefined;
  if (callers) {
    const where = functionName(callers.caller.body.parent!) ?? 'its caller';
    return step(
      'freeOnFailure',
      title,
      callers.verdict === 'freed' ? 'found' : 'missing',
      callers.verdict === 'freed'
        ? `The status goes back through ${callers.caller.wrapper} to ${where}, which frees the NBL on failure.`
        : `The status goes back through ${callers.caller.wrapper} to ${where}, which does not free the NBL on failure.`,
      locationIn(file, callers.caller.nameNode),
    );
  }
  const notOwn = () =>
    step(
      'freeOnFailure',
      title,
      'unknown',
      "The NBL is not known to be this code's own, so who frees it on failure is not checked.",
    );
  // An NBL given by the caller (`allocation->nbl`) is judged only when the failure path frees it.
  if (!nbl || !body || !use || (!owned && use.kind !== 'tested')) return notOwn();
  if (use.kind === 'returned')
    return step(
      'freeOnFailure',
      title,
      'unknown',
      'The status goes back to the caller, which must free the NBL when it is a failure.',
    );
  if (use.kind !== 'tested')
    return step('freeOnFailure', title, 'unknown', 'How the status is used could not be followed.');
  const seen: { release?: Node } = {};
  if (failurePath(use, nbl, body, index, undefined, seen) !== 'freed')
    return owned
      ? step('freeOnFailure', title, 'unknown', 'The failure path could not be followed to the end.')
      : notOwn();
  const text = nblText(nbl);
  const byHelper = seen.release && helperRelease(seen.release, index);
  const release = seen.release;
  const freedThere =
    !!release &&
    frees(
      calls.filter((c) => c.call.startIndex >= release.startIndex && c.call.endIndex <= release.endIndex),
    ).some((f) => f.text === text);
  if (!owned && !byHelper && !freedThere) return notOwn();
  if (byHelper) {
    const chain = byHelper.via.length
      ? ` → ${chainText(byHelper.via)} (${placeOf(byHelper.via[byHelper.via.length - 1])})`
      : '';
    return step(
      'freeOnFailure',
      title,
      'found',
      `Freed on failure by ${byHelper.name}${chain}.`,
      locationIn(file, byHelper.call),
    );
  }
  const free = callsIn(calls, site.enclosingFunction)
    .filter((c) => c.call.startIndex > site.call.endIndex)
    .find((c) => frees([c]).some((f) => f.text === text));
  return step(
    'freeOnFailure',
    title,
    'found',
    'Every failure path frees the NBL or hands it to code that does.',
    free ? locationIn(file, free.call) : locationIn(file, use.test),
  );
}

/** `packet.c:47`: where a step of a chain is, for a reader. */
function placeOf(s: ChainStep): string {
  return `${decodeURIComponent(s.uri.split('/').pop() ?? s.uri)}:${s.line + 1}`;
}

/** The first call in the releasing statement to a workspace helper that frees something, with its chain. */
function helperRelease(
  stmt: Node,
  index: WorkspaceIndex,
): { name: string; call: Node; via: ChainStep[] } | undefined {
  for (const call of stmt.descendantsOfType('call_expression')) {
    const name = call?.childForFieldName('function');
    const effects = name?.type === 'identifier' ? index.effects(name.text) : undefined;
    if (!call || !effects || !effects.frees.length) continue;
    const nbl = effects.frees.find((f) => f.resource === 'nbl') ?? effects.frees[0];
    return { name: name!.text, call, via: nbl.via };
  }
  return undefined;
}

/** `isClone ? CloneDone : CopyDone`: both arms name a function. */
function eitherFunction(arg: Node): [Node, Node] | undefined {
  const n = stripParens(arg);
  if (n.type !== 'conditional_expression') return undefined;
  const a = n.childForFieldName('consequence');
  const b = n.childForFieldName('alternative');
  const fa = a && namedFunction(a);
  const fb = b && namedFunction(b);
  return fa && fb ? [fa, fb] : undefined;
}

/**
 * The completion steps of a call that picks one of two completion functions: what both are
 * judged to be, or unknown where they differ (each judged alone says which does what).
 */
function eitherCompletion(pair: [Node, Node], judge: (arg: Node) => FlowStep[]): FlowStep[] {
  const [a, b] = pair.map(judge);
  const names = `${pair[0].text} and ${pair[1].text}`;
  return a.map((x, i) => {
    const y = b[i];
    if (x.status === y.status && x.status !== 'unknown')
      return { ...x, detail: `Either of ${names}: ${x.detail} ${y.detail}` };
    return step(x.id, x.title, 'unknown', `${names} differ: ${x.detail} ${y.detail}`, x.location);
  });
}

/**
 * The completion function frees the NBL, but with a free that does not suit it (WFP2003) or not
 * the MDL and buffer under it (WFP2007): the step is missing, as the diagnostic says.
 */
function withCompletionFindings(steps: FlowStep[], site: CallSite, findings: Finding[]): FlowStep[] {
  const param = paramByRole(site.fn, 'completionFn');
  const arg = param ? site.args[param.index] : undefined;
  const wrong =
    arg &&
    findings.find(
      (f) =>
        (f.ruleId === 'WFP2003' || f.ruleId === 'WFP2007') &&
        f.start >= arg.startIndex &&
        f.end <= arg.endIndex,
    );
  if (!wrong) return steps;
  return steps.map((x) =>
    x.id === 'completionFrees' && x.status === 'found'
      ? { ...x, status: 'missing', detail: wrong.message }
      : x,
  );
}

function completionSteps(
  file: SourceFile,
  site: CallSite,
  index: WorkspaceIndex,
  owned: boolean,
  chosen?: Node,
): FlowStep[] {
  const param = paramByRole(site.fn, 'completionFn');
  const arg = chosen ?? (param ? site.args[param.index] : undefined);
  const fnTitle = 'Completion function';
  const freeTitle = 'The completion function frees the NBL';
  if (!arg)
    return [
      step('completionFunction', fnTitle, 'unknown', 'No completion argument.'),
      step('completionFrees', freeTitle, 'unknown', 'No completion function.'),
    ];
  const isNull = isNullLiteral(arg);
  // `(FWPS_INJECT_COMPLETE0) &Complete` names the function as well as `Complete` does.
  const named = isNull ? undefined : namedFunction(arg);
  const choice = named ? undefined : eitherFunction(arg);
  if (choice) return eitherCompletion(choice, (n) => completionSteps(file, site, index, owned, n));
  if (!named) {
    return [
      step(
        'completionFunction',
        fnTitle,
        isNull ? 'missing' : 'unknown',
        `\`${arg.text}\` is passed as the completion function.`,
        locationIn(file, arg),
      ),
      isNull
        ? step(
            'completionFrees',
            freeTitle,
            'missing',
            'No completion function: nothing frees the NBL after a successful injection.',
          )
        : step('completionFrees', freeTitle, 'unknown', 'The completion function is not a plain name.'),
    ];
  }
  const name = named.text;
  const summary = index.functionSummary(name);
  if (!summary) {
    return [
      step(
        'completionFunction',
        fnTitle,
        'unknown',
        `${name} is not defined in the indexed files.`,
        locationIn(file, named),
      ),
      step('completionFrees', freeTitle, 'unknown', `${name} is not defined in the indexed files.`),
    ];
  }
  const at = locationAt(file, summary.uri, summary.start, summary.line);
  const fnStep = step(
    'completionFunction',
    fnTitle,
    'found',
    `${name} runs after a successful injection, once per NBL.`,
    at,
  );
  const effects = index.effects(name);
  switch (effects ? completionVerdict(effects) : 'unknown') {
    case 'frees':
      return [fnStep, step('completionFrees', freeTitle, 'found', `${name} frees the NBL.`, at)];
    case 'freesOnFailure':
      return [
        fnStep,
        step(
          'completionFrees',
          freeTitle,
          owned ? 'missing' : 'unknown',
          `${name} frees the NBL only when its Status failed; a packet injected successfully is never freed.`,
          at,
        ),
      ];
    case 'handsOn':
      return [
        fnStep,
        step(
          'completionFrees',
          freeTitle,
          'found',
          `${name} hands the NBL or its context to code that frees it.`,
          at,
        ),
      ];
    case 'neverFrees':
      return owned
        ? [
            fnStep,
            step('completionFrees', freeTitle, 'missing', `${name} never frees the NBL it receives.`, at),
          ]
        : [
            fnStep,
            step(
              'completionFrees',
              freeTitle,
              'unknown',
              `${name} frees nothing; that leaks if this NBL was cloned or allocated here.`,
              at,
            ),
          ];
    default:
      return [
        fnStep,
        step(
          'completionFrees',
          freeTitle,
          'unknown',
          `${name} does not have the completion function's three parameters.`,
          at,
        ),
      ];
  }
}
