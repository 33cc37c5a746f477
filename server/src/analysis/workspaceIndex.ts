// Merges per-file facts across the workspace: a handle created in driver.c is known in inject.c,
// a callout registered in register.c tells which layer classify.c's function runs at.
import type { WindowsTarget } from '../catalog';
import { fileKey } from '../fileUris';
import type { SourceFile } from '../parse/document';
import { emptyFacts, type HandleFact } from './facts';
import type { AddressArgFact, HandleSlotFact, StateCheckFact, TeardownFact } from './handleSlots';
import type { CompletionContextFact } from './completionContext';
import type { HandsOnFact } from './cloneUse';
import { fillers, mergedOrigin, type FieldOriginFact } from './fieldOrigins';
import { DeclarationCache, indexedFile, type IndexedFile } from './indexedFile';
import type { NblOrigin } from './nbl';
import type { FunctionSummary } from './summaries';
import { CallGraph, type Effects } from './callGraph';
import { fwpsLayerOf, type HelperCall, type LayerEvidence, type Registration } from './layers';
import { LayeredMap, LayeredSet, type GrowingMap, type GrowingSet } from './layered';

export class WorkspaceIndex {
  /**
   * True once every file of the workspace is indexed. Rules that need the whole program
   * ("never destroyed anywhere") stay silent until then. A driver's view is as complete as the
   * index it is a view of.
   */
  get complete(): boolean {
    return this.parent ? this.parent.complete : this.isComplete;
  }
  set complete(value: boolean) {
    this.isComplete = value;
  }
  private isComplete = false;

  /** The index this is one driver's view of (viewFor). */
  private parent: WorkspaceIndex | undefined;
  /** Which driver each file belongs to, and the views built so far, by driver. */
  private grouping: { groupOf: (uri: string) => string; views: Map<string, WorkspaceIndex> } | undefined;

  /**
   * Keyed by fileKey: the scan, the editor and file watchers spell one file's URI differently,
   * and a file indexed twice would be a second, stale definition of everything in it.
   */
  private readonly files = new Map<string, IndexedFile>();
  /** The URI each file was last indexed under (what diagnostics for it are published with). */
  private readonly uriByKey = new Map<string, string>();
  private readonly fileVersions = new Map<string, number>();
  /** The sourceStamp (diskChecks.ts) each file's facts were made from, where the indexer gave one. */
  private readonly stamps = new Map<string, string>();
  /** Open documents, re-indexed on every edit, reuse the facts of unchanged declarations. */
  private readonly declarations = new Map<string, DeclarationCache>();
  private version = 0;
  private visible = 0;
  /**
   * Changes whenever the structs some file defines change (structLayout). Not part of what files
   * see of each other: a header of structs, which most drivers have, would check every open file
   * again; only declarations that pass a completion function read them (DeclarationFindings).
   */
  layoutGeneration = 0;
  /** How many of the `visible` changes came from each file. */
  private readonly visibleBy = new Map<string, number>();
  /** The last composed call graph: the next one reuses what did not change. */
  private graph: CallGraph | undefined;
  private wrappers: { graph: CallGraph; names: string[] } | undefined;
  /**
   * The file the last changes were to (the document being typed in), how many changes in a row,
   * and, from the second one, the other files' facts gathered.
   */
  private hot: string | undefined;
  private hotChanges = 0;
  private rest: Gathered | undefined;
  private cache:
    | {
        version: number;
        layers: ReadonlyMap<string, LayerEvidence[]>;
        handles: ReadonlyMap<string, HandleFact[]>;
        destroyed: ReadonlySet<string>;
        checkers: ReadonlySet<string>;
        summaries: ReadonlyMap<string, FunctionSummary[]>;
        fieldOrigins: ReadonlyMap<string, FieldOriginFact[]>;
        completionFunctions: ReadonlySet<string>;
        injectors: ReadonlySet<string>;
        unloadPath: ReadonlySet<string>;
        completionContexts: ReadonlyMap<string, CompletionContextFact[]>;
        handsOn: ReadonlyMap<string, HandsOnFact[]>;
        stateChecks: ReadonlyMap<string, StateCheckFact[]>;
        handleGetters: ReadonlyMap<string, string[]>;
        pairedCalls: ReadonlySet<string>;
        structLayouts: ReadonlyMap<string, string[]>;
        graph: CallGraph;
      }
    | undefined;

