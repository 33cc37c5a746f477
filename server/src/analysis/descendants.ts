// descendantsOfType, remembered per parse. The extractors and rules each ask a function's body
// (or a top-level declaration) for its calls, assignments, declarations or nested definitions;
// each ask walks the whole subtree (through wasm calls for web-tree-sitter's nodes, the background
// parses' ones) and builds a new array, and the same few questions were asked of every function up
// to eight times on one check.
import type { Node, Tree } from '../parse/syntaxNode';

/** Per tree: by subtree and types. A tree never changes, so neither do the answers. */
const remembered = new WeakMap<Tree, Map<string, readonly Node[]>>();

/** `node.descendantsOfType(types)` without the nulls; the array is shared, never change it. */
export function descendantsOf(node: Node, types: string | readonly string[]): readonly Node[] {
  let byNode = remembered.get(node.tree);
  if (!byNode) remembered.set(node.tree, (byNode = new Map()));
  // `id` names the subtree; the same subtree can sit at several offsets of an edited tree.
  const key = `${node.id}:${node.startIndex}:${typeof types === 'string' ? types : types.join(',')}`;
  let found = byNode.get(key);
  if (!found) {
    const all = node.descendantsOfType(types as string | string[]);
    // Nodes read from memory are never null: the copy is for web-tree-sitter's.
    found = all.includes(null) ? all.filter((n): n is Node => !!n) : (all as Node[]);
    byNode.set(key, found);
  }
  return found;
}

/** descendantsOf the body of a function definition (none without a body). */
export function bodyDescendants(def: Node, types: string | readonly string[]): readonly Node[] {
  const body = def.childForFieldName('body');
  return body ? descendantsOf(body, types) : [];
}

const byName = new WeakMap<Tree, Map<string, ReadonlyMap<string, readonly Node[]>>>();

/**
 * descendantsOf(node, 'identifier') grouped by name, in source order: following one variable
 * through a body asks for each identifier's text, which is two trips into the tree each time.
 */
export function identifiersByName(node: Node): ReadonlyMap<string, readonly Node[]> {
  let byNode = byName.get(node.tree);
  if (!byNode) byName.set(node.tree, (byNode = new Map()));
  const key = `${node.id}:${node.startIndex}`;
  let found = byNode.get(key);
  if (!found) {
    const groups = new Map<string, Node[]>();
    for (const id of descendantsOf(node, 'identifier')) {
      const text = id.text;
      const list = groups.get(text);
      if (list) list.push(id);
      else groups.set(text, [id]);
    }
    // Most names are used a few times: their lists keep no room for more (see `exact` in treeMemory.ts).
    for (const [name, list] of groups) if (list.length < 8) groups.set(name, list.slice());
    byNode.set(key, (found = groups));
  }
  return found;
}

/**
 * Drops what was remembered of a parse: a check keeps it for its own pass, and the nodes it holds
 * would otherwise live as long as the parse (the whole file's, after an open).
 */
export function forgetDescendants(tree: Tree): void {
  remembered.delete(tree);
  byName.delete(tree);
}
