// Does a clone made in a function go on to be injected? It does when it is injected there, stored
// where other code picks it up (a field, a global, through a pointer), or handed to a function
// that injects or passes it on. A clone that is only read (NdisGetDataBuffer, NET_BUFFER_LIST_*
// macros, logging) and freed is not injected: its classify needs no self-injection check.
import type { Node } from '../parse/syntaxNode';
import { resolveFunction } from '../catalog';
import { functionDeclarator, functionDefinitions, functionName, parameterNames } from './functions';
import { isNonOwningCall } from './summaries';
import { unwrap } from './values';
import { bodyDescendants, descendantsOf, identifiersByName } from './descendants';
import { declaredName } from './declarators';

/** Calls that read a packet (or free it) without handing it to anyone. */
const READS =
  /^([A-Z][A-Z0-9_]*|Ndis(GetDataBuffer|AdvanceNetBufferDataStart|RetreatNetBufferDataStart|QueryNetBufferPhysicalCount|CopyFromNetBufferToNetBuffer)|Rtl\w+|memcpy|memcmp|memset)$/;

/** Functions that call an injection function themselves. */
export function injectorNames(root: Node): string[] {
  const names: string[] = [];
  if (!root.text.includes('FwpsInject') && !root.text.includes('FwpsStreamInject')) return names;
  for (const def of functionDefinitions(root)) {
    const name = functionName(def);
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    const injects = descendantsOf(body, 'call_expression').some((c) => {
      const callee = c?.childForFieldName('function');
      return callee?.type === 'identifier' && !!resolveFunction(callee.text)?.injection;
    });
    if (injects) names.push(name);
  }
  return names;
}

/**
 * A reference with the parentheses and casts around it, and what holds that. Asked once per
 * step: each `parent` is a walk down from the root in web-tree-sitter.
 */
function outerValue(ref: Node): { node: Node; parent: Node | null } {
  let node = ref;
  let parent = node.parent;
  while (parent && (parent.type === 'parenthesized_expression' || parent.type === 'cast_expression')) {
    node = parent;
    parent = node.parent;
  }
  return { node, parent };
}

/** The argument (or the argument's whole expression) a reference to `name` sits in, if any. */
function argumentOf(ref: Node): { call: Node; index: number } | undefined {
  const { node: n, parent: list } = outerValue(ref);
  if (list?.type !== 'argument_list') return undefined;
  const call = list.parent;
  if (call?.type !== 'call_expression') return undefined;
  const args = list.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment');
  return { call, index: args.findIndex((a) => a.id === n.id) };
}

/** `x = name` where x is not a plain local of the function: the value is kept for later. */
function storedAway(ref: Node, locals: Set<string>): string | 'alias' | undefined {
  const { node: n, parent: p } = outerValue(ref);
  if (p?.type === 'assignment_expression' && p.childForFieldName('right')?.id === n.id) {
    const left = unwrap(p.childForFieldName('left')!);
    if (left.type === 'identifier' && locals.has(left.text)) return left.text;
    return 'stored';
  }
  if (p?.type === 'init_declarator' && p.childForFieldName('value')?.id === n.id) {
    return declaredName(p.childForFieldName('declarator'));
  }
  if (p?.type === 'initializer_list' || p?.type === 'initializer_pair') return 'stored';
  return undefined;
}

function localsOf(def: Node): Set<string> {
  const names = new Set<string>();
  for (const d of bodyDescendants(def, 'declaration')) {
    for (const declarator of d?.childrenForFieldName('declarator') ?? []) {
      const name = declaredName(declarator);
      if (name) names.add(name);
    }
  }
  return names;
}

/** What is known of functions outside the file. */
export interface HelperFacts {
  /** The function calls an injection function itself. */
  injects(fn: string): boolean;
  /** Whether the function's parameter `param` can reach an injection; undefined when it is not defined anywhere. */
  handsOn(fn: string, param: number): boolean | undefined;
}

export interface CloneUseContext {
  index: HelperFacts;
  /** Function definitions of the file, by name, to follow a clone into a helper. */
  definitions: Map<string, Node>;
}

/** Per function defined under `root`: the parameters whose NBL can reach an injection, judged in the file alone. */
export interface HandsOnFact {
  fn: string;
  params: number[];
}

export function handsOnFacts(root: Node): HandsOnFact[] {
  const out: HandsOnFact[] = [];
  // Only a function that names an NBL type can be handed a clone worth following.
  if (!root.text.includes('NET_BUFFER_LIST')) return out;
  // Outside the file nothing is known: any helper there may inject.
  const ctx: CloneUseContext = {
    index: { injects: () => false, handsOn: () => undefined },
    definitions: new Map(),
  };
  for (const def of functionDefinitions(root)) {
    const name = functionName(def);
    const params = functionDeclarator(def)?.childForFieldName('parameters');
    if (!name || !params || !/NET_BUFFER_LIST/.test(params.text)) continue;
    const names = parameterNames(def);
    out.push({
      fn: name,
      params: names.map((p, i) => (p && reachesInjection(def, p, ctx, 0) ? i : -1)).filter((i) => i >= 0),
    });
  }
  return out;
}

export function definitionsByName(root: Node): Map<string, Node> {
  const map = new Map<string, Node>();
  for (const def of functionDefinitions(root)) {
    const name = functionName(def);
    if (name) map.set(name, def);
  }
  return map;
}

/** Whether the NBL held in `name` inside `def` can reach an injection. `depth` bounds the helpers followed. */
export function reachesInjection(
  def: Node,
  name: string,
  ctx: CloneUseContext,
  depth = 2,
  seen = new Set<string>(),
): boolean {
  const body = def.childForFieldName('body');
  if (!body || seen.has(`${def.id}:${name}`)) return false;
  seen.add(`${def.id}:${name}`);
  const locals = localsOf(def);
  for (const ref of identifiersByName(body).get(name) ?? []) {
    const stored = storedAway(ref, locals);
    if (stored === 'stored') return true;
    if (stored && stored !== name && reachesInjection(def, stored, ctx, depth, seen)) return true;
    const arg = argumentOf(ref);
    if (!arg) continue;
    const callee = arg.call.childForFieldName('function');
    if (callee?.type !== 'identifier') return true;
    const calleeName = callee.text;
    const fn = resolveFunction(calleeName);
    if (fn) {
      if (fn.injection && fn.params[arg.index]?.role === 'netBufferList') return true;
      continue;
    }
    if (isNonOwningCall(calleeName, callee) || READS.test(calleeName)) continue;
    if (ctx.index.injects(calleeName)) return true;
    const helper = ctx.definitions.get(calleeName);
    if (helper && depth > 0) {
      const param = parameterNames(helper)[arg.index];
      if (param && reachesInjection(helper, param, ctx, depth - 1, seen)) return true;
      continue;
    }
    // A helper elsewhere that hands the packet on, or one we cannot see at all: it may inject.
    if (ctx.index.handsOn(calleeName, arg.index) !== false) return true;
  }
  return false;
}
