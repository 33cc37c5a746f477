// For an injection in a DPC, worker or helper: the classify functions that lead to it, through
// calls or a function pointer they hand on (`KeInitializeDpc(&dpc, InjectDpc, ctx)`), nearest
// first. The self-injection check and the classify action of the packet belong there.
import type { Node } from '../parse/syntaxNode';
import { functionDefinitions, functionName } from '../analysis/functions';
import type { Ref } from '../analysis/summaries';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { isClassifyFunction } from '../analysis/classifyScope';
import { fieldKey } from '../analysis/fieldOrigins';
import type { SourceFile } from '../parse/document';

const MAX_DEPTH = 4;

export interface QueuingClassify {
  name: string;
  /** Its definition, when it is in the file being looked at. */
  def?: Node;
  uri: string;
  start: number;
  line: number;
}

/**
 * The classify functions that ask FwpsQueryPacketInjectionState* about `handle`, themselves or
 * through a helper they call: where a packet injected with it is recognised when it comes back.
 */
export function classifiesAsking(handle: string, index: WorkspaceIndex): string[] {
  const graph = index.callGraph();
  const out = new Set<string>();
  for (const asker of index.askersAbout(handle)) {
    let frontier = [asker];
    const seen = new Set(frontier);
    for (let depth = 0; depth <= MAX_DEPTH && frontier.length; depth++) {
      const next: string[] = [];
      for (const n of frontier) {
        if (isClassifyFunction(n, index)) out.add(n);
        else
          for (const c of graph.callers(n)) {
            if (seen.has(c)) continue;
            seen.add(c);
            next.push(c);
          }
      }
      frontier = next;
    }
  }
  return [...out];
}

/**
 * The classify functions nearest to `fn` up the call (and function-pointer) graph; else, for a
 * worker that takes packets off a list, those that put packets on that list (`InsertTailList(
 * &gPacketQueue, …)` in the classifyFn, `RemoveHeadList(&gPacketQueue)` in the worker).
 */
export function queuingClassifies(
  file: SourceFile,
  fn: string,
  index: WorkspaceIndex,
  records: Node[] = [],
): QueuingClassify[] {
  let found = nearestClassifies(fn, index);
  // A list the worker takes its packets off says where they come from, even when no classifyFn
  // fills it; the record's fields say so only when no list does.
  if (!found.length) found = listQueuers(fn, index) ?? fillingClassifies(records, index);
  return describe(file, found, index);
}

/**
 * For an NBL injected from a record (`packet->clone`), or cloned from one in the worker
 * (`packet->netBufferList`), the classify functions nearest to the functions that store into
 * that field (`FwpsAllocateCloneNetBufferList0(nbl, …, &packet->clone)` in the classifyFn, or in a
 * helper it calls): the packet was queued there, whatever carried the record. Only when every
 * such function leads to a classifyFn.
 */
function fillingClassifies(records: Node[], index: WorkspaceIndex): string[] {
  for (const record of records) {
    const fns = recordFillers(record, index);
    if (!fns?.length) continue;
    const out = new Set<string>();
    for (const f of fns) {
      const classifies = nearestClassifies(f, index, true);
      if (!classifies.length) return [];
      classifies.forEach((c) => out.add(c));
    }
    return [...out].sort();
  }
  return [];
}

/** The functions that store into the record field an NBL expression reads (`packet->clone`). */
export function recordFillers(nbl: Node | undefined, index: WorkspaceIndex): string[] | undefined {
  const field = nbl && fieldKey(nbl);
  return field ? index.fieldFillers(field.key, field.type) : undefined;
}

/** Up the referrers from `fn`, the first classify functions met (`fn` itself with `orSelf`). */
function nearestClassifies(fn: string, index: WorkspaceIndex, orSelf = false): string[] {
  if (orSelf && isClassifyFunction(fn, index)) return [fn];
  const graph = index.callGraph();
  let frontier = [fn];
  const seen = new Set(frontier);
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const n of frontier)
      for (const r of graph.referrers(n)) {
        if (seen.has(r)) continue;
        seen.add(r);
        next.push(r);
      }
    const found = next.filter((n) => isClassifyFunction(n, index));
    if (found.length) return found;
    frontier = next;
  }
  return [];
}

function describe(file: SourceFile, names: string[], index: WorkspaceIndex): QueuingClassify[] {
  if (!names.length) return [];
  const defs = new Map<string, Node>();
  for (const d of file.tree ? functionDefinitions(file.tree.rootNode) : []) {
    const name = functionName(d);
    if (name) defs.set(name, d);
  }
  return names.flatMap((name) => {
    const s = index.functionSummary(name);
    if (!s) return [];
    const def = s.uri === file.uri ? defs.get(name) : undefined;
    return [{ name, uri: s.uri, start: s.start, line: s.line, ...(def ? { def } : {}) }];
  });
}

