// Calls, inside one function, of the workspace's helpers (and of the kernel allocators) whose
// composed effects matter to the caller: the NBL a helper allocates into `&nbl` or returns, and
// the injection a wrapper makes with the NBL it is given and whose status it returns.
import type { Node } from '../parse/syntaxNode';
import { lifecycleOf, mayBeCatalogName } from '../catalog';
import type { ChainStep, Allocation } from './nbl';
import { nblText } from './nbl';
import { handleKey } from './handles';
import { unwrap } from './values';
import { callResults } from './summaries';
import { calleeName, functionDefinitions } from './functions';
import type { WorkspaceIndex } from './workspaceIndex';
import type { SourceFile } from '../parse/document';
import { descendantsOf } from './descendants';

function argumentsOf(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (a): a is Node => !!a && a.type !== 'comment',
  );
}

/** Plain calls (`f(…)`) in each function under `root`, catalog ones excluded (calls.ts finds those). */
function plainCalls(
  root: Node,
): { call: Node; name: string; def: Node; results: () => ReturnType<typeof callResults> }[] {
  const out: { call: Node; name: string; def: Node; results: () => ReturnType<typeof callResults> }[] = [];
  const defs = root.type === 'function_definition' ? [root] : functionDefinitions(root);
  for (const def of defs) {
    const body = def.childForFieldName('body');
    if (!body) continue;
    // Where results go is needed for few calls: found once per function, on first need.
    let cached: ReturnType<typeof callResults> | undefined;
    const results = () => (cached ??= callResults(body));
    for (const call of descendantsOf(body, 'call_expression')) {
      const name = calleeName(call?.childForFieldName('function'));
      if (!call || !name || mayBeCatalogName(name)) continue;
      out.push({ call, name, def, results });
    }
  }
  return out;
}

function allocation(
  target: Node,
  kind: Allocation['kind'],
  call: Node,
  via?: ChainStep[],
): Allocation | undefined {
  const key = handleKey(target);
  return key ? { text: nblText(target), key, kind, call, ...(via ? { via } : {}) } : undefined;
}

/**
 * NBLs allocated under `root` by kernel allocators (NdisAllocateCloneNetBufferList) and by
 * helpers of the workspace (`BuildPacketNbl(…, &nbl)`, `nbl = CloneFor(…)`).
 */
export function helperAllocations(root: Node, index: WorkspaceIndex, file: SourceFile): Allocation[] {
  const out: Allocation[] = [];
  for (const { call, name, results } of plainCalls(root)) {
    const resultTarget = (c: Node) => results().targets.get(c.id);
    const made = lifecycleOf(name)?.allocates;
    if (made) {
      const target = made.resource === 'nbl' && made.into === 'return' ? resultTarget(call) : undefined;
      const a = target && allocation(target, made.origin, call);
      if (a) out.push(a);
      continue;
    }
    const effects = index.effects(name);
    if (!effects) continue;
    const here: ChainStep = { fn: name, uri: file.uri, start: call.startIndex, line: call.startPosition.row };
    const args = argumentsOf(call);
    for (const e of effects.allocates) {
      if (e.resource !== 'nbl') continue;
      let target: Node | undefined;
      if (e.into === 'return') target = resultTarget(call);
      else if (e.into.path === '*') {
        const arg = args[e.into.param] && unwrap(args[e.into.param]);
        if (arg?.type === 'pointer_expression' && arg.text.startsWith('&'))
          target = arg.childForFieldName('argument') ?? undefined;
      }
      const a = target && allocation(target, e.origin, call, [here, ...e.via]);
      if (a) out.push(e.parts ? { ...a, parts: e.parts } : a);
    }
  }
  return out;
}

export interface WrapperInjection {
  call: Node;
  nameNode: Node;
  /** The wrapper called here. */
  wrapper: string;
  /** The catalog injection function at the end of the chain. */
  fn: string;
  nbl: Node;
  via: ChainStep[];
  enclosingFunction: Node;
}

