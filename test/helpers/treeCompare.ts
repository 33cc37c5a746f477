// Compares the nodes treeMemory reads with web-tree-sitter's own, node by node: every property the
// engine reads. Returns the first difference, or undefined.
import type { Node as WasmNode } from 'web-tree-sitter';
import type { Node } from '../../server/src/parse/syntaxNode';

const same = (a: WasmNode | null | undefined, b: Node | null | undefined) =>
  (!a && !b) ||
  (!!a &&
    !!b &&
    a.id === b.id &&
    a.startIndex === b.startIndex &&
    a.endIndex === b.endIndex &&
    a.type === b.type);

const describe = (n: WasmNode | Node | null | undefined) =>
  n ? `${n.type}@${n.startIndex}-${n.endIndex}#${n.id}` : String(n);

/**
 * Types asked of descendantsOfType: named, aliased (field_identifier), anonymous, errors, nested.
 * ERROR alone: web-tree-sitter answers only the errors when it is asked with other types.
 */
const DESCENDANT_TYPES = [
  ['call_expression'],
  ['identifier', 'field_identifier'],
  ['assignment_expression', 'declaration'],
  ['ERROR'],
  [';', 'type_identifier'],
  ['compound_statement', 'if_statement', 'translation_unit', 'function_definition'],
  // Named extras; a C++ name that is also an anonymous keyword's (walked through every child).
  ['comment'],
  ['decltype'],
];

export function treeDifference(
  real: WasmNode,
  mem: Node,
  fields: readonly string[],
  probes = 3,
): string | undefined {
  const stack: [WasmNode, Node][] = [[real, mem]];
  let visited = 0;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    visited++;
    const where = describe(a);
    if (!same(a, b)) return `${where}: node ${describe(b)}`;
    for (const key of [
      'isNamed',
      'isMissing',
      'hasError',
      'isError',
      'descendantCount',
      'text',
      'namedChildCount',
    ] as const)
      if (a[key] !== b[key]) return `${where}: ${key} ${String(a[key])} vs ${String(b[key])}`;
    for (const key of ['startPosition', 'endPosition'] as const)
      if (a[key].row !== b[key].row || a[key].column !== b[key].column)
        return `${where}: ${key} ${JSON.stringify(a[key])} vs ${JSON.stringify(b[key])}`;
    if (!same(a.parent, b.parent)) return `${where}: parent ${describe(a.parent)} vs ${describe(b.parent)}`;
    for (const key of ['previousNamedSibling', 'nextNamedSibling', 'lastChild'] as const)
      if (!same(a[key], b[key])) return `${where}: ${key} ${describe(a[key])} vs ${describe(b[key])}`;
    const ac = a.children;
    const bc = b.children;
    if (ac.length !== bc.length) return `${where}: ${ac.length} children vs ${bc.length}`;
    const an = a.namedChildren;
    const bn = b.namedChildren;
    if (an.length !== bn.length) return `${where}: ${an.length} named children vs ${bn.length}`;
    for (let i = 0; i < an.length; i++)
      if (!same(an[i], bn[i])) return `${where}: named child ${i} ${describe(an[i])} vs ${describe(bn[i])}`;
    for (const f of fields) {
      if (!same(a.childForFieldName(f), b.childForFieldName(f)))
        return `${where}: field ${f} ${describe(a.childForFieldName(f))} vs ${describe(b.childForFieldName(f))}`;
      const af = a.childrenForFieldName(f);
      const bf = b.childrenForFieldName(f);
      if (af.length !== bf.length || af.some((x, i) => !same(x, bf[i])))
        return `${where}: fields ${f} ${af.map(describe).join()} vs ${bf.map(describe).join()}`;
    }
    if (visited % 97 === 1 || a.hasError) {
      for (let k = 0; k < probes; k++) {
        const at = a.startIndex + Math.floor(((k + 1) * (a.endIndex - a.startIndex)) / (probes + 1));
        if (!same(a.descendantForIndex(at), b.descendantForIndex(at)))
          return `${where}: descendantForIndex(${at}) ${describe(a.descendantForIndex(at))} vs ${describe(b.descendantForIndex(at))}`;
        if (!same(a.descendantForIndex(at, at + 3), b.descendantForIndex(at, at + 3)))
          return `${where}: descendantForIndex(${at}, +3)`;
        if (!same(a.firstChildForIndex(at), b.firstChildForIndex(at)))
          return `${where}: firstChildForIndex(${at})`;
      }
      for (const types of DESCENDANT_TYPES) {
        const ad = a.descendantsOfType(types);
        const bd = b.descendantsOfType(types);
        if (ad.length !== bd.length || ad.some((x, i) => !same(x, bd[i])))
          return `${where}: descendantsOfType(${types.join()}) ${ad.length} vs ${bd.length}`;
        // The node found is the one its parent shows: reached either way, it is one object.
        for (const x of bd)
          if (x !== b && !x!.parent?.children.includes(x))
            return `${where}: descendantsOfType(${types.join()}) found ${describe(x)}, not a child of its parent`;
      }
    }
    for (let i = 0; i < ac.length; i++) {
      if (!same(ac[i], bc[i])) return `${where}: child ${i} ${describe(ac[i])} vs ${describe(bc[i])}`;
      stack.push([ac[i]!, bc[i]!]);
    }
  }
  return undefined;
}