const LIST_INSERT =
  /^(ExInterlocked)?Insert(Head|Tail)List$|^(ExInterlocked)?PushEntryList$|^(Ex)?InterlockedPushEntrySList$/;
const LIST_REMOVE =
  /^(ExInterlocked)?Remove(Head|Tail)List$|^(ExInterlocked)?PopEntryList$|^(Ex)?Interlocked(PopEntry|Flush)SList$/;

/**
 * A list head as both ends of the hand-off can name it: a global by its name (`gPacketQueue`), a
 * field by its own name (`ctx->OobInfo.OutgoingDataQueue` → `.OutgoingDataQueue`). A head passed
 * in as a parameter names no list.
 */
function listKey(arg: Ref | null | undefined): string | undefined {
  if (!arg?.addr) return undefined;
  if (!arg.path) return 'local' in arg ? arg.local : undefined;
  const field = /\.(\w+)$/.exec(arg.path)?.[1];
  return field && `.${field}`;
}

/** Keys of the lists a function's list calls named by `which` work on. */
function listsOf(name: string, which: RegExp, index: WorkspaceIndex): string[] {
  const s = index.functionSummary(name);
  return (s?.calls ?? []).flatMap((c) => {
    const key = which.test(c.callee) ? listKey(c.args[0]) : undefined;
    return key ? [key] : [];
  });
}

/** `middle` calls `fn` with one of its own parameters (what its caller gave it). */
function passesParameter(middle: string, fn: string, index: WorkspaceIndex): boolean {
  const s = index.functionSummary(middle);
  return !!s?.calls.some((c) => c.callee === fn && c.args.some((a) => !!a && 'param' in a));
}

/**
 * The lists `worker` takes entries off and hands one of to `next`: the locals that hold what a
 * list call returned, and what calls make of them (`CONTAINING_RECORD(entry, …)`).
 */
function handsOnTaken(worker: string, next: string, index: WorkspaceIndex): string[] {
  const s = index.functionSummary(worker);
  if (!s) return [];
  const derived = new Map<string, string>();
  for (const c of s.calls) {
    const list = LIST_REMOVE.test(c.callee) ? listKey(c.args[0]) : undefined;
    if (list && c.result) derived.set(c.result, list);
    const from = c.args.find((a) => !!a && 'local' in a && derived.has(a.local));
    if (!list && from && c.result && 'local' in from) derived.set(c.result, derived.get(from.local)!);
  }
  return s.calls.flatMap((c) =>
    c.callee === next
      ? c.args.flatMap((a) => (a && 'local' in a && derived.has(a.local) ? [derived.get(a.local)!] : []))
      : [],
  );
}

/**
 * The classify functions that put packets on a list that `fn`, or a function that calls it, takes
 * them off itself: the worker's own loop (`entry = RemoveHeadList(&gPacketQueue); … Reinject(…)`);
 * undefined when it takes nothing off a list.
 * A list taken from further away (a dispatch routine that pops for reads and injects for writes
 * through separate helpers) says nothing of where the injected packet came from.
 */
function listQueuers(fn: string, index: WorkspaceIndex): string[] | undefined {
  const graph = index.callGraph();
  const takers = [fn, ...graph.referrers(fn)];
  let taken = new Set(takers.flatMap((n) => listsOf(n, LIST_REMOVE, index)));
  // Further up: the worker's loop hands what it took off the list down a chain of calls that
  // each pass on their parameter (`packet = CONTAINING_RECORD(RemoveHeadList(&gQueue), …);
  // ProcessPacket(packet);` → `Inject(packet)` → the injection).
  let frontier = taken.size ? [] : [fn];
  const seen = new Set(frontier);
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const callee of frontier)
      for (const caller of graph.callers(callee)) {
        const lists = handsOnTaken(caller, callee, index);
        if (lists.length) {
          takers.push(caller);
          taken = new Set([...taken, ...lists]);
        } else if (!seen.has(caller) && passesParameter(caller, callee, index)) {
          seen.add(caller);
          next.push(caller);
        }
      }
    frontier = next;
  }
  if (!taken.size) return undefined;
  const putters = graph
    .functions()
    .map((f) => f.name)
    .filter((n) => !takers.includes(n) && listsOf(n, LIST_INSERT, index).some((k) => taken.has(k)));
  const out = new Set<string>();
  for (const p of putters) for (const c of nearestClassifies(p, index, true)) out.add(c);
  return [...out].sort();
}
