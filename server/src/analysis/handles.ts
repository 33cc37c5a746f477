// Injection handles: where FwpsInjectionHandleCreate0 stores a handle, with which flags and
// address family, and whether it is destroyed and its status checked. Handles are matched by a
// key derived from the storage expression: the variable name, or the last field of a struct path
// (`gContext->InjectionHandle` and `ctx.InjectionHandle` share `.InjectionHandle`).
import type { Node } from '../parse/syntaxNode';
import { resolveFunction, type WindowsTarget } from '../catalog';
import type { CallSite } from './calls';
import { functionName } from './functions';
import { isNullLiteral, unwrap } from './values';
import { bodyDescendants, descendantsOf } from './descendants';

export interface HandleCreation {
  key: string;
  /** FWPS_INJECTION_TYPE_* names OR-ed together; [] for 0; undefined when not literal. */
  types: string[] | undefined;
  /** AF_INET / AF_INET6 / AF_UNSPEC, or undefined when not literal. */
  family: string | undefined;
  /** The create call's status is used (assigned, tested or returned). */
  statusUsed: boolean;
  /** The function the create is in. */
  fn: string | undefined;
  /** Keys a local handle is copied to afterwards (`ctx->handle = h;`): destroying one of them destroys it. */
  aliases: string[];
  call: Node;
  uri: string;
}

/** The key a handle expression is matched by, or undefined for expressions we do not follow. */
export function handleKey(expr: Node): string | undefined {
  const n = unwrap(expr);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'field_expression') {
    const field = n.childForFieldName('field');
    return field ? `.${field.text}` : undefined;
  }
  if (n.type === 'subscript_expression') {
    const base = n.childForFieldName('argument');
    return base ? handleKey(base) : undefined;
  }
  return undefined;
}

/** Values that stand for no handle: `INVALID_HANDLE_VALUE`, `(HANDLE)-1`. */
const NO_HANDLE = /^(INVALID_HANDLE_VALUE|\(\s*HANDLE\s*\)\s*-\s*1)$/;

/**
 * The key a handle expression stands for in `def`: a local assigned once from another handle
 * expression is that expression (`HANDLE h = ctx->injectionHandle;`). Undefined: cannot tell.
 */
export function resolvedHandle(expr: Node, def: Node): string | undefined {
  const key = handleKey(expr);
  const n = unwrap(expr);
  if (!key || n.type !== 'identifier') return key;
  const body = def.childForFieldName('body');
  const values: Node[] = [];
  // What it holds where it is used: values given before, not a reset after a destroy
  // (`gHandle = INVALID_HANDLE_VALUE;`), nor a constant that stands for no handle.
  const copied = (v: Node | null | undefined): v is Node =>
    !!v && v.startIndex < expr.startIndex && !isNullLiteral(v) && !NO_HANDLE.test(unwrap(v).text);
  for (const d of body ? descendantsOf(body, 'init_declarator') : []) {
    const value = d?.childForFieldName('value');
    if (d?.childForFieldName('declarator')?.text === key && copied(value)) values.push(value);
  }
  for (const a of body ? descendantsOf(body, 'assignment_expression') : []) {
    const value = a?.childForFieldName('right');
    if (a && unwrap(a.childForFieldName('left')!).text === key && copied(value)) values.push(value);
  }
  if (values.length === 0) return key;
  return values.length === 1 ? handleKey(values[0]) : undefined;
}

/** `&gHandle` → key of gHandle; a plain pointer parameter → undefined. */
function outTargetKey(arg: Node): string | undefined {
  const n = unwrap(arg);
  if (n.type === 'pointer_expression' && n.text.startsWith('&')) {
    const operand = n.childForFieldName('argument');
    return operand ? handleKey(operand) : undefined;
  }
  return undefined;
}

/** FWPS_INJECTION_TYPE_A | FWPS_INJECTION_TYPE_B → names; 0 → []; anything else → undefined. */
export function injectionTypes(expr: Node): string[] | undefined {
  const n = unwrap(expr);
  if (n.type === 'number_literal') return /^0+[uUlL]*$|^0[xX]0+[uUlL]*$/.test(n.text) ? [] : undefined;
  if (n.type === 'identifier') return n.text.startsWith('FWPS_INJECTION_TYPE_') ? [n.text] : undefined;
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.text === '|') {
    const l = injectionTypes(n.childForFieldName('left')!);
    const r = injectionTypes(n.childForFieldName('right')!);
    return l && r ? [...l, ...r] : undefined;
  }
  return undefined;
}

export function addressFamilyLiteral(expr: Node): string | undefined {
  const n = unwrap(expr);
  return n.type === 'identifier' && /^AF_(INET6?|UNSPEC)$/.test(n.text) ? n.text : undefined;
}

