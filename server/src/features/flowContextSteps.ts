// Steps of the flow panel that depend on the code around the call rather than on the call
// itself: moving the NBL's data start to where the injection function wants it (from
// Microsoft's data-offset tables, in the catalog's `dataStart`), completing a pended classify,
// and the condition under which a step the panel found runs. Display-only heuristics, like the
// checksum step: a step not seen is "unknown", never "missing".
import type { Node } from '../parse/syntaxNode';
import type { CallSite } from '../analysis/calls';
import type { SourceFile } from '../parse/document';
import type { FlowLocation, FlowStep } from '../../../shared/flowModel';
import { getLayer } from '../catalog';
import type { Allocation } from '../analysis/nbl';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { branchLayers } from '../analysis/branchLayers';
import { descendantsOf } from '../analysis/descendants';
import { calleeName, functionDefinitions, functionName } from '../analysis/functions';
import { locationAt, locationIn } from './flowStep';
import { namesRetreat } from '../analysis/summaries';

const ADVANCE = /^NdisAdvanceNetBuffer(List)?DataStart$/;

/** Steps whose location, when found, gets the condition it runs under. */
const CONDITIONAL: FlowStep['id'][] = ['checksum', 'retreat', 'completeOperation'];

function callsNamed(fnNode: Node | undefined | null, name: RegExp | ((callee: string) => boolean)): Node[] {
  const body = fnNode?.childForFieldName('body');
  if (!body) return [];
  const test = typeof name === 'function' ? name : (callee: string) => name.test(callee);
  return body
    .descendantsOfType('call_expression')
    .filter((c): c is Node => !!c && test(c.childForFieldName('function')?.text ?? ''));
}

/**
 * NdisRetreatNetBufferDataStart or a driver's macro named for it (namesRetreat), or a function of
 * the workspace that calls one (FunctionSummary.retreat).
 */
function retreats(callee: string, index: WorkspaceIndex | undefined): boolean {
  return namesRetreat(callee) || !!index?.functionSummary(callee)?.retreat;
}

/**
 * A retreat in one of the functions the packet was queued from (the classifyFn that queued it,
 * the function that cloned into the record a worker injects), in this file or another.
 */
function retreatWhereQueued(
  file: SourceFile,
  names: readonly string[],
  index: WorkspaceIndex | undefined,
): FlowLocation | undefined {
  for (const name of names) {
    const s = index?.functionSummary(name);
    const at = s?.retreat ?? s?.calls.find((c) => retreats(c.callee, index));
    if (s && at) return locationAt(file, s.uri, s.start + at.rel, s.line + at.relLine);
  }
  return undefined;
}

/** The functions where the NBL is prepared: the one that injects, the classifyFn, the one that allocates. */
function preparingFunctions(
  site: CallSite,
  classifyDef: Node | undefined,
  allocation: Node | undefined,
): Node[] {
  const out: Node[] = [];
  for (const n of [site.enclosingFunction, classifyDef, enclosingFunction(allocation)])
    if (n && !out.some((o) => o.id === n.id)) out.push(n);
  return out;
}

