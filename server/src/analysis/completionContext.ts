// What a completion function (FWPS_INJECT_COMPLETE signature) does with its context argument:
// frees it, dereferences it, tests it for NULL first, or leaves it alone; and the type it takes
// the context as (`(PACKET_CONTEXT*)context`). The injection's completionContext must match.
import type { Node } from '../parse/syntaxNode';
import { hasCompletionSignature } from './completionFunctions';
import { functionDeclarator, functionDefinitions, functionName, parameterNames } from './functions';
import { isNonOwningCall } from './summaries';
import { unwrap } from './values';
import { descendantsOf } from './descendants';

export type ContextUse = 'frees' | 'derefs' | 'guarded' | 'passes' | 'none';

export interface CompletionContextFact {
  fn: string;
  use: ContextUse;
  /** The pointer type the context is cast to or stored as, when exactly one. */
  type?: string;
  /** The call that releases the context (use `frees`): a kernel free, or a helper of the driver. */
  freedBy?: string;
}

/** Calls that release what they are given. */
const RELEASES = /(Free|Release|Delete|Dereference|Discard|Destroy)/;

/** One spelling per type: `struct _T *` and `struct _T*` → `struct _T*`. */
const compact = (type: string) =>
  type
    .replace(/\s+/g, ' ')
    .replace(/\s*\*\s*/g, '*')
    .trim();

/** `(PACKET_CONTEXT*)x`: the cast's type written out, `PACKET_CONTEXT *`. */
function castTypeText(cast: Node): string | undefined {
  const t = cast.childForFieldName('type');
  return t ? compact(t.text) : undefined;
}

/** Climbs parentheses and casts above `n`; records the cast types met on the way. */
function climb(n: Node, types: Set<string>): Node {
  let at = n;
  while (
    at.parent &&
    (at.parent.type === 'parenthesized_expression' || at.parent.type === 'cast_expression')
  ) {
    if (at.parent.type === 'cast_expression') {
      const t = castTypeText(at.parent);
      if (t) types.add(t);
    }
    at = at.parent;
  }
  return at;
}

/** The reference is tested: in a condition, compared, negated or combined with && / ||. */
function isTested(ref: Node): boolean {
  for (let n: Node = ref; n.parent; n = n.parent) {
    const p = n.parent;
    if (
      p.type === 'binary_expression' &&
      /^(==|!=|&&|\|\|)$/.test(p.childForFieldName('operator')?.text ?? '')
    )
      return true;
    if (p.type === 'unary_expression' && p.text.startsWith('!')) return true;
    const cond = p.childForFieldName('condition');
    if (cond && cond.id === n.id) return true;
    if (
      p.type === 'expression_statement' ||
      p.type === 'compound_statement' ||
      p.type === 'declaration' ||
      p.type === 'field_expression' ||
      p.type === 'argument_list'
    )
      return false;
  }
  return false;
}

function contextUse(def: Node): CompletionContextFact | undefined {
  const name = functionName(def);
  const body = def.childForFieldName('body');
  const param = parameterNames(def)[0];
  if (!name || !body || !param) return undefined;
  const names = new Set([param]);
  const types = new Set<string>();
  const identifiers = descendantsOf(body, 'identifier');
  // Locals that take the context (through casts): `PACKET_CONTEXT* ctx = (PACKET_CONTEXT*)context;`.
  // One that is never read again says nothing of what the context is.
  const unread: Node[] = [];
  for (const d of descendantsOf(body, 'init_declarator')) {
    const value = d?.childForFieldName('value');
    if (!d || !value || unwrap(value).type !== 'identifier' || unwrap(value).text !== param) continue;
    let id = d.childForFieldName('declarator');
    let stars = '';
    while (id && id.type !== 'identifier') {
      if (id.type === 'pointer_declarator') stars += '*';
      id = id.childForFieldName('declarator');
    }
    const local = id?.text;
    const within = (r: Node) => r.startIndex >= d.startIndex && r.endIndex <= d.endIndex;
    if (!local || !identifiers.some((r) => r?.text === local && !within(r))) {
      unread.push(d);
      continue;
    }
    const declType = d.parent?.childForFieldName('type')?.text;
    names.add(local);
    if (declType && !/^(VOID|void|PVOID|HANDLE)$/.test(declType) && (stars || /^P[A-Z]/.test(declType)))
      types.add(compact(`${declType}${stars}`));
    climb(unwrap(value), types);
  }
  // `ctx = (PACKET_CONTEXT*)context;` after a separate declaration: the same, typed by the cast.
  for (const a of descendantsOf(body, 'assignment_expression')) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (!a || left?.type !== 'identifier' || !right || a.childForFieldName('operator')?.text !== '=')
      continue;
    if (unwrap(right).type !== 'identifier' || unwrap(right).text !== param || left.text === param) continue;
    const local = left.text;
    const read = identifiers.some(
      (r) =>
        r?.text === local &&
        !(r.startIndex >= a.startIndex && r.endIndex <= a.endIndex) &&
        r.parent?.type !== 'init_declarator' &&
        r.parent?.type !== 'pointer_declarator' &&
        r.parent?.type !== 'declaration',
    );
    if (!read) {
      unread.push(a);
      continue;
    }
    names.add(local);
    climb(unwrap(right), types);
  }
  let frees = false;
  let freedBy: string | undefined;
  let derefs = false;
  let passes = false;
  for (const ref of identifiers) {
    if (!ref || !names.has(ref.text)) continue;
    if (unread.some((d) => ref.startIndex >= d.startIndex && ref.endIndex <= d.endIndex)) continue;
    const p0 = ref.parent;
    if (p0?.type === 'init_declarator' || p0?.type === 'pointer_declarator') continue;
    if (isTested(ref)) return { fn: name, use: 'guarded' };
    const top = climb(ref, types);
    const p = top.parent;
    if (!p) continue;
    if (
      (p.type === 'field_expression' && p.childForFieldName('argument')?.id === top.id) ||
      (p.type === 'pointer_expression' && p.text.startsWith('*')) ||
      (p.type === 'subscript_expression' && p.childForFieldName('argument')?.id === top.id)
    ) {
      derefs = true;
      continue;
    }
    if (p.type === 'argument_list') {
      const callee = p.parent?.childForFieldName('function')?.text ?? '';
      if (isNonOwningCall(callee, p)) continue;
      if (RELEASES.test(callee)) {
        frees = true;
        freedBy ??= callee;
      } else passes = true;
    }
  }
  const type = types.size === 1 ? [...types][0] : undefined;
  const use = strongestUse(frees, passes, derefs);
  return {
    fn: name,
    use,
    ...(type ? { type } : {}),
    ...(use === 'frees' && freedBy ? { freedBy } : {}),
  };
}

/** The strongest of what a completion function does with its context. */
function strongestUse(frees: boolean, passes: boolean, derefs: boolean): ContextUse {
  if (frees) return 'frees';
  if (passes) return 'passes';
  return derefs ? 'derefs' : 'none';
}

/** Facts for the completion-shaped functions defined under `root`. */
export function completionContextFacts(root: Node): CompletionContextFact[] {
  const out: CompletionContextFact[] = [];
  if (!root.text.includes('BOOLEAN')) return out;
  for (const def of functionDefinitions(root)) {
    const params = functionDeclarator(def)?.childForFieldName('parameters');
    if (!params || !hasCompletionSignature(params)) continue;
    const fact = contextUse(def);
    if (fact) out.push(fact);
  }
  return out;
}