  /**
   * Indexes a parsed file; returns whether what other files can see of it changed.
   * `edited`: the file will be indexed again after each edit (an open document).
   */
  update(file: SourceFile, target: WindowsTarget, edited = false): boolean {
    if (!file.tree) return this.remove(file.uri);
    let entry: IndexedFile;
    const key = fileKey(file.uri);
    if (edited) {
      let cache = this.declarations.get(key);
      if (!cache) this.declarations.set(key, (cache = new DeclarationCache()));
      entry = cache.build(file, target);
    } else {
      this.declarations.delete(key);
      entry = indexedFile(file, target);
    }
    return this.store(file.uri, entry);
  }

  /**
   * Indexes facts computed elsewhere (by indexedFileInSlices); as update() otherwise. `stamp`:
   * what they were made from (diskChecks.ts).
   */
  store(uri: string, entry: IndexedFile, stamp?: string): boolean {
    const key = fileKey(uri);
    if (stamp === undefined) this.stamps.delete(key);
    else this.stamps.set(key, stamp);
    const before = this.files.get(key);
    if (!sameLayouts(before, entry)) this.layoutGeneration++;
    this.files.set(key, entry);
    this.uriByKey.set(key, uri);
    this.changing(key);
    this.version++;
    this.fileVersions.set(key, this.version);
    // A file new to the index that shows nothing (a header of prototypes, a file without a
    // function) changes nothing other files see: the open documents are not checked again for it.
    const seen = before ? !sameSignature(before, entry) : !showsNothing(entry);
    if (seen) {
      this.visible++;
      this.visibleBy.set(key, (this.visibleBy.get(key) ?? 0) + 1);
    }
    for (const view of this.viewsSeeing(uri)) view.store(uri, entry, stamp);
    return seen;
  }

  /**
   * Tells which driver each file belongs to: a key per driver (its solution's folder), '' for a
   * file of none, which is read with every driver (shared headers, a lone file).
   */
  setGrouping(groupOf: ((uri: string) => string) | undefined): void {
    this.grouping = groupOf ? { groupOf, views: new Map() } : undefined;
  }

  /**
   * What the file at `uri` sees: its driver's files and the files of no driver, so that one
   * driver's `InjectComplete` does not stand for another's. The whole index for a file of no
   * driver, or without grouping. Views are built on first use and kept in step by store/remove.
   */
  viewFor(uri: string): WorkspaceIndex {
    const group = this.grouping?.groupOf(uri) ?? '';
    if (!this.grouping || !group) return this;
    let view = this.grouping.views.get(group);
    if (!view) {
      view = new WorkspaceIndex();
      view.parent = this;
      for (const [key, entry] of this.files) {
        const other = this.uriByKey.get(key)!;
        const g = this.grouping.groupOf(other);
        if (!g || g === group) view.store(other, entry, this.stamps.get(key));
      }
      this.grouping.views.set(group, view);
    }
    return view;
  }

  /** The views that see the file at `uri`: its driver's, or every one for a file of none. */
  private viewsSeeing(uri: string): WorkspaceIndex[] {
    if (!this.grouping?.views.size) return [];
    const group = this.grouping.groupOf(uri);
    return [...this.grouping.views].filter(([g]) => !group || g === group).map(([, v]) => v);
  }

  /**
   * Counts the changes in a row to one file; a change to another file makes the others' gathered
   * facts out of date.
   */
  private changing(key: string): void {
    if (key === this.hot) {
      this.hotChanges++;
      return;
    }
    this.hot = key;
    this.hotChanges = 1;
    this.rest = undefined;
  }

  /** The document was closed: its per-declaration cache for edits is no longer needed. */
  closed(uri: string): void {
    this.declarations.delete(fileKey(uri));
  }