function enclosingFunction(n: Node | undefined): Node | undefined {
  for (let p = n?.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** `IP header (retreat …)` → `IP header`: the header a data position names first. */
function leadingHeader(position: string): string | undefined {
  return /^(IP|Ethernet|MAC|transport) header\b/.exec(position)?.[0];
}

/** An allocation over the classify's own buffers (its MDL chain) starts wherever their data does. */
const OVER_INDICATED_DATA = /NET_BUFFER|CurrentMdl|MdlChain/;

/** The allocation that built the NBL from a buffer of the driver's own, not over indicated data. */
export function builtFromOwnBuffer(allocation: Allocation | undefined): Node | undefined {
  const made = allocation?.call;
  return allocation?.kind === 'allocated' && made && !OVER_INDICATED_DATA.test(made.text) ? made : undefined;
}

/**
 * The layers a helper runs at by its callers: every call of it is in a branch on layerId (`else
 * if (layerId == FWPS_LAYER_IPFORWARD_V4 || …) PerformAtForward(…)`). Undefined when a call is
 * not, or a function of another file calls it or hands it on.
 */
function layersByCallers(file: SourceFile, name: string, index: WorkspaceIndex): string[] | undefined {
  const graph = index.callGraph();
  const referrers = graph.referrers(name);
  if (!file.tree || !referrers.length) return undefined;
  if (referrers.some((r) => graph.get(r)?.summary.uri !== file.uri)) return undefined;
  const out = new Set<string>();
  for (const def of functionDefinitions(file.tree.rootNode)) {
    if (!referrers.includes(functionName(def) ?? '')) continue;
    const calls = descendantsOf(def, 'call_expression').filter(
      (c): c is Node => !!c && calleeName(c.childForFieldName('function')) === name,
    );
    // Handed on as a pointer (a DPC routine) rather than called: where it runs is not told here.
    if (!calls.length) return undefined;
    for (const call of calls) {
      const only = branchLayers(call, def).only;
      if (!only) return undefined;
      only.forEach((l) => out.add(l));
    }
  }
  return out.size ? [...out].sort() : undefined;
}

/**
 * Why no retreat is needed, when none is: the NBL was built from a buffer of the driver's own
 * rather than cloned from the indicated data, or every layer its classifyFn runs at indicates
 * the data at the header the call wants already (the forward layers, for a receive injection).
 */
function noRetreatNeeded(
  site: CallSite,
  needs: string,
  allocation: Allocation | undefined,
  classifyLayers: readonly string[],
): string | undefined {
  const made = builtFromOwnBuffer(allocation);
  if (made)
    return `The NBL is built from a buffer (${made.childForFieldName('function')?.text ?? 'an allocation'}), not cloned from the indicated data: there is nothing to retreat, and the buffer must start at the ${leadingHeader(needs) ?? needs}.`;
  const header = leadingHeader(needs);
  const layers = classifyLayers.map(getLayer);
  if (header && layers.length && layers.every((l) => l && leadingHeader(l.dataAtClassify) === header))
    return `At ${classifyLayers.join(', ')} the indicated data already starts at the ${header}: ${site.fn.name} needs no retreat there.`;
  return undefined;
}

/** "Move the data start" for injection functions whose catalog `dataStart` asks for a retreat. */
export function retreatStep(
  file: SourceFile,
  site: CallSite,
  classifyDef: Node | undefined,
  allocation: Allocation | undefined,
  classifyLayers: readonly string[] = [],
  index?: WorkspaceIndex,
  queuedFrom: readonly string[] = [],
): FlowStep | undefined {
  const dataStart = site.fn.injection?.dataStart;
  if (!dataStart || !/retreat/i.test(dataStart)) return undefined;
  const title = 'Move the data start to the header the call needs';
  const fns = preparingFunctions(site, classifyDef, allocation?.call);
  const retreat = fns.flatMap((f) => callsNamed(f, (callee) => retreats(callee, index)))[0];
  if (!retreat) {
    // In a helper of the classifyFn: the layers of the branches it is called from.
    const helper = site.enclosingFunction && functionName(site.enclosingFunction);
    const layers =
      classifyLayers.length || !helper || !index
        ? classifyLayers
        : (layersByCallers(file, helper, index) ?? []);
    const notNeeded = noRetreatNeeded(site, dataStart, allocation, layers);
    if (notNeeded) return { id: 'retreat', title, status: 'notApplicable', detail: notNeeded };
    const queued = retreatWhereQueued(file, queuedFrom, index);
    if (queued)
      return {
        id: 'retreat',
        title,
        status: 'found',
        detail: `Retreated where the packet was queued; ${site.fn.name} needs: ${dataStart}.`,
        location: queued,
      };
    return {
      id: 'retreat',
      title,
      status: 'unknown',
      detail: `${site.fn.name} needs the data to start at the ${dataStart}; no NdisRetreatNetBufferDataStart seen where the NBL is cloned or injected.`,
    };
  }
  const advance = fns.flatMap((f) => callsNamed(f, ADVANCE)).find((a) => a.startIndex > retreat.startIndex);
  const detail = `Retreated before the clone${advance ? ' and advanced back afterwards' : ''}; ${site.fn.name} needs: ${dataStart}.`;
  return {
    id: 'retreat',
    title,
    status: 'found',
    detail,
    location: locationIn(file, retreat),
  };
}

/** The driver's own folders: the parent of the file's folder (`WFPSampler/` for `WFPSampler/sys/x.cpp`). */
function projectOf(uri: string): string {
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  return folder.slice(0, folder.lastIndexOf('/') + 1);
}

/**
 * A function of the same driver, in another file, that completes what this file pends (the
 * completion kept in a helper library: FwpsPendClassify here, FwpsCompleteClassify there).
 */
function completedElsewhere(
  file: SourceFile,
  kinds: Set<string>,
  index: WorkspaceIndex,
): { fn: string; callee: string; location: FlowLocation } | undefined {
  const project = projectOf(file.uri);
  for (const { name, effects } of index.callGraph().functions()) {
    const s = effects.summary;
    if (s.uri === file.uri || !s.uri.startsWith(project)) continue;
    const c = s.calls.find((x) => kinds.has(/^FwpsComplete(Operation|Classify)/.exec(x.callee)?.[1] ?? ''));
    if (c)
      return {
        fn: name,
        callee: c.callee,
        location: locationAt(file, s.uri, s.start + c.rel, s.line + c.relLine),
      };
  }
  return undefined;
}

/** "Complete the pended classify" where this file pends one (FwpsPendOperation/FwpsPendClassify). */
export function completeOperationStep(
  file: SourceFile,
  site: CallSite,
  calls: CallSite[],
  index?: WorkspaceIndex,
): FlowStep | undefined {
  const kinds = new Set(calls.flatMap((c) => /^FwpsPend(Operation|Classify)/.exec(c.fn.name)?.[1] ?? []));
  if (!kinds.size) return undefined;
  const title = 'Complete the pended classify';
  const completes = calls.filter((c) => /^FwpsComplete(Operation|Classify)/.test(c.fn.name));
  // The one in the injecting function first: that is the one this call follows or precedes.
  const complete =
    completes.find((c) => c.enclosingFunction?.id === site.enclosingFunction?.id) ?? completes[0];
  const elsewhere = !complete && index ? completedElsewhere(file, kinds, index) : undefined;
  if (elsewhere)
    return {
      id: 'completeOperation',
      title,
      status: 'found',
      detail: `${elsewhere.callee} in ${elsewhere.fn} resumes the pended classify, so the stack reauthorizes it.`,
      location: elsewhere.location,
    };
  const pends = calls.filter((c) => /^FwpsPend(Operation|Classify)/.test(c.fn.name));
  const endedNowhere = (p: CallSite) => !p.fn.endedBy?.by.some((fn) => index!.callsAnywhere(fn));
  const neverCompleted = !complete && index?.complete ? pends.find(endedNowhere) : undefined;
  if (neverCompleted)
    return {
      id: 'completeOperation',
      title,
      status: 'missing',
      detail: `Nothing in the workspace calls ${neverCompleted.fn.endedBy!.by.join(' or ')}: the classify pended by ${neverCompleted.written} waits for ever.`,
      location: locationIn(file, neverCompleted.call),
    };
  if (!complete) {
    return {
      id: 'completeOperation',
      title,
      status: 'unknown',
      detail:
        'This file pends a classify; no FwpsCompleteOperation0/FwpsCompleteClassify0 seen here, without which the connection or packet waits for ever.',
    };
  }
  return {
    id: 'completeOperation',
    title,
    status: 'found',
    detail: `${complete.written} resumes the pended classify, so the stack reauthorizes it.`,
    location: locationIn(file, complete.call),
  };
}

/**
 * The condition a found step runs under when it is in a branch that the injection call is not
 * in (`if (packet->ipSecProtected)`): the innermost `if` around the step that leaves the call out.
 */
export function conditionOf(file: SourceFile, stepAt: number, call: Node): string | undefined {
  const node = file.tree?.rootNode.descendantForIndex(stepAt);
  for (let n: Node | null | undefined = node; n && n.type !== 'function_definition'; n = n.parent) {
    const parent: Node | null = n.parent;
    if (parent?.type !== 'if_statement') continue;
    if (parent.startIndex <= call.startIndex && call.endIndex <= parent.endIndex) return undefined;
    const cond = parent
      .childForFieldName('condition')
      ?.text.replace(/^\(\s*|\s*\)$/g, '')
      .replace(/\s+/g, ' ');
    if (!cond) return undefined;
    const inElse = parent.childForFieldName('alternative')?.id === n.id;
    return inElse ? `not (${cond})` : cond;
  }
  return undefined;
}

/** Adds the context steps around the `inject` step and marks the conditions of found steps. */
export function withContextSteps(
  steps: FlowStep[],
  file: SourceFile,
  site: CallSite,
  calls: CallSite[],
  classifyDef: Node | undefined,
  allocation: Allocation | undefined,
  classifyLayers: readonly string[] = [],
  index?: WorkspaceIndex,
  queuedFrom: readonly string[] = [],
): FlowStep[] {
  const out = [...steps];
  const injectAt = () => out.findIndex((s) => s.id === 'inject');
  const retreat = retreatStep(file, site, classifyDef, allocation, classifyLayers, index, queuedFrom);
  // Before the clone when it is seen before the call, which is where it belongs.
  if (retreat)
    out.splice(
      Math.max(
        0,
        out.findIndex((s) => s.id === 'allocate'),
      ),
      0,
      retreat,
    );
  const complete = completeOperationStep(file, site, calls, index);
  if (complete) {
    const fn = site.enclosingFunction;
    const here = complete.location?.uri === file.uri ? complete.location : undefined;
    const at = here && file.offsetAt(here.range.start);
    const before = at !== undefined && !!fn && at >= fn.startIndex && at < site.call.startIndex;
    out.splice(before ? injectAt() : injectAt() + 1, 0, complete);
  }
  const fn = site.enclosingFunction;
  for (const s of out) {
    if (
      !CONDITIONAL.includes(s.id) ||
      s.status !== 'found' ||
      !s.location ||
      s.location.uri !== file.uri ||
      !fn
    )
      continue;
    const at = file.offsetAt(s.location.range.start);
    // A step in another function runs on its own path; its conditions say nothing about this call.
    if (at < fn.startIndex || at >= fn.endIndex) continue;
    const condition = conditionOf(file, at, site.call);
    if (condition) s.condition = condition;
  }
  return out;
}
