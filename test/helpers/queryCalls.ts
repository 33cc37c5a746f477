// The straightforward way to find catalog calls (a tree-sitter query over every call), kept as
// the oracle for the engine's faster text-guided walk.
import { Query, type Node } from 'web-tree-sitter';
import { mayBeCatalogName, resolveFunction, type WindowsTarget } from '../../server/src/catalog';
import type { SourceFile } from '../../server/src/parse/document';

const queries = new WeakMap<object, Query>();

/** `[name, call start, call end, enclosing function start]` of every catalog call, in order. */
export function catalogCallsByQuery(
  file: SourceFile,
  target: WindowsTarget,
): [string, number, number, number][] {
  const tree = file.wasmTree;
  if (!tree) return [];
  const language = tree.language;
  let q = queries.get(language);
  if (!q)
    queries.set(
      language,
      (q = new Query(
        language,
        '(call_expression function: (identifier) @name arguments: (argument_list)) @call',
      )),
    );
  const out: [string, number, number, number][] = [];
  for (const m of q.matches(tree.rootNode)) {
    const call = m.captures.find((c) => c.name === 'call')!.node;
    const name = m.captures.find((c) => c.name === 'name')!.node.text;
    if (!mayBeCatalogName(name) || !resolveFunction(name, target)) continue;
    let def: Node | null = call.parent;
    while (def && def.type !== 'function_definition') def = def.parent;
    out.push([name, call.startIndex, call.endIndex, def ? def.startIndex : -1]);
  }
  return out;
}
