// Function summaries composed bottom-up over the workspace's call graph: what a function frees,
// allocates and injects, directly or through its helpers, with the chain of calls that does it.
// Recursion is settled by iterating to a fixpoint; chains longer than MAX_DEPTH count as "handed
// on" (never as a leak). Effects of a function are reused from the previous graph while its own
// facts and its callees' effects are unchanged, so an edit re-summarises only what depends on it.
import { lifecycleOf, paramByRole, resolveFunction, type Origin, type Resource } from '../catalog';
import { components } from './components';
import { LayeredMap } from './layered';
import type { BuiltPart, ChainStep } from './nbl';
import { VALUE_FIELD, type ActionFact, type CallFact, type FunctionSummary, type Ref } from './summaries';

const MAX_DEPTH = 8;
/** Fields below a parameter (`p->a->b->nbl`); recursion over `next` would grow them forever. */
const MAX_PATH = 3;
const MAX_ROUNDS = 6;

export interface ParamEffect {
  param: number;
  /** Below the parameter: '' for the parameter itself, `.nbl` for `p->nbl`. */
  path: string;
  resource: Resource | 'any';
  via: ChainStep[];
}

export interface AllocEffect {
  /** Returned, or stored through parameter `param` at `path` (`*` for an out-parameter). */
  into: 'return' | { param: number; path: string };
  origin: Origin;
  resource: Resource;
  via: ChainStep[];
  /**
   * An NBL built over an MDL (and the MDL over a pool buffer) the function allocated and kept
   * nowhere else: whoever frees the NBL must free these too, reaching them through it.
   */
  parts?: BuiltPart[];
}

export interface InjectEffect {
  param: number;
  path: string;
  /** The catalog injection function at the end of the chain. */
  fn: string;
  /** Its status is what this function returns. */
  returnsStatus: boolean;
  via: ChainStep[];
}

export interface Effects {
  summary: FunctionSummary;
  frees: ParamEffect[];
  allocates: AllocEffect[];
  injects: InjectEffect[];
  /** Parameters handed to code that may keep or free them (unknown callees, stores). */
  passes: number[];
  /** Something is freed in the body or in a helper it calls. */
  freesSomething: boolean;
  /** What kinds of object it frees, its parameters or not (an MDL found through the NBL, …). */
  freed: Resource[];
  /** It asks FwpsQueryPacketInjectionState, itself or through a helper. */
  queriesInjectionState: boolean;
  /** Block or absorb set through parameter `param`, here or in a helper it hands it to. */
  actions: ActionEffect[];
  /** It pends the classify (FwpsPendOperation/FwpsPendClassify), itself or through a helper. */
  pends: boolean;
}

export interface ActionEffect {
  param: number;
  sets: ActionFact['sets'];
  /** Where it is set: the assignment, in this function or the helper that makes it. */
  at: ChainStep;
}

const PENDS = /^FwpsPend(Operation|Classify)/;

type Lookup = (name: string) => Effects | undefined;

function step(s: FunctionSummary, c: CallFact): ChainStep {
  return { fn: c.callee, uri: s.uri, start: s.start + c.rel, line: s.line + c.relLine };
}

function segments(path: string): number {
  return (path.match(/[.*]/g) ?? []).length;
}

function isParam(r: Ref | null | undefined): r is Ref & { param: number } {
  return !!r && 'param' in r;
}

/**
 * Where `below` in the callee is in the caller, for the argument `arg`: `p->io` then `.nbl` is
 * `.io.nbl`; through an address, `&p->io` then `.nbl` (an embedded struct) and `&p->nbl` then
 * `*` (an out-parameter) are `.io.nbl` and `.nbl`. Undefined where it is nothing of the caller's.
 */
function pathThrough(arg: Ref & { param: number }, below: string): string | undefined {
  if (!arg.addr) return arg.path + below;
  if (below.startsWith('*')) return arg.path + below.slice(1);
  return arg.path && below.startsWith('.') ? arg.path + below : undefined;
}

