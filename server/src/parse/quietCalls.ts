// The logging macros of the workspace (PreprocessEnv.quiet), known from any node of a tree parsed
// in that environment: the analyses that ask whether a call takes what it is given see a node, not
// the file it came from.
import type { Node, Tree } from './syntaxNode';

const quietByTree = new WeakMap<Tree, ReadonlySet<string>>();

export function setQuietCalls(tree: Tree, names: ReadonlySet<string>): void {
  if (names.size) quietByTree.set(tree, names);
}

/** `name` is a logging macro of the environment the tree of `at` was parsed in. */
export function isQuietCall(name: string, at: Node | undefined): boolean {
  return !!at && !!quietByTree.get(at.tree)?.has(name);
}