/**
 * Calls under `root` of wrappers that return an injection's status, once for each injection the
 * wrapper may make (`c ? InjectIn(…) : InjectOut(…)`) that leaves its NBL to the caller on failure.
 */
function* statusWrapperCalls(root: Node, index: WorkspaceIndex, file: SourceFile) {
  // Most files call no wrapper: the text says so before any call is looked at.
  const wrappers = index.injectionWrappers();
  const text = file.text.slice(root.startIndex, root.endIndex);
  if (!wrappers.some((w) => text.includes(w))) return;
  for (const { call, name, def } of plainCalls(root)) {
    const effects = index.effects(name);
    for (const inject of effects?.injects ?? []) {
      if (!inject.returnsStatus) continue;
      // A wrapper that also frees on failure, or keeps the NBL, owns the failure itself.
      if (effects!.frees.some((f) => f.param === inject.param) || effects!.passes.includes(inject.param))
        continue;
      const here: ChainStep = {
        fn: name,
        uri: file.uri,
        start: call.startIndex,
        line: call.startPosition.row,
      };
      yield { call, name, def, inject, arg: argumentsOf(call)[inject.param], via: [here, ...inject.via] };
    }
  }
}

/** Calls of wrappers that inject the NBL they are given and return the injection's status. */
export function wrapperInjections(root: Node, index: WorkspaceIndex, file: SourceFile): WrapperInjection[] {
  const out: WrapperInjection[] = [];
  const seen = new Set<number>();
  for (const { call, name, def, inject, arg, via } of statusWrapperCalls(root, index, file)) {
    if (inject.path !== '' || !arg || seen.has(call.id)) continue;
    seen.add(call.id);
    out.push({
      call,
      nameNode: call.childForFieldName('function')!,
      wrapper: name,
      fn: inject.fn,
      nbl: unwrap(arg),
      via,
      enclosingFunction: def,
    });
  }
  return out;
}

export interface FieldWrapperInjection extends Omit<WrapperInjection, 'nbl'> {
  /** What the NBL is reached through: the argument (`packet`, `&entry->io`). */
  holder: Node;
  /** The NBL as the caller would write it (`packet->nbl`, `entry->io.nbl`). */
  text: string;
  /** Its field, as the workspace's stores are keyed (`.nbl`). */
  key: string;
}

/**
 * Calls of wrappers that inject a field of the record they are given (`Inject(packet)` sends
 * `packet->nbl`) and return the injection's status: the caller's NBL is that field of its
 * argument, a pointer (`packet`), the address of an embedded record (`&entry->io`) or, for a C++
 * reference parameter, what a pointer points to (`*storage`).
 */
export function fieldWrapperInjections(
  root: Node,
  index: WorkspaceIndex,
  file: SourceFile,
): FieldWrapperInjection[] {
  const out: FieldWrapperInjection[] = [];
  for (const { call, name, def, inject, arg, via } of statusWrapperCalls(root, index, file)) {
    if (!/^\.\w+$/.test(inject.path)) continue;
    const holder = arg && unwrap(arg);
    if (!holder || holder.hasError) continue;
    const field = inject.path.slice(1);
    let nbl: string | undefined;
    const operand = holder.type === 'pointer_expression' ? holder.childForFieldName('argument') : undefined;
    if (holder.type === 'identifier') nbl = `${holder.text}->${field}`;
    else if (operand && holder.text.startsWith('&')) {
      if (operand.type === 'field_expression') nbl = `${nblText(operand)}.${field}`;
    } else if (operand?.type === 'identifier') {
      // `Inject(*storage)` to a C++ reference parameter: the record `storage` points to.
      nbl = `${operand.text}->${field}`;
    }
    if (!nbl) continue;
    out.push({
      call,
      nameNode: call.childForFieldName('function')!,
      wrapper: name,
      fn: inject.fn,
      holder,
      text: nbl,
      key: inject.path,
      via,
      enclosingFunction: def,
    });
  }
  return out;
}