  remove(uri: string): boolean {
    const key = fileKey(uri);
    this.declarations.delete(key);
    this.stamps.delete(key);
    this.uriByKey.delete(key);
    for (const view of this.viewsSeeing(uri)) view.remove(uri);
    const before = this.files.get(key);
    if (!before) return false;
    if (!sameLayouts(before, undefined)) this.layoutGeneration++;
    this.files.delete(key);
    this.changing(key);
    this.version++;
    this.fileVersions.set(key, this.version);
    if (showsNothing(before)) return false;
    this.visible++;
    this.visibleBy.set(key, (this.visibleBy.get(key) ?? 0) + 1);
    return true;
  }

  has(uri: string): boolean {
    return this.files.has(fileKey(uri));
  }

  /** Every indexed file, by the URI it was indexed under. */
  uris(): string[] {
    return [...this.uriByKey.values()];
  }

  /** The URI a file was indexed under, however `uri` spells it. */
  indexedUri(uri: string): string | undefined {
    return this.uriByKey.get(fileKey(uri));
  }

  /** What is indexed of one file. */
  factsOf(uri: string): IndexedFile | undefined {
    return this.files.get(fileKey(uri));
  }

  /** The sourceStamp the file's facts were made from, when its indexer gave one. */
  stampOf(uri: string): string | undefined {
    return this.stamps.get(fileKey(uri));
  }

  /** visibleGeneration, counting only what the other files than `uri` changed. */
  visibleGenerationElsewhere(uri: string): number {
    return this.visible - (this.visibleBy.get(fileKey(uri)) ?? 0);
  }

  /** Changes whenever what is indexed of `uri` changes, positions included (0: never indexed). */
  fileVersion(uri: string): number {
    return this.fileVersions.get(fileKey(uri)) ?? 0;
  }

  /** Changes when what one file can see of the others may have changed (not on every edit of one). */
  get visibleGeneration(): number {
    return this.visible;
  }

  /** Changes whenever the merged facts may have changed. */
  get generation(): number {
    return this.version;
  }

  get size(): number {
    return this.files.size;
  }

  private merged() {
    if (this.cache?.version === this.version) return this.cache;
    // Typing changes one file over and over: the others are gathered once, and only its facts are
    // added to a copy of that at each edit (with `network/` as the workspace, gathering everything
    // took ~10 ms per keystroke). Indexing (the scan, the CLI) changes each file once: everything
    // is gathered at once and nothing more is kept. Either way the lists come out in the same
    // order (append).
    let all: Gathered;
    const hot = this.hot === undefined ? undefined : this.files.get(this.hot);
    if (this.hotChanges < 2 || !hot) all = gathered([...this.files.values()]);
    else {
      this.rest ??= gathered([...this.files].filter(([key]) => key !== this.hot).map(([, f]) => f));
      all = layeredOver(this.rest);
      gather(all, hot);
    }
    const {
      handles,
      destroyed,
      checkers,
      summaries,
      fieldOrigins,
      layers,
      completionFunctions,
      injectors,
      slots,
      addressArgs,
      teardown,
      completionContexts,
      handsOn,
      stateChecks,
      handleGetters,
      pairedCalls,
      structLayouts,
      regs,
      calls,
    } = all;
    const addLayer = (e: LayerEvidence) => addLayerTo(layers, e);
    const emitLayer = (
      fn: string | undefined,
      layerName: string | undefined,
      at: { uri: string; start: number; line: number },
    ) => {
      const layer = layerName && fwpsLayerOf(layerName);
      if (fn && layer)
        addLayer({ fn, layer, kind: 'registration', uri: at.uri, start: at.start, line: at.line });
    };
    // Halves of one registration in two functions, joined on the callout key.
    const layersOfKey = new Map<string, string[]>();
    for (const r of regs)
      if ('calloutKey' in r.classifyFn && 'const' in r.layer)
        layersOfKey.set(r.classifyFn.calloutKey, [
          ...(layersOfKey.get(r.classifyFn.calloutKey) ?? []),
          r.layer.const,
        ]);
    for (const r of regs) {
      if ('calloutKey' in r.classifyFn) continue;
      if ('calloutKey' in r.layer) {
        if ('const' in r.classifyFn)
          for (const layer of layersOfKey.get(r.layer.calloutKey) ?? [])
            emitLayer(r.classifyFn.const, layer, r);
        continue;
      }
      const resolve = (v: { const: string } | { param: number }, args?: (string | undefined)[]) =>
        'const' in v ? v.const : args?.[v.param];
      const classifyFn = r.classifyFn;
      const layer = r.layer;
      if ('const' in classifyFn && 'const' in layer) emitLayer(classifyFn.const, layer.const, r);
      else
        for (const c of calls)
          if (c.callee === r.inFunction) emitLayer(resolve(classifyFn, c.args), resolve(layer, c.args), c);
    }
    // Handles created or destroyed by a helper through its pointer parameter: the callers' `&X`.
    for (const slot of slots) {
      for (const a of addressArgs) {
        if (a.callee !== slot.fn || a.index !== slot.param || a.byAddress === !!slot.byValue) continue;
        if (slot.op === 'destroy') destroyed.add(a.key);
        // Whether the caller checks the helper's status is not followed: never reported.
        else
          append(handles, a.key, {
            key: a.key,
            types: slot.types,
            family: slot.family,
            statusUsed: true,
            uri: a.uri,
            start: a.start,
            end: a.end,
            line: a.line,
          });
      }
    }
    const unique = new Map<string, FunctionSummary>();
    summaries.forEach((list, name) => {
      if (list.length === 1) unique.set(name, list[0]);
    });
    this.graph = new CallGraph(unique, this.graph);
    this.cache = {
      version: this.version,
      layers,
      handles,
      destroyed,
      checkers,
      summaries,
      fieldOrigins,
      completionFunctions,
      injectors,
      unloadPath: unloadPath(teardown),
      completionContexts,
      handsOn,
      stateChecks,
      handleGetters,
      pairedCalls,
      structLayouts,
      graph: this.graph,
    };
    return this.cache;
  }

