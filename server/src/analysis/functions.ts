// Facts about function definitions: names, classify-function shape, what they call.
import type { Node } from '../parse/syntaxNode';
import { descendantsOf } from './descendants';

export function functionDeclarator(def: Node): Node | undefined {
  let d = def.childForFieldName('declarator');
  while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator');
  return d ?? undefined;
}

export function functionName(def: Node): string | undefined {
  const name = functionDeclarator(def)?.childForFieldName('declarator');
  if (!name) return undefined;
  return name.text.split('::').pop();
}

/** Parameter names in order ('' for unnamed ones), following the declarator chain of each. */
export function parameterNames(def: Node): string[] {
  const params = functionDeclarator(def)?.childForFieldName('parameters');
  if (!params) return [];
  return params.namedChildren
    .filter((p): p is Node => !!p && p.type === 'parameter_declaration')
    .map((p) => {
      let n = p.childForFieldName('declarator');
      while (n && n.type !== 'identifier') n = n.childForFieldName('declarator') ?? n.namedChild(0);
      return n?.text ?? '';
    });
}

/** A classifyFn has a FWPS_CLASSIFY_OUT0* parameter (all classifyFn versions do). */
export function isClassifyShaped(def: Node): boolean {
  const params = functionDeclarator(def)?.childForFieldName('parameters');
  return !!params && /\bFWPS_CLASSIFY_OUT\d?\b/.test(params.text);
}

/**
 * The name a call's function is known by: `f` for `f(…)`, `Inject` for `InjectionHelper::Inject(…)`
 * or `wfp::Inject(…)` (a definition is known by its last name too, functionName). Undefined for a
 * member call, a function pointer or anything else.
 */
export function calleeName(fn: Node | null | undefined): string | undefined {
  let n = fn;
  while (n?.type === 'qualified_identifier') n = n.childForFieldName('name');
  return n?.type === 'identifier' ? n.text : undefined;
}

/** Names of the functions called directly in a body. */
export function calledNames(body: Node): Set<string> {
  const names = new Set<string>();
  for (const call of descendantsOf(body, 'call_expression')) {
    const name = calleeName(call?.childForFieldName('function'));
    if (name) names.add(name);
  }
  return names;
}

export function functionDefinitions(root: Node): Node[] {
  return [...descendantsOf(root, 'function_definition')];
}
