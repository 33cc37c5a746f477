// The workspace's own macros that the analyses read (PreprocessEnv.quiet, PreprocessEnv.statusTests),
// known from any node of a tree parsed in that environment: the analyses see a node, not the file
// it came from.
import type { Node, Tree } from './syntaxNode';
import type { PreprocessEnv } from './preprocessEnv';

const envByTree = new WeakMap<Tree, PreprocessEnv>();

export function setTreeMacros(tree: Tree, env: PreprocessEnv): void {
  if (env.quiet.size || env.statusTests.size) envByTree.set(tree, env);
}

/** `name` is a logging macro of the environment the tree of `at` was parsed in. */
export function isQuietCall(name: string, at: Node | undefined): boolean {
  return !!at && !!envByTree.get(at.tree)?.quiet.has(name);
}

/**
 * Whether the project's macro `name` (`NG(s)`, `OK(s)`) is true when the status given to it
 * failed, in the environment the tree of `at` was parsed in; undefined when it tests no status.
 */
export function statusMacroPolarity(name: string, at: Node): boolean | undefined {
  return envByTree.get(at.tree)?.statusTests.get(name);
}