  /** Creations of handles stored under `key` anywhere in the workspace. */
  handles(key: string): HandleFact[] {
    return this.merged().handles.get(key) ?? [];
  }

  allHandles(): HandleFact[] {
    return [...this.merged().handles.values()].flat();
  }

  isDestroyed(key: string): boolean {
    return this.merged().destroyed.has(key);
  }

  /** Some file calls `fn` (a function that begins or ends something: FunctionSpec.endedBy). */
  callsAnywhere(fn: string): boolean {
    return this.merged().pairedCalls.has(fn);
  }

  /** How the helper `fn` asks FwpsQueryPacketInjectionState* (with which parameter or handle). */
  stateChecks(fn: string): StateCheckFact[] {
    return this.merged().stateChecks.get(fn) ?? [];
  }

  /** Functions that call FwpsQueryPacketInjectionState* with the handle `handle` (handleCandidates). */
  askersAbout(handle: string): string[] {
    const merged = this.merged();
    // `GetSendHandle()` is the handle the getter returns, when it is defined once.
    const resolve = (h: string) => {
      const returns = h.endsWith('()') ? merged.handleGetters.get(h.slice(0, -2)) : undefined;
      return returns?.length === 1 ? returns[0] : h;
    };
    const wanted = resolve(handle);
    const out: string[] = [];
    for (const [fn, checks] of merged.stateChecks)
      if (checks.some((c) => c.handles?.some((h) => resolve(h) === wanted))) out.push(fn);
    return out;
  }

  /**
   * Whether parameter `param` of `fn` can reach an injection (judged in its own file); undefined
   * when `fn` is not defined once in the workspace.
   */
  handsOn(fn: string, param: number): boolean | undefined {
    const all = this.merged().handsOn.get(fn);
    if (all?.length === 1) return all[0].params.includes(param);
    return all && all.length > 1 ? true : undefined;
  }

  /** What the completion function `fn` does with its context, when it is defined once. */
  /**
   * The members of the struct called `name` (without leading underscores), when every definition
   * of that name in the workspace has the same ones.
   */
  structLayout(name: string): string | undefined {
    const all = this.merged().structLayouts.get(name);
    return all?.every((m) => m === all[0]) ? all[0] : undefined;
  }

  completionContext(fn: string): CompletionContextFact | undefined {
    const all = this.merged().completionContexts.get(fn);
    return all && all.length === 1 ? all[0] : undefined;
  }

  /** The function is the driver's unload routine, a teardown function, or one they call. */
  inUnloadPath(fn: string): boolean {
    return this.merged().unloadPath.has(fn);
  }

