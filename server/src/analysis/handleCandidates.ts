// The injection handles an expression may hold, precise enough to tell one handle from another:
// `v6 ? gInV6 : gIn` may be either, a local is every value it is given, `gHandles[2]` is slot 2
// of gHandles. Used to match an injection with the FwpsQueryPacketInjectionState* calls that ask
// about its handle; undefined whenever one possible value cannot be named (a parameter, `g[i]`),
// since a guess could pair an injection with a check about another handle.
import type { Node } from '../parse/syntaxNode';
import { descendantsOf } from './descendants';
import { parameterNames } from './functions';
import { unwrap } from './values';

const MAX_DEPTH = 3;
/** A slot named by a number or a constant (`hInject[INJECT_V4]`); a variable index is any slot. */
const CONSTANT_INDEX = /^(\d+[uUlL]*|[A-Z][A-Z0-9_]*)$/;

export function handleCandidates(expr: Node, def: Node, depth = 0): string[] | undefined {
  const n = unwrap(expr);
  switch (n.type) {
    case 'conditional_expression': {
      const a = n.childForFieldName('consequence');
      const b = n.childForFieldName('alternative');
      const left = a && handleCandidates(a, def, depth);
      const right = b && handleCandidates(b, def, depth);
      return left && right ? [...new Set([...left, ...right])] : undefined;
    }
    case 'qualified_identifier':
      // `Helper::gHandles` is the static member gHandles, named as in its class.
      return [n.text.slice(n.text.lastIndexOf('::') + 2)];
    case 'field_expression': {
      const field = n.childForFieldName('field');
      return field ? [`.${field.text}`] : undefined;
    }
    case 'subscript_expression': {
      const base = n.childForFieldName('argument');
      const index =
        n.childForFieldName('index') ?? n.namedChildren.find((c) => c?.type === 'subscript_argument_list');
      const slot = index?.text.replace(/^\[|\]$/g, '').trim() ?? '';
      const keys = base && CONSTANT_INDEX.test(slot) ? handleCandidates(base, def, depth) : undefined;
      return keys?.length === 1 ? [`${keys[0]}[${slot}]`] : undefined;
    }
    case 'identifier':
      return localValues(n.text, def, depth);
    case 'call_expression': {
      // `GetSendHandle()`: the index knows which handle such a getter returns.
      const callee = n.childForFieldName('function');
      const args = n.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment');
      return callee?.type === 'identifier' && !args?.length ? [`${callee.text}()`] : undefined;
    }
    default:
      return undefined;
  }
}

/** A global by its name; a local by the values assigned to it; a parameter cannot be told. */
function localValues(name: string, def: Node, depth: number): string[] | undefined {
  if (parameterNames(def).includes(name)) return undefined;
  const body = def.childForFieldName('body');
  if (!body) return undefined;
  const values: Node[] = [];
  let declared = false;
  for (const d of descendantsOf(body, ['init_declarator', 'declaration'])) {
    if (d.type === 'init_declarator') {
      if (d.childForFieldName('declarator')?.text === name && d.childForFieldName('value'))
        values.push(d.childForFieldName('value')!);
    } else if (d.namedChildren.some((c) => c?.type === 'identifier' && c.text === name)) declared = true;
  }
  for (const a of descendantsOf(body, 'assignment_expression')) {
    const left = a?.childForFieldName('left');
    if (left && unwrap(left).text === name) {
      if (a.childForFieldName('operator')?.text !== '=') return undefined;
      values.push(a.childForFieldName('right')!);
    }
  }
  // Filled through its address (`GetHandle(&h)`): not followed.
  if (descendantsOf(body, 'pointer_expression').some((p) => p.text.replace(/\s/g, '') === `&${name}`))
    return undefined;
  if (!values.length) return declared ? undefined : [name];
  if (depth >= MAX_DEPTH) return undefined;
  const keys = new Set<string>();
  for (const v of values) {
    const k = handleCandidates(v, def, depth + 1);
    if (!k) return undefined;
    k.forEach((x) => keys.add(x));
  }
  return [...keys];
}