/**
 * The MDL under the NBL the call `c` builds, when the argument `over` is a local the function
 * allocated as an MDL and keeps nowhere else, and the buffer under that MDL the same way.
 */
function builtParts(s: FunctionSummary, c: CallFact, over: number | undefined): BuiltPart[] {
  const local = (r: Ref | null | undefined) =>
    r && 'local' in r && !r.path && !r.addr ? r.local : undefined;
  const kept = (name: string) =>
    s.reassigned.includes(name) ||
    s.returns.includes(name) ||
    s.stores.some((st) => !!st.from && 'local' in st.from && st.from.local === name);
  /** The call that allocated the local `name` as `resource`, and how. */
  const allocatedAs = (name: string | undefined, resource: Resource) => {
    if (!name || kept(name)) return undefined;
    const call = s.calls.find(
      (x) => x.result === name && lifecycleOf(x.callee)?.allocates?.resource === resource,
    );
    return call && { call, made: lifecycleOf(call.callee)!.allocates! };
  };
  const mdl = allocatedAs(over === undefined ? undefined : local(c.args[over]), 'mdl');
  if (!mdl) return [];
  const parts: BuiltPart[] = [{ resource: 'mdl', origin: mdl.made.origin }];
  const under = mdl.made.over;
  const buffer = allocatedAs(under === undefined ? undefined : local(mdl.call.args[under]), 'buffer');
  if (buffer) parts.push({ resource: 'buffer', origin: buffer.made.origin });
  return parts;
}

/** The call's result is an allocation (catalog allocator returning it, or a helper that does). */
function isAllocation(c: CallFact, callee: Lookup): boolean {
  const made = lifecycleOf(c.callee)?.allocates;
  if (made) return made.into === 'return';
  return !!callee(c.callee)?.allocates.some((a) => a.into === 'return');
}

/** The effects of one function from its facts and its callees' current effects. */
/** `here` then `rest`, unless `rest` already passes through `here` (recursion adds no step). */
function chain(here: ChainStep, rest: ChainStep[]): ChainStep[] {
  return rest.some((r) => r.fn === here.fn && r.start === here.start && r.uri === here.uri)
    ? rest
    : [here, ...rest];
}