  /** The function calls FwpsQueryPacketInjectionState* itself. */
  checksInjectionState(fn: string): boolean {
    return this.merged().checkers.has(fn);
  }

  /** The function asks FwpsQueryPacketInjectionState*, itself or through helpers several calls deep. */
  asksInjectionState(fn: string): boolean {
    return this.checksInjectionState(fn) || !!this.effects(fn)?.queriesInjectionState;
  }

  /** The definition of a function when exactly one exists in the workspace. */
  functionSummary(name: string): FunctionSummary | undefined {
    const all = this.merged().summaries.get(name);
    return all && all.length === 1 ? all[0] : undefined;
  }

  /** Every definition of `name` in the workspace (a name defined by several drivers has several). */
  definitions(name: string): readonly FunctionSummary[] {
    return this.merged().summaries.get(name) ?? [];
  }

  /** Every function defined in the workspace, by name. */
  definedNames(): string[] {
    return [...this.merged().summaries.keys()];
  }

  /** What the function frees, allocates and injects, through its helpers too (unique definitions only). */
  effects(name: string): Effects | undefined {
    return this.merged().graph.get(name);
  }

  /** Functions that return the status of an injection they make with a parameter. */
  injectionWrappers(): string[] {
    const graph = this.merged().graph;
    if (!this.wrappers || this.wrappers.graph !== graph) {
      this.wrappers = {
        graph,
        names: graph.namesWhere((e) => e.injects.some((i) => i.returnsStatus)),
      };
    }
    return this.wrappers.names;
  }

  /** The function tests the status passed at `param` (`return NT_SUCCESS(s);`). */
  statusTest(name: string): FunctionSummary['statusTest'] {
    return this.functionSummary(name)?.statusTest;
  }

  /** The call graph of the current facts (for measurements and tests). */
  callGraph(): CallGraph {
    return this.merged().graph;
  }

  /**
   * How NBLs stored in a struct field are allocated, when every store into that field of an
   * object of a compatible `type` (any, when unknown) agrees.
   */
  fieldOrigin(key: string, type?: string): NblOrigin | undefined {
    return mergedOrigin(this.merged().fieldOrigins.get(key) ?? [], type);
  }

  /** The functions that store into the field (`packet->clone = clone` in the classifyFn); see fillers. */
  fieldFillers(key: string, type?: string): string[] | undefined {
    return fillers(this.merged().fieldOrigins.get(key) ?? [], type);
  }

  /** Functions with the FWPS_INJECT_COMPLETE signature, defined or declared anywhere in the workspace. */
  completionFunctions(): ReadonlySet<string> {
    return this.merged().completionFunctions;
  }

  /** The function calls an injection function itself. */
  injects(fn: string): boolean {
    return this.merged().injectors.has(fn);
  }

  /** Layer evidence for a classify function, from registrations and its own body. */
  layersOf(fn: string): LayerEvidence[] {
    return this.merged().layers.get(fn) ?? [];
  }
}

/** What the files contribute, put together (before the registrations and helpers are joined). */
interface Gathered {
  handles: GrowingMap<string, HandleFact[]>;
  destroyed: GrowingSet<string>;
  checkers: GrowingSet<string>;
  summaries: GrowingMap<string, FunctionSummary[]>;
  fieldOrigins: GrowingMap<string, FieldOriginFact[]>;
  layers: GrowingMap<string, LayerEvidence[]>;
  completionFunctions: GrowingSet<string>;
  injectors: GrowingSet<string>;
  slots: HandleSlotFact[];
  addressArgs: AddressArgFact[];
  teardown: TeardownFact[];
  completionContexts: GrowingMap<string, CompletionContextFact[]>;
  handsOn: GrowingMap<string, HandsOnFact[]>;
  stateChecks: GrowingMap<string, StateCheckFact[]>;
  handleGetters: GrowingMap<string, string[]>;
  pairedCalls: GrowingSet<string>;
  structLayouts: GrowingMap<string, string[]>;
  regs: Registration[];
  calls: HelperCall[];
}

