// The units an edit re-analyses: the file's declarations, seen through what only groups them.
// Real driver files often put everything under one `#if (FEATURE_SUPPORT == 1)` … `#endif`, an
// `#ifdef`, or C++'s `extern "C" { … }` or a namespace: taken as one top-level node, that group
// was the whole file, and every keystroke extracted and checked all of it again (150 ms per edit
// on a 13,000-line file of Windows-driver-samples). The groups' own lines (the condition, the
// braces) hold no facts; what changes in them reaches the checks through the file's preprocessor
// lines and parse.
import type { Node, Tree } from '../parse/syntaxNode';

/** Nodes that only group declarations, and the fields of theirs that are not declarations. */
const GROUPS: Record<string, readonly string[]> = {
  preproc_if: ['condition'],
  preproc_ifdef: ['name'],
  preproc_elif: ['condition'],
  preproc_elifdef: ['name'],
  preproc_else: [],
  linkage_specification: ['value'],
  namespace_definition: ['name'],
  declaration_list: [],
};

/** Per parse: the facts cache, the findings and the file-level declarations each ask on every edit. */
const remembered = new WeakMap<Tree, readonly Node[]>();

/**
 * The declarations of `root` (a translation unit), in source order, groups opened. The array is
 * shared by everything on that parse: never change it.
 */
export function declarationUnits(root: Node): readonly Node[] {
  let units = remembered.get(root.tree);
  if (!units) {
    const out: Node[] = [];
    for (const child of root.children) if (child) addUnits(child, out);
    remembered.set(root.tree, (units = out));
  }
  return units;
}

/** The file-level declarations (globals, prototypes), also those inside groups. */
export function fileDeclarations(root: Node): Node[] {
  return declarationUnits(root).filter((d) => d.type === 'declaration');
}

function addUnits(node: Node, out: Node[]): void {
  const skipped = GROUPS[node.type];
  if (!skipped) {
    out.push(node);
    return;
  }
  const notDeclarations = new Set(skipped.map((f) => node.childForFieldName(f)?.id));
  for (const child of node.namedChildren) {
    if (child && !notDeclarations.has(child.id)) addUnits(child, out);
  }
}