export function computeEffects(s: FunctionSummary, callee: Lookup): Effects {
  const frees = new Map<string, ParamEffect>();
  const allocs = new Map<string, AllocEffect>();
  const injects = new Map<string, InjectEffect>();
  const passes = new Set<number>();
  let freesSomething = false;
  const freed = new Set<Resource>(s.freesMem.length ? ['buffer'] : []);
  let queries = false;
  let pends = false;
  const actions = new Map<string, ActionEffect>();
  const addAction = (a: ActionEffect) => {
    if (!actions.has(`${a.param}${a.sets}`)) actions.set(`${a.param}${a.sets}`, a);
  };
  for (const a of s.actions ?? [])
    addAction({
      param: a.param,
      sets: a.sets,
      at: { fn: s.name, uri: s.uri, start: s.start + a.rel, line: s.line + a.relLine },
    });
  const addFree = (e: ParamEffect) => {
    if (e.via.length > MAX_DEPTH || segments(e.path) > MAX_PATH) passes.add(e.param);
    else if (!frees.has(`${e.param}${e.path}`)) frees.set(`${e.param}${e.path}`, e);
  };
  for (const p of s.freesMem) addFree({ param: p, path: '', resource: 'any', via: [] });

  // Where each local's value comes from: one origin, or 'other'.
  const sources = new Map<string, Set<Origin | 'other'>>();
  const source = (local: string, o: Origin | 'other') =>
    sources.set(local, (sources.get(local) ?? new Set()).add(o));
  for (const l of s.reassigned) source(l, 'other');
  const localAllocs: { local: string; a: Omit<AllocEffect, 'into'> }[] = [];

  /** An allocation reaching the argument `arg` of call `c` through `path` (`*`: what it points to). */
  const allocated = (
    c: CallFact,
    target: { arg: Ref | null } | 'result',
    path: string,
    a: Omit<AllocEffect, 'into'>,
  ) => {
    if (a.via.length > MAX_DEPTH) return;
    if (target !== 'result' && segments(target.arg?.path ?? '') + segments(path) > MAX_PATH + 1) return;
    if (target === 'result') {
      if (c.returned) allocs.set(`r${a.origin}`, { ...a, into: 'return' });
      else if (c.result) localAllocs.push({ local: c.result, a });
      return;
    }
    const arg = target.arg;
    if (!arg) return;
    let effective: string;
    if (arg.addr) {
      if (!path.startsWith('*')) return;
      effective = arg.path + path.slice(1);
    } else effective = arg.path + path;
    if (isParam(arg)) {
      if (effective)
        allocs.set(`${arg.param}${effective}${a.origin}`, {
          ...a,
          into: { param: arg.param, path: effective },
        });
    } else if (!effective) localAllocs.push({ local: arg.local, a });
  };

  for (const c of s.calls) {
    const here = step(s, c);
    const life = lifecycleOf(c.callee);
    const catalog = resolveFunction(c.callee);
    const argAt = (i: number) => c.args[i];
    if (life?.frees) {
      freesSomething = true;
      freed.add(life.frees.resource);
      const arg = argAt(life.frees.arg);
      if (isParam(arg) && !arg.addr)
        addFree({ param: arg.param, path: arg.path, resource: life.frees.resource, via: [here] });
    }
    if (life?.allocates) {
      const made = life.allocates;
      const parts = made.resource === 'nbl' ? builtParts(s, c, made.over) : [];
      const a = {
        origin: made.origin,
        resource: made.resource,
        via: [here],
        ...(parts.length ? { parts } : {}),
      };
      if (made.into === 'return') allocated(c, 'result', '', a);
      else allocated(c, { arg: argAt(made.into) }, '*', a);
    }
    if (catalog?.kind === 'injectionState') queries = true;
    if (PENDS.test(c.callee)) pends = true;
    if (life || catalog) {
      const nbl = catalog?.injection ? paramByRole(catalog, 'netBufferList') : undefined;
      const arg = nbl ? argAt(nbl.index) : undefined;
      if (isParam(arg) && !arg.addr) {
        // One per call: `c ? InjectIn(…) : InjectOut(…)` reaches two injections.
        const key = `${arg.param}${arg.path}@${here.start}`;
        injects.set(key, {
          param: arg.param,
          path: arg.path,
          fn: catalog!.name,
          returnsStatus: !!c.returned,
          via: [here],
        });
      }
      continue;
    }
    const e = callee(c.callee);
    if (!e) {
      // Unknown code may keep or free whatever it is given, and may fill what it points to.
      c.args.forEach((a) => {
        if (isParam(a)) {
          // `nbl->Status` hands the NBL to nobody.
          if (!VALUE_FIELD.test(a.path)) passes.add(a.param);
        } else if (a && a.addr && !a.path) source(a.local, 'other');
      });
      if (c.result) source(c.result, 'other');
      continue;
    }
    freesSomething ||= e.freesSomething;
    e.freed.forEach((r) => freed.add(r));
    queries ||= e.queriesInjectionState;
    pends ||= e.pends;
    for (const a of e.actions) {
      const arg = argAt(a.param);
      if (isParam(arg) && !arg.addr && !arg.path) addAction({ param: arg.param, sets: a.sets, at: a.at });
    }
    for (const f of e.frees) {
      const arg = argAt(f.param);
      const path = isParam(arg) ? pathThrough(arg, f.path) : undefined;
      if (isParam(arg) && path !== undefined)
        addFree({ param: arg.param, path, resource: f.resource, via: chain(here, f.via) });
    }
    for (const p of e.passes) {
      const arg = argAt(p);
      if (isParam(arg) && !VALUE_FIELD.test(arg.path)) passes.add(arg.param);
    }
    for (const i of e.injects) {
      const arg = argAt(i.param);
      if (isParam(arg) && !arg.addr && i.via.length < MAX_DEPTH && segments(arg.path + i.path) <= MAX_PATH) {
        injects.set(`${arg.param}${arg.path + i.path}@${here.start}`, {
          param: arg.param,
          path: arg.path + i.path,
          fn: i.fn,
          returnsStatus: i.returnsStatus && !!c.returned,
          via: chain(here, i.via),
        });
      }
    }
    const receives = new Set<string>();
    for (const a of e.allocates) {
      const rest = {
        origin: a.origin,
        resource: a.resource,
        via: chain(here, a.via),
        ...(a.parts ? { parts: a.parts } : {}),
      };
      if (a.into === 'return') {
        allocated(c, 'result', '', rest);
        receives.add('result');
      } else {
        allocated(c, { arg: argAt(a.into.param) }, a.into.path, rest);
        receives.add(String(a.into.param));
      }
    }
    // What the helper puts anywhere else is not an allocation we know of.
    if (c.result && !receives.has('result')) source(c.result, 'other');
    c.args.forEach((a, i) => {
      if (a && !isParam(a) && a.addr && !a.path && !receives.has(String(i))) source(a.local, 'other');
    });
  }
  for (const { local, a } of localAllocs) source(local, a.origin);
  // Returned only when every return gives this local (or NULL): a helper that sometimes returns
  // an NBL it did not allocate (a cached one, its parameter) allocates nothing we can rely on.
  const returnsOnly = (local: string) =>
    !s.returnsOther &&
    s.returns.length === 1 &&
    s.returns[0] === local &&
    !s.calls.some((c) => c.returned && !isAllocation(c, callee));
  for (const { local, a } of localAllocs) {
    if (sources.get(local)?.size !== 1) continue;
    if (s.returns.includes(local) && returnsOnly(local)) allocs.set(`r${a.origin}`, { ...a, into: 'return' });
    for (const st of s.stores) {
      if (!st.from || !('local' in st.from) || st.from.local !== local || st.from.path || st.from.addr)
        continue;
      if (!isParam(st.to) || !st.to.path || st.to.addr) continue;
      const to = st.to;
      // Every store into that place must be this local.
      const others = s.stores.some(
        (o) =>
          isParam(o.to) &&
          o.to.param === to.param &&
          o.to.path === to.path &&
          !(o.from && 'local' in o.from && o.from.local === local && !o.from.path),
      );
      if (!others)
        allocs.set(`${to.param}${to.path}${a.origin}`, { ...a, into: { param: to.param, path: to.path } });
    }
  }
  // A parameter stored anywhere (a field, a list, a global) is kept by someone else.
  for (const st of s.stores)
    if (isParam(st.from) && !(isParam(st.to) && st.to.param === st.from.param)) passes.add(st.from.param);
  // An allocation of two origins into the same place is no known origin.
  const byPlace = new Map<string, AllocEffect[]>();
  for (const a of allocs.values()) {
    const place = a.into === 'return' ? 'return' : `${a.into.param}${a.into.path}`;
    byPlace.set(place, [...(byPlace.get(place) ?? []), a]);
  }
  return {
    summary: s,
    frees: [...frees.values()],
    allocates: [...byPlace.values()].filter((l) => l.length === 1).map((l) => l[0]),
    injects: [...injects.values()],
    passes: [...passes].sort((a, b) => a - b),
    freesSomething: freesSomething || s.freesMem.length > 0,
    freed: [...freed].sort(),
    queriesInjectionState: queries,
    actions: [...actions.values()],
    pends,
  };
}