function gathered(files: IndexedFile[]): Gathered {
  const g: Gathered = {
    handles: new Map(),
    destroyed: new Set(),
    checkers: new Set(),
    summaries: new Map(),
    fieldOrigins: new Map(),
    layers: new Map(),
    completionFunctions: new Set(),
    injectors: new Set(),
    slots: [],
    addressArgs: [],
    teardown: [],
    completionContexts: new Map(),
    handsOn: new Map(),
    stateChecks: new Map(),
    handleGetters: new Map(),
    pairedCalls: new Set(),
    structLayouts: new Map(),
    regs: [],
    calls: [],
  };
  for (const f of files) gather(g, f);
  return g;
}

/**
 * What gather() and the joins can add to without changing `g`: its maps and sets read through
 * (lists in them are replaced, never changed), its arrays copied.
 */
function layeredOver(g: Gathered): Gathered {
  const over: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(g)) {
    if (value instanceof Map || value instanceof LayeredMap) over[key] = LayeredMap.over(value);
    else if (value instanceof Set || value instanceof LayeredSet) over[key] = new LayeredSet(value);
    else over[key] = [...(value as unknown[])];
  }
  return over as unknown as Gathered;
}

/** Appends `value` to the list under `key`, as a new list. */
/**
 * Whether `a` comes before `b` by file and offset. Lists are kept in that order, whichever file
 * was gathered last (the one typed in is added to the others), so that a rule taking the first
 * of several finds the same in the editor as in the CLI.
 */
function placedBefore(a: unknown, b: unknown): boolean {
  const x = a as { uri?: unknown; start?: unknown };
  const y = b as { uri?: unknown; start?: unknown };
  if (typeof x.uri !== 'string' || typeof y.uri !== 'string') return false;
  if (x.uri !== y.uri) return x.uri < y.uri;
  return typeof x.start === 'number' && typeof y.start === 'number' && x.start < y.start;
}

/** Adds `value` to the list under `key`, as a new list, in place (placedBefore). */
function append<T>(map: GrowingMap<string, T[]>, key: string, value: T): void {
  const list = map.get(key) ?? [];
  let at = list.length;
  while (at > 0 && placedBefore(value, list[at - 1])) at--;
  map.set(key, [...list.slice(0, at), value, ...list.slice(at)]);
}

/** One piece of evidence per layer and kind: the first by place. */
function addLayerTo(layers: GrowingMap<string, LayerEvidence[]>, e: LayerEvidence): void {
  const list = layers.get(e.fn) ?? [];
  const same = list.find((x) => x.layer === e.layer && x.kind === e.kind);
  if (same && !placedBefore(e, same)) return;
  if (same)
    layers.set(
      e.fn,
      list.filter((x) => x !== same),
    );
  append(layers, e.fn, e);
}

function gather(g: Gathered, f: IndexedFile): void {
  const facts = f.facts;
  for (const h of facts.handles) append(g.handles, h.key, h);
  facts.destroyed.forEach((k) => g.destroyed.add(k));
  facts.injectionStateCheckers.forEach((n) => g.checkers.add(n));
  for (const s of facts.summaries) append(g.summaries, s.name, s);
  for (const a of facts.fieldOrigins) append(g.fieldOrigins, a.key, a);
  for (const e of facts.layers) addLayerTo(g.layers, e);
  facts.completionFunctions.forEach((n) => g.completionFunctions.add(n));
  facts.injectors.forEach((n) => g.injectors.add(n));
  g.slots.push(...facts.handleSlots);
  g.addressArgs.push(...facts.addressArgs);
  g.teardown.push(...facts.teardown);
  for (const c of facts.stateChecks) append(g.stateChecks, c.fn, c);
  for (const h of facts.handleGetters) append(g.handleGetters, h.fn, h.returns);
  facts.pairedCalls.forEach((n) => g.pairedCalls.add(n));
  for (const h of facts.handsOn) append(g.handsOn, h.fn, h);
  for (const c of facts.completionContexts) append(g.completionContexts, c.fn, c);
  for (const l of facts.structLayouts) for (const name of l.names) append(g.structLayouts, name, l.members);
  g.regs.push(...f.registrations);
  g.calls.push(...f.layerCalls);
}

/** A callee of a teardown function that sets things up is not part of the teardown. */
const SETS_UP = /^(?!.*(un|de)(init|register)).*(init|create|setup|start|alloc|register)/i;

