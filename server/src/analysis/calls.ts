// Finds the call sites of catalog functions in a parsed file.
import type { Node } from '../parse/syntaxNode';
import { mayBeCatalogName, resolveFunction, type FunctionSpec, type WindowsTarget } from '../catalog';
import type { SourceFile } from '../parse/document';
import { isIdChar } from '../parse/lexing';

export interface CallSite {
  /** Name as written (versioned or version-independent). */
  written: string;
  fn: FunctionSpec;
  call: Node;
  nameNode: Node;
  /** Argument expressions in order (comments excluded). */
  args: Node[];
  /** The function definition the call is in, if any. */
  enclosingFunction: Node | undefined;
}

export function argumentNodes(argList: Node): Node[] {
  return argList.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
}

export function enclosingFunctionOf(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

/** A parse never changes, so its call sites are found once per target (rules, facts, flow, lenses). */
const found = new WeakMap<SourceFile, Map<string, CallSite[]>>();

/**
 * Every call of a catalog function in the file (or under `root`, uncached), in source order.
 * Catalog names all start with `Fwps`, so the text says where to look: each occurrence is found
 * by halving each level's children, far cheaper than visiting every call of a large file.
 */
export function findCatalogCalls(file: SourceFile, target?: WindowsTarget, root?: Node): CallSite[] {
  if (!file.tree) return [];
  if (root) {
    // The whole file's calls, when known, hold the part's: the same sites, found once.
    const whole = found.get(file)?.get(target ?? '');
    return whole && root.tree === file.tree ? within(whole, root) : searchCalls(file, target, root);
  }
  let byTarget = found.get(file);
  if (!byTarget) found.set(file, (byTarget = new Map()));
  const key = target ?? '';
  let sites = byTarget.get(key);
  if (!sites) byTarget.set(key, (sites = searchCalls(file, target, file.tree.rootNode)));
  return sites.slice();
}

/**
 * The sites (in source order) whose name starts in `root`, as searchCalls would find them, out of
 * `sites` in source order: a run found by halving instead of a pass over all of them.
 */
export function within(sites: readonly CallSite[], root: Node): CallSite[] {
  const start = root.startIndex;
  const end = root.endIndex;
  let lo = 0;
  let hi = sites.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sites[mid].nameNode.startIndex < start) lo = mid + 1;
    else hi = mid;
  }
  const out: CallSite[] = [];
  for (let i = lo; i < sites.length && sites[i].nameNode.startIndex < end; i++) out.push(sites[i]);
  return out;
}

function searchCalls(file: SourceFile, target: WindowsTarget | undefined, scope: Node): CallSite[] {
  const text = file.text;
  const sites: CallSite[] = [];
  const scopeEnd = scope.endIndex;
  // Each occurrence is looked up from the last one's node, climbing only as far as needed: in
  // calls nested thousands deep, looking each up from `scope` would be quadratic.
  let from = scope;
  const enclosing = new Map<string, Node | undefined>();
  for (
    let at = text.indexOf('Fwps', scope.startIndex);
    at >= 0 && at < scopeEnd;
    at = text.indexOf('Fwps', at + 4)
  ) {
    if (at > 0 && isIdChar(text.charCodeAt(at - 1))) continue;
    while (from.endIndex <= at && !sameNode(from, scope) && from.parent) from = from.parent;
    const nameNode = (from = deepestAt(from, at));
    if (nameNode.type !== 'identifier' || nameNode.startIndex !== at) continue;
    const call = nameNode.parent;
    if (call?.type !== 'call_expression' || !sameNode(call.childForFieldName('function'), nameNode)) continue;
    const args = call.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') continue;
    const written = nameNode.text;
    if (!mayBeCatalogName(written)) continue;
    const fn = resolveFunction(written, target);
    if (!fn) continue;
    sites.push({
      written,
      fn,
      call,
      nameNode,
      args: argumentNodes(args),
      enclosingFunction: enclosingWithin(call, scope, enclosing),
    });
  }
  return sites;
}

const sameNode = (a: Node | null, b: Node) => !!a && a.id === b.id && a.startIndex === b.startIndex;

/**
 * The deepest named node under `scope` that holds the character at `at`, found child by child. A
 * name sought is a named node: the punctuation beside the way down is never made.
 */
function deepestAt(scope: Node, at: number): Node {
  let node = scope;
  for (;;) {
    const kids = node.namedChildren;
    let lo = 0;
    let hi = kids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kids[mid]!.startIndex <= at) lo = mid + 1;
      else hi = mid;
    }
    const kid = lo > 0 ? kids[lo - 1] : null;
    if (!kid || kid.endIndex <= at) return node;
    node = kid;
  }
}

/**
 * The innermost function definition around `node`, `scope` included and nothing above it.
 * `known` holds the answer for the nodes climbed through before: calls nested thousands deep
 * would otherwise each climb the whole way.
 */
function enclosingWithin(node: Node, scope: Node, known: Map<string, Node | undefined>): Node | undefined {
  const climbed: string[] = [];
  let found: Node | undefined;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') {
      found = p;
      break;
    }
    if (sameNode(p, scope)) break;
    const key = `${p.id}:${p.startIndex}`;
    if (known.has(key)) {
      found = known.get(key);
      break;
    }
    climbed.push(key);
  }
  for (const key of climbed) known.set(key, found);
  return found;
}
