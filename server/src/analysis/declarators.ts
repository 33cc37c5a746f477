// The name a C declarator declares, under its pointer, array and parenthesised layers
// (`*p`, `a[4]`, `(*fn)`): the one walk every reader of declarations needs.
import type { Node } from '../parse/syntaxNode';
import { descendantsOf } from './descendants';

/** The identifier node a declarator declares, or undefined (an abstract or unusual declarator). */
export function declaredIdentifier(declarator: Node | null | undefined): Node | undefined {
  let n = declarator ?? null;
  while (n && n.type !== 'identifier') n = n.childForFieldName('declarator');
  return n ?? undefined;
}

/** The name a declarator declares. */
export function declaredName(declarator: Node | null | undefined): string | undefined {
  return declaredIdentifier(declarator)?.text;
}

/** Whether `body` declares a local called `name` (so no caller can reach it; a parameter is not one). */
export function declaresLocal(body: Node, name: string): boolean {
  return localDeclarators(body, name).length > 0;
}

/** The declarators in `body` that declare `name` (`*p = …`, `x`), in source order. */
export function localDeclarators(body: Node, name: string): Node[] {
  return descendantsOf(body, 'declaration').flatMap((d) =>
    d.childrenForFieldName('declarator').filter((x): x is Node => !!x && declaredName(x) === name),
  );
}