/** Effects of every uniquely defined function of the workspace. */
export class CallGraph {
  private readonly effects = new Map<string, Effects>();
  /** Who calls each name directly (defined or not), passed on from graph to graph. */
  private readonly callersOf: Edges;
  /** Who hands each name on as an argument (a function pointer: `QueueWork(InjectWorker)`). */
  private readonly passersOf: Edges;
  /** Functions whose effects were computed anew (not reused) while building this graph. */
  readonly recomputed = new Set<string>();

  constructor(
    private readonly defs: Map<string, FunctionSummary>,
    previous?: CallGraph,
  ) {
    this.callersOf = previous
      ? edgesAfter(previous.callersOf, previous.defs, defs, calleesOf)
      : edgesIn(defs, calleesOf);
    this.passersOf = previous
      ? edgesAfter(previous.passersOf, previous.defs, defs, passedOf)
      : edgesIn(defs, passedOf);
    // A definition the previous graph read unchanged keeps its effects (unless a callee's change
    // below reaches it): an edit computes its own functions again, not the workspace's.
    const stale = new Set<string>();
    for (const [name, s] of defs) {
      const before = previous?.effects.get(name);
      if (before && sameSummary(before.summary, s)) this.effects.set(name, before);
      else stale.add(name);
    }
    // Names whose effects now read otherwise: gone ones, and those recomputed below that moved.
    const moved = new Set<string>();
    if (previous) for (const n of previous.defs.keys()) if (!defs.has(n)) moved.add(n);
    // Only what calls a stale or gone name, directly or through others, can read otherwise.
    const reach = new Set<string>(stale);
    const work = [...stale, ...moved];
    while (work.length)
      for (const c of this.callersOf.get(work.pop()!) ?? [])
        if (defs.has(c) && !reach.has(c)) {
          reach.add(c);
          work.push(c);
        }
    const callees = (n: string) => defs.get(n)!.calls.map((c) => c.callee);
    for (const members of components(reach, callees)) {
      const own = new Set(members);
      const dirty = members.some((n) => stale.has(n) || callees(n).some((c) => moved.has(c) && !own.has(c)));
      if (!dirty) continue;
      this.settle(members);
      for (const n of members) {
        const before = previous?.effects.get(n);
        if (!before || key(before) !== key(this.effects.get(n)!)) moved.add(n);
      }
    }
  }

