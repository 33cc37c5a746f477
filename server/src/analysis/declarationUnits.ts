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

/**
 * What a function prototype tells the checks of the other declarations: its type and the names it
 * declares (what VariableTypes reads of it), not its parameters, so that editing those re-checks
 * the prototype and not the whole file. Undefined for any other declaration: its whole text.
 */
export function prototypeContext(decl: Node): string | undefined {
  const declarators = decl.childrenForFieldName('declarator');
  if (decl.type !== 'declaration' || !declarators.length || !declarators.every(isFunctionPrototype))
    return undefined;
  const names = declarators.map((d) => innermost(d)?.childForFieldName('declarator')?.text ?? '');
  return `${decl.childForFieldName('type')?.text ?? ''} ${names.join(',')}()`;
}

/** The declarator just above the declared name (`f(…)` in `*f(…)`), if it is an identifier's. */
function innermost(declarator: Node | null): Node | undefined {
  let n = declarator;
  while (n) {
    const inner = n.childForFieldName('declarator');
    if (!inner) return undefined;
    if (inner.type === 'identifier' || inner.type === 'field_identifier') return n;
    n = inner;
  }
  return undefined;
}

/** `f(…)`, `*f(…)`: a function's declarator, not a function pointer's (`(*fp)(…)`). */
function isFunctionPrototype(declarator: Node | null): boolean {
  return innermost(declarator)?.type === 'function_declarator';
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