function unloadPath(teardown: TeardownFact[]): Set<string> {
  const assigned = new Set(teardown.filter((t) => t.unload).map((t) => t.fn));
  const path = new Set<string>(assigned);
  for (const t of teardown) {
    if (t.unload) continue;
    path.add(t.fn);
    for (const c of t.callees) if (!SETS_UP.test(c)) path.add(c);
  }
  return path;
}

/**
 * Signatures of what is stored: an edit compares the new file's with the last one's, and its
 * checks ask for the shared part again. What is indexed is never changed once stored.
 */
const signatures = new WeakMap<IndexedFile, { shared?: string }>();

function signaturesOf(f: IndexedFile): { shared?: string } {
  let known = signatures.get(f);
  if (!known) signatures.set(f, (known = {}));
  return known;
}

/**
 * Whether two versions of a file contribute the same to other files' analysis, without positions
 * (which move on every edit): part by part, without joining the parts into one text per version.
 */
function sameSignature(a: IndexedFile, b: IndexedFile): boolean {
  if (sharedSignature(a) !== sharedSignature(b)) return false;
  const x = a.facts.summaries;
  const y = b.facts.summaries;
  return x.length === y.length && x.every((s, i) => summarySignatureText(s) === summarySignatureText(y[i]));
}

/** What a file with no declaration is indexed as. */
const NOTHING: IndexedFile = { facts: emptyFacts(''), registrations: [], layerCalls: [] };

/** Whether a file contributes nothing to other files' analysis: it shows what an empty file shows. */
/** Whether two versions of a file define the same structs (absent: none). */
function sameLayouts(a: IndexedFile | undefined, b: IndexedFile | undefined): boolean {
  const x = a?.facts.structLayouts ?? [];
  const y = b?.facts.structLayouts ?? [];
  return x === y || (!x.length && !y.length) || JSON.stringify(x) === JSON.stringify(y);
}

function showsNothing(f: IndexedFile): boolean {
  return sameSignature(f, NOTHING);
}

/**
 * summarySignature as JSON, made once per summary. A summary moved by an edit is a copy with
 * another start and line, which the signature leaves out, sharing the same `calls`.
 */
const summaryTexts = new WeakMap<FunctionSummary['calls'], string>();

export function summarySignatureText(s: FunctionSummary): string {
  let text = summaryTexts.get(s.calls);
  if (text === undefined) summaryTexts.set(s.calls, (text = JSON.stringify(summarySignature(s))));
  return text;
}

/** A function's summary as other code sees it, without positions. */
export function summarySignature(s: FunctionSummary): unknown {
  return [
    s.name,
    s.params,
    s.freesMem,
    s.calls.map((c) => [c.callee, c.args, c.result, c.returned]),
    s.stores,
    s.reassigned,
    s.returns,
    s.returnsOther,
    s.statusTest,
    s.isStatic,
    s.classifyShaped,
    s.actions?.map((a) => [a.param, a.sets]),
  ];
}

/** What a file shows every other piece of code apart from its function summaries, without positions. */
export function sharedSignature(f: IndexedFile): string {
  const known = signaturesOf(f);
  return (known.shared ??= sharedSignatureOf(f));
}

function sharedSignatureOf(f: IndexedFile): string {
  return JSON.stringify([
    f.facts.handles.map((h) => [h.key, h.types, h.family, h.statusUsed, h.fn, h.aliases]),
    f.facts.destroyed,
    f.facts.layers.map((l) => [l.fn, l.layer, l.kind]),
    f.facts.injectionStateCheckers,
    f.registrations.map((r) => [r.inFunction, r.classifyFn, r.layer]),
    f.layerCalls.map((c) => [c.callee, c.args]),
    f.facts.fieldOrigins,
    f.facts.completionFunctions,
    f.facts.injectors,
    f.facts.handleSlots,
    f.facts.addressArgs.map((a) => [a.callee, a.index, a.key, a.byAddress, a.resultUsed]),
    f.facts.teardown,
    f.facts.completionContexts,
    f.facts.handsOn,
    f.facts.stateChecks,
    f.facts.handleGetters,
    f.facts.pairedCalls,
  ]);
}