  /**
   * The effects of one strongly connected component whose callees outside it are settled. A
   * recursive one starts from nothing and goes round its members in name order until none moves:
   * the fixpoint depends on where it starts, and this start is the same whatever edits led here.
   */
  private settle(members: string[]): void {
    members.sort();
    for (const n of members) this.effects.delete(n);
    const first = this.defs.get(members[0])!;
    const recursive = members.length > 1 || first.calls.some((c) => c.callee === members[0]);
    const rounds = recursive ? MAX_ROUNDS * (MAX_DEPTH + 1) : 1;
    const lookup: Lookup = (n) => this.effects.get(n);
    for (let round = 0; round < rounds; round++) {
      let moving = false;
      for (const n of members) {
        const before = this.effects.get(n);
        const after = computeEffects(this.defs.get(n)!, lookup);
        this.recomputed.add(n);
        if (before && key(before) === key(after)) continue;
        this.effects.set(n, after);
        moving = true;
      }
      if (!moving) break;
    }
  }

  get(name: string): Effects | undefined {
    return this.effects.get(name);
  }

  /**
   * Functions that call `name` or hand it on as a function pointer (`KeInitializeDpc(&dpc,
   * InjectDpc, ctx)`, `QueueWork(InjectWorker)`): how a DPC or worker is reached.
   */
  referrers(name: string): string[] {
    if (!this.defs.has(name)) return [];
    const all = new Set([...(this.callersOf.get(name) ?? []), ...(this.passersOf.get(name) ?? [])]);
    all.delete(name);
    return [...all].sort();
  }

  /** Functions that call `name` directly (not through a pointer). */
  callers(name: string): string[] {
    if (!this.defs.has(name)) return [];
    return [...(this.callersOf.get(name) ?? [])].filter((c) => c !== name).sort();
  }

  /** Every uniquely defined function, with how many calls of it the workspace makes. */
  functions(): { name: string; effects: Effects; callers: number }[] {
    const counts = new Map<string, number>();
    for (const s of this.defs.values())
      for (const c of s.calls) counts.set(c.callee, (counts.get(c.callee) ?? 0) + 1);
    // In the order of the definitions, however much of the graph an edit computed again.
    return [...this.defs.keys()].map((name) => ({
      name,
      effects: this.effects.get(name)!,
      callers: counts.get(name) ?? 0,
    }));
  }

