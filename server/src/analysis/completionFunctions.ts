// Functions with the FWPS_INJECT_COMPLETE signature (context, NBL, dispatchLevel), defined or
// declared in a file: what an injection's completionFn argument can name.
import type { Node } from '../parse/syntaxNode';
import { functionDeclarator, functionName } from './functions';

/** `(void* ctx, NET_BUFFER_LIST* nbl, BOOLEAN dispatchLevel)`: three parameters, an NBL pointer second, a BOOLEAN last. */
export function hasCompletionSignature(params: Node): boolean {
  const list = params.namedChildren.filter((p): p is Node => !!p && p.type === 'parameter_declaration');
  if (list.length !== 3) return false;
  return (
    /\b(P?NET_BUFFER_LIST\b|NET_BUFFER_LIST\s*\*)/.test(list[1].text) && /\bBOOLEAN\b/.test(list[2].text)
  );
}

/**
 * Names of the completion-shaped functions defined or declared under `root`, in source order,
 * a name once per declaration (so the facts of a file's parts add up to the file's).
 */
export function completionFunctionNames(root: Node): string[] {
  const names: string[] = [];
  // Only a file that mentions both types can hold one: most files are not walked.
  const text = root.text;
  if (!(text.includes('NET_BUFFER_LIST') && text.includes('BOOLEAN')) && !/FWPS_INJECT_COMPLETE/.test(text))
    return [];
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    // Never into a body, also one error recovery left at the top level.
    if (n.type === 'compound_statement') continue;
    if (n.type === 'function_definition') {
      const params = functionDeclarator(n)?.childForFieldName('parameters');
      const name = functionName(n);
      if (name && params && hasCompletionSignature(params)) names.push(name);
      continue;
    }
    if (n.type === 'declaration') {
      // `FWPS_INJECT_COMPLETE0 MyComplete;` declares a function of the callback type.
      const typed = /^FWPS_INJECT_COMPLETE\d?$/.test(n.childForFieldName('type')?.text ?? '');
      for (const d of n.childrenForFieldName('declarator')) {
        if (!d) continue;
        if (typed && d.type === 'identifier') names.push(d.text);
        const fd = d.type === 'function_declarator' ? d : undefined;
        const params = fd?.childForFieldName('parameters');
        const name = fd?.childForFieldName('declarator');
        if (params && name?.type === 'identifier' && hasCompletionSignature(params)) names.push(name.text);
      }
      continue;
    }
    // Into everything else: #if blocks, extern "C", namespaces, error recovery.
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return names;
}