/** Whether the value of a call expression is used by its parent. */
export function resultUsed(call: Node): boolean {
  let p = call.parent;
  while (p && (p.type === 'parenthesized_expression' || p.type === 'cast_expression')) p = p.parent;
  return !!p && p.type !== 'expression_statement';
}

export function handleCreations(calls: CallSite[], uri: string): HandleCreation[] {
  const out: HandleCreation[] = [];
  for (const site of calls) {
    if (site.fn.name !== 'FwpsInjectionHandleCreate0' || site.args.length !== 3) continue;
    const key = outTargetKey(site.args[2]);
    if (!key) continue;
    const def = site.enclosingFunction;
    out.push({
      key,
      types: injectionTypes(site.args[1]),
      family: addressFamilyLiteral(site.args[0]),
      statusUsed: resultUsed(site.call),
      fn: def ? functionName(def) : undefined,
      aliases: def ? copiesOf(key, def) : [],
      call: site.call,
      uri,
    });
  }
  return out;
}

/** Keys of the handles passed to FwpsInjectionHandleDestroy0 (a local copy counts as what it copies). */
export function destroyedHandles(calls: CallSite[]): string[] {
  return directDestroys(calls).map((d) => d.key);
}

/** Every destroy under `root`, called or handed to a teardown macro, in source order. */
export function destroyedKeys(calls: CallSite[], root: Node, target: WindowsTarget): string[] {
  return [...directDestroys(calls), ...destroyedThroughNamedRoutine(root, target)]
    .sort((a, b) => a.at - b.at)
    .map((d) => d.key);
}

interface Destroy {
  key: string;
  at: number;
}

function directDestroys(calls: CallSite[]): Destroy[] {
  const out: Destroy[] = [];
  for (const s of calls) {
    if (s.fn.name !== 'FwpsInjectionHandleDestroy0' || s.args.length !== 1) continue;
    const key =
      (s.enclosingFunction && resolvedHandle(s.args[0], s.enclosingFunction)) ||
      handleKey(s.args[0]) ||
      derefKey(s.args[0]);
    if (key) out.push({ key, at: s.call.startIndex });
  }
  return out;
}

/**
 * Handles handed, together with the destroy routine itself, to a teardown macro or helper
 * (`RELEASE(ctx->injectHandle, FwpsInjectionHandleDestroy);`): the routine is named as a value,
 * not called, so the call sites above do not see it.
 */
function destroyedThroughNamedRoutine(root: Node, target: WindowsTarget): Destroy[] {
  const out: Destroy[] = [];
  // Every name of the routine (versioned or not) starts so: without it, no call can name it.
  if (!root.text.includes('FwpsInjectionHandleDestroy')) return out;
  for (const call of descendantsOf(root, 'call_expression')) {
    const args = call?.childForFieldName('arguments')?.namedChildren ?? [];
    const namesDestroy = args.some(
      (a) =>
        a?.type === 'identifier' && resolveFunction(a.text, target)?.name === 'FwpsInjectionHandleDestroy0',
    );
    if (!call || !namesDestroy) continue;
    for (const a of args) {
      if (!a || (a.type === 'identifier' && resolveFunction(a.text, target))) continue;
      const key = handleKey(a);
      if (key) out.push({ key, at: a.startIndex });
    }
  }
  return out;
}

/** `*ctx->handlePtr` → `*.handlePtr`: a handle destroyed through a pointer to where it is stored. */
function derefKey(expr: Node): string | undefined {
  const n = unwrap(expr);
  const operand =
    n.type === 'pointer_expression' && n.text.startsWith('*') ? n.childForFieldName('argument') : null;
  const key = operand && handleKey(operand);
  return key ? `*${key}` : undefined;
}

/**
 * Where a plain local `key` of `def` is copied to: `ctx->handle = key;`, `gHandle = key;`; and
 * where its address is kept (`ctx->handlePtr = &key;`), as `*.handlePtr`: a destroy of
 * `*ctx->handlePtr` destroys it.
 */
function copiesOf(key: string, def: Node): string[] {
  if (key.startsWith('.')) return [];
  const out: string[] = [];
  for (const a of bodyDescendants(def, 'assignment_expression')) {
    const right = a?.childForFieldName('right');
    const left = a?.childForFieldName('left');
    if (!right || !left) continue;
    const value = unwrap(right);
    const address =
      value.type === 'pointer_expression' &&
      value.text.startsWith('&') &&
      value.childForFieldName('argument')?.text === key;
    if (value.text !== key && !address) continue;
    const to = handleKey(left);
    const alias = to && (address ? `*${to}` : to);
    if (alias && alias !== key && !out.includes(alias)) out.push(alias);
  }
  return out;
}
