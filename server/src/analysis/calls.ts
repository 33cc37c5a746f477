// Finds the call sites of catalog functions in a parsed file.
import { Query, type Node } from 'web-tree-sitter';
import { mayBeCatalogName, resolveFunction, type FunctionSpec, type WindowsTarget } from '../catalog';
import type { SourceFile } from '../parse/document';

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

const queries = new WeakMap<object, Query>();

function callQuery(file: SourceFile): Query {
  const language = file.tree!.language;
  let q = queries.get(language);
  if (!q) {
    // `#match?` runs in JS; filtering the names ourselves is as fast and simpler.
    q = new Query(language, '(call_expression function: (identifier) @name arguments: (argument_list) @args) @call');
    queries.set(language, q);
  }
  return q;
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

/** Every call of a catalog function in the file, in source order. */
export function findCatalogCalls(file: SourceFile, target?: WindowsTarget): CallSite[] {
  if (!file.tree) return [];
  let byTarget = found.get(file);
  if (!byTarget) found.set(file, (byTarget = new Map()));
  const key = target ?? '';
  let sites = byTarget.get(key);
  if (!sites) byTarget.set(key, (sites = searchCalls(file, target)));
  return sites.slice();
}

function searchCalls(file: SourceFile, target?: WindowsTarget): CallSite[] {
  const sites: CallSite[] = [];
  for (const m of callQuery(file).matches(file.tree!.rootNode)) {
    let call: Node | undefined;
    let nameNode: Node | undefined;
    let args: Node | undefined;
    for (const c of m.captures) {
      if (c.name === 'call') call = c.node;
      else if (c.name === 'name') nameNode = c.node;
      else args = c.node;
    }
    if (!call || !nameNode || !args) continue;
    const written = nameNode.text;
    if (!mayBeCatalogName(written)) continue;
    const fn = resolveFunction(written, target);
    if (!fn) continue;
    sites.push({ written, fn, call, nameNode, args: argumentNodes(args), enclosingFunction: enclosingFunctionOf(call) });
  }
  return sites;
}