  /** The uniquely defined functions whose effects pass `test`, in the order of the definitions. */
  namesWhere(test: (e: Effects) => boolean): string[] {
    const out: string[] = [];
    for (const name of this.defs.keys()) if (test(this.effects.get(name)!)) out.push(name);
    return out;
  }
}

/** For each name, the definitions whose calls name it (as `targets` reads a definition's calls). */
type Edges = ReadonlyMap<string, ReadonlySet<string>>;

/** The names a definition calls. */
function calleesOf(s: FunctionSummary): string[] {
  return s.calls.map((c) => c.callee);
}

/** The names a definition hands to its callees as a plain argument (maybe a function). */
function passedOf(s: FunctionSummary): string[] {
  return s.calls.flatMap((c) => c.args.flatMap((a) => (a && 'local' in a && !a.path ? [a.local] : [])));
}

function edgesIn(defs: Map<string, FunctionSummary>, targets: (s: FunctionSummary) => string[]): Edges {
  const edges = new Map<string, Set<string>>();
  for (const [name, s] of defs)
    for (const t of targets(s)) edges.set(t, (edges.get(t) ?? new Set()).add(name));
  return edges;
}

/**
 * Past this many names set over the edges of an earlier graph, the next graph's are one map again.
 * Each graph copies what is set over the base: an edit sets a few, and typing all over a large
 * file sets them all in the end (256: about the square root of twice the workspace's names times
 * what an edit sets, where copying the base now and then costs least).
 */
const MAX_LAYERED_EDGES = 256;

/**
 * `edgesIn(defs, targets)`, from the edges of the graph of `before`: only the definitions that are
 * not the previous graph's own objects move their edges, the rest is read through (LayeredMap).
 */
function edgesAfter(
  edges: Edges,
  before: Map<string, FunctionSummary>,
  defs: Map<string, FunctionSummary>,
  targets: (s: FunctionSummary) => string[],
): Edges {
  let next = LayeredMap.over(edges);
  if (next.layered > MAX_LAYERED_EDGES) next = LayeredMap.over(next.flattened());
  const copied = new Set<string>();
  const of = (target: string): Set<string> => {
    if (!copied.has(target)) {
      copied.add(target);
      next.set(target, new Set(next.get(target)));
    }
    return next.get(target) as Set<string>;
  };
  // A summary an edit moved is a copy sharing its calls: its edges stay.
  const moved = (a: FunctionSummary | undefined, b: FunctionSummary | undefined) =>
    a === b || (!!a && !!b && a.calls === b.calls);
  for (const [name, s] of before)
    if (!moved(s, defs.get(name))) for (const t of targets(s)) of(t).delete(name);
  for (const [name, s] of defs) if (!moved(before.get(name), s)) for (const t of targets(s)) of(t).add(name);
  return next;
}

/**
 * Whether two summaries serialise the same. One an edit moved differs in its start or line: told
 * without serialising either; each is serialised once (an unchanged one is compared on every edit).
 */
function sameSummary(a: FunctionSummary, b: FunctionSummary): boolean {
  if (a === b) return true;
  if (a.start !== b.start || a.line !== b.line || a.name !== b.name || a.uri !== b.uri) return false;
  return summaryJson(a) === summaryJson(b);
}

const summaryJsons = new WeakMap<FunctionSummary, string>();

function summaryJson(s: FunctionSummary): string {
  let text = summaryJsons.get(s);
  if (text === undefined) summaryJsons.set(s, (text = JSON.stringify(s)));
  return text;
}

/** Effects are not changed once made: each is serialised once, however many callers compare it. */
const keys = new WeakMap<Effects, string>();

function key(e: Effects): string {
  let text = keys.get(e);
  if (text === undefined) keys.set(e, (text = keyOf(e)));
  return text;
}

function keyOf(e: Effects): string {
  return JSON.stringify([
    e.frees,
    e.allocates,
    e.injects,
    e.passes,
    e.freesSomething,
    e.freed,
    e.queriesInjectionState,
    e.actions,
    e.pends,
  ]);
}
