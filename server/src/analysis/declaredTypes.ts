// The declared type text of the variables visible in a function: its parameters and locals, then
// the file's globals. `NET_BUFFER_LIST* nbl` → `NET_BUFFER_LIST *`; functions are left out.
import type { Node } from '../parse/syntaxNode';
import { functionDeclarator } from './functions';
import { descendantsOf } from './descendants';

function add(out: Map<string, string>, typeNode: Node | null, declarator: Node | null): void {
  if (!typeNode || !declarator) return;
  let stars = '';
  let n: Node | null = declarator;
  while (n && n.type !== 'identifier') {
    if (n.type === 'function_declarator') return;
    if (n.type === 'pointer_declarator') stars += '*';
    if (n.type === 'array_declarator') stars += '*';
    n = n.childForFieldName('declarator');
  }
  if (n && !out.has(n.text)) out.set(n.text, stars ? `${typeNode.text} ${stars}` : typeNode.text);
}

function declarations(nodes: readonly (Node | null)[], out: Map<string, string>): void {
  for (const d of nodes) {
    if (!d || d.type !== 'declaration') continue;
    for (const declarator of d.childrenForFieldName('declarator'))
      add(out, d.childForFieldName('type'), declarator);
  }
}

/** Names declared in `def` (parameters first, then locals) and at file level under `root`. */
export function declaredTypes(def: Node | undefined, root: Node): Map<string, string> {
  const out = new Map<string, string>();
  if (def) {
    const params = functionDeclarator(def)?.childForFieldName('parameters');
    for (const p of params?.namedChildren ?? []) {
      if (p?.type === 'parameter_declaration')
        add(out, p.childForFieldName('type'), p.childForFieldName('declarator'));
    }
    const body = def.childForFieldName('body');
    if (body) declarations(descendantsOf(body, 'declaration'), out);
  }
  declarations(root.namedChildren, out);
  return out;
}
