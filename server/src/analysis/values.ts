// Small judgements about argument expressions: is it NULL, is it zero, is it a literal.
import type { Node } from '../parse/syntaxNode';

/**
 * The expression a C++ `if (…)` / `switch (…)` condition clause holds, when it declares nothing
 * first (tree-sitter-cpp wraps every such condition in one; C has plain parentheses there).
 */
function clauseValue(n: Node): Node | undefined {
  if (n.type !== 'condition_clause' || n.childForFieldName('initializer')) return undefined;
  return n.childForFieldName('value') ?? undefined;
}

/** Strips parentheses and casts: `((PVOID)NULL)` → `NULL`. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChildCount === 1 && n.namedChild(0))
      n = n.namedChild(0)!;
    else if (n.type === 'cast_expression' && n.childForFieldName('value')) n = n.childForFieldName('value')!;
    else {
      const value = clauseValue(n);
      if (!value) return n;
      n = value;
    }
  }
}

/** Strips parentheses only, casts kept: `((x->layerId))` → `x->layerId`. */
export function stripParens(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' && n.namedChild(0)) n = n.namedChild(0)!;
    else {
      const value = clauseValue(n);
      if (!value) return n;
      n = value;
    }
  }
}

/**
 * The function a function-pointer argument names: `Fn`, `&Fn`, `(TYPE) &Fn`, and a C++ member by
 * its last name (`Helper::Done` → `Done`, as definitions are indexed); undefined otherwise.
 */
export function namedFunction(node: Node): Node | undefined {
  let n = unwrap(node);
  // Without the typedef in view, `(TYPE) &Fn` parses as `(TYPE) & Fn`: a bitwise AND is never a function pointer.
  const left =
    n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '&'
      ? n.childForFieldName('left')
      : null;
  if (
    left?.type === 'parenthesized_expression' &&
    left.namedChild(0)?.type === 'identifier' &&
    n.childForFieldName('right')
  )
    n = unwrap(n.childForFieldName('right')!);
  if (n.type === 'pointer_expression' && n.text.startsWith('&') && n.childForFieldName('argument'))
    n = unwrap(n.childForFieldName('argument')!);
  while (n.type === 'qualified_identifier' && n.childForFieldName('name')) n = n.childForFieldName('name')!;
  return n.type === 'identifier' ? n : undefined;
}

const NULL_SPELLINGS = new Set([
  'NULL',
  'nullptr',
  '0',
  '0L',
  '0UL',
  '0ULL',
  '0u',
  '0U',
  '0x0',
  '0X0',
  '0l',
  '0ul',
]);

export function isNullLiteral(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'null' || n.type === 'nullptr') return true;
  if (n.type === 'number_literal' || n.type === 'identifier') return NULL_SPELLINGS.has(n.text);
  return false;
}

export function isZeroLiteral(node: Node): boolean {
  const n = unwrap(node);
  return (n.type === 'number_literal' && /^(0+|0[xX]0+)[uUlL]*$/.test(n.text)) || n.text === 'FALSE';
}

/** A value we can tell is not zero / not NULL without knowing any macro. */
export function isKnownNonZero(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'number_literal') return !isZeroLiteral(n);
  if (n.type === 'string_literal' || n.type === 'concatenated_string' || n.type === 'char_literal')
    return true;
  if (n.type === 'pointer_expression' && n.text.startsWith('&')) return true;
  if (n.type === 'true') return true;
  // Documented Fwps constants are never 0 for a reserved slot's purpose.
  if (n.type === 'identifier' && /^(FWPS?_|TRUE$)/.test(n.text)) return true;
  // `(PVOID)&x` parses as the binary expression `(PVOID) & x`: a cast of an address.
  if (
    n.type === 'binary_expression' &&
    n.childForFieldName('operator')?.text === '&' &&
    isParenthesizedTypeName(n.childForFieldName('left'))
  ) {
    return true;
  }
  if (n.type === 'binary_expression' && n.text.includes('|')) {
    return n.namedChildren.some((c) => !!c && isKnownNonZero(c));
  }
  return false;
}

/** The argument text is spliced by the preprocessor in ways we cannot see. */
export function hasPreprocessorOrError(node: Node): boolean {
  if (node.hasError) return true;
  const text = node.text;
  // Looked for first: the pattern tries every line start of a long argument, at each nesting level.
  return text.includes('#') && /(^|\n)\s*#/.test(text);
}

function isParenthesizedTypeName(node: Node | null): boolean {
  return !!node && node.type === 'parenthesized_expression' && /^\(\s*[A-Z_][A-Z0-9_]*\s*\)$/.test(node.text);
}
