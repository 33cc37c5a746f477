// Which kind of NBL a struct field holds: learned from allocations straight into the field
// (`&packet->nbl`), from stores of a local allocation (`task->nbl = clone;`) and of an
// allocator's result (`task->nbl = NdisAllocateNetBufferAndNetBufferList(…)`), so that the
// injection of `task->nbl` in another function or file knows the NBL is ours on failure. A store
// of anything else (a parameter, another field) makes the field's origin unknown.
import type { Node } from '../parse/syntaxNode';
import type { CallSite } from './calls';
import { enclosingFunctionOf } from './calls';
import { handleKey } from './handles';
import { allocations, nblText, type NblOrigin } from './nbl';
import { isNullLiteral, unwrap } from './values';
import { castType, sameType, VariableTypes } from './varTypes';
import { descendantsOf } from './descendants';
import { functionName } from './functions';
import { lifecycleOf } from '../catalog';

export interface FieldOriginFact {
  /** `.field` */
  key: string;
  /** Type of the object holding the field, when declared plainly (`TASK_ENTRY`). */
  type?: string;
  kind: NblOrigin | 'unknown';
  /** The function that fills the field (the classifyFn or helper that queues the packet). */
  fn?: string;
}

/** Right-hand sides that cannot be an NBL pointer: counters, flags, sizes, addresses. */
const NOT_A_POINTER = new Set([
  'number_literal',
  'string_literal',
  'concatenated_string',
  'char_literal',
  'true',
  'false',
  'binary_expression',
  'unary_expression',
  'sizeof_expression',
  'update_expression',
  'null',
]);

/** The type of the object in `obj->field` / `((T*)ctx)->field` when it is plain to see. */
function objectType(field: Node, types: VariableTypes): string | undefined {
  let obj = field.childForFieldName('argument');
  while (obj?.type === 'parenthesized_expression') obj = obj.namedChild(0);
  if (obj?.type === 'cast_expression') return castType(obj);
  return obj?.type === 'identifier' ? types.typeOf(obj.text, enclosingFunctionOf(field)) : undefined;
}

/** The origin of the local `name` at `at`: its allocations before `at` in the same function. */
function localOrigin(name: Node, allocs: ReturnType<typeof allocations>): NblOrigin | 'unknown' {
  if (!allocs.length) return 'unknown';
  const fn = enclosingFunctionOf(name);
  if (!fn) return 'unknown';
  const before = allocs.filter(
    (a) => a.text === name.text && a.call.startIndex >= fn.startIndex && a.call.endIndex <= name.startIndex,
  );
  const kinds = new Set(before.map((a) => a.kind));
  if (kinds.size !== 1) return 'unknown';
  // `clone = something;` anywhere in the function may put an NBL of another origin into it.
  const reassigned = descendantsOf(fn, 'assignment_expression').some(
    (a) =>
      !!a && a.childForFieldName('left')?.text === name.text && !isNullLiteral(a.childForFieldName('right')!),
  );
  return reassigned ? 'unknown' : [...kinds][0];
}

/**
 * Facts of the file `root`, or of the part of it under `scope` (`calls` are that part's calls):
 * types come from the whole file, assignments from the part. In a canonical order, so that the
 * parts' facts put together (sortedFieldOrigins) equal the whole file's.
 */
export function fieldOriginFacts(root: Node, calls: CallSite[], scope: Node = root): FieldOriginFact[] {
  const types = VariableTypes.of(root);
  const allocs = allocations(calls);
  const seen = new Map<string, FieldOriginFact>();
  const add = (field: Node, kind: FieldOriginFact['kind']) => {
    const key = handleKey(field);
    if (!key?.startsWith('.')) return;
    const def = enclosingFunctionOf(field);
    const fn = def && functionName(def);
    const fact: FieldOriginFact = { key, type: objectType(field, types), kind, ...(fn ? { fn } : {}) };
    seen.set(JSON.stringify(fact), fact);
  };
  for (const a of allocs) {
    const target = unwrap(a.call)
      .descendantsOfType('field_expression')
      .find((f) => !!f && nblText(f) === a.text);
    if (a.key.startsWith('.') && target) add(target, a.kind);
  }
  for (const assign of descendantsOf(scope, 'assignment_expression')) {
    const left = assign?.childForFieldName('left');
    const right = assign?.childForFieldName('right');
    if (
      !assign ||
      !left ||
      !right ||
      left.type !== 'field_expression' ||
      assign.childForFieldName('operator')?.text !== '='
    )
      continue;
    const value = unwrap(right);
    if (
      isNullLiteral(value) ||
      NOT_A_POINTER.has(value.type) ||
      (value.type === 'pointer_expression' && value.text.startsWith('&'))
    )
      continue;
    // An allocator's result counts only where the holder's type is known: an untyped fact would
    // stand for the same-named field of every struct.
    const returned = objectType(left, types) ? returnedNbl(value) : undefined;
    add(left, value.type === 'identifier' ? localOrigin(value, allocs) : (returned ?? 'unknown'));
  }
  return sortedFieldOrigins([...seen.values()]);
}

/** `NdisAllocateNetBufferAndNetBufferList(…)`: a catalog call that returns a new NBL, and its kind. */
function returnedNbl(value: Node): NblOrigin | undefined {
  if (value.type !== 'call_expression') return undefined;
  const made = lifecycleOf(value.childForFieldName('function')?.text ?? '')?.allocates;
  return made?.resource === 'nbl' && made.into === 'return' ? made.origin : undefined;
}

/** Without duplicates, in one order whatever order they were found in. */
export function sortedFieldOrigins(facts: FieldOriginFact[]): FieldOriginFact[] {
  const unique = new Map(facts.map((f) => [JSON.stringify([f.key, f.type ?? '', f.kind, f.fn ?? '']), f]));
  return [...unique.keys()].sort().map((k) => unique.get(k)!);
}

/** The facts for stores into an object of a compatible `type` (every fact, when it is unknown). */
function ofType(facts: FieldOriginFact[], type: string | undefined): FieldOriginFact[] {
  return facts.filter((f) => !type || !f.type || sameType(type, f.type));
}

/** One origin when every fact for the field (of a compatible object type) agrees. */
export function mergedOrigin(facts: FieldOriginFact[], type: string | undefined): NblOrigin | undefined {
  const kinds = new Set(ofType(facts, type).map((f) => f.kind));
  if (kinds.size !== 1) return undefined;
  const kind = [...kinds][0];
  return kind === 'unknown' ? undefined : kind;
}

/**
 * The functions that store into the field, whatever they store (an allocation, a clone, the
 * classifyFn's layerData): where the packet a worker takes from a record was put there. Undefined
 * when a store is outside any function.
 */
export function fillers(facts: FieldOriginFact[], type: string | undefined): string[] | undefined {
  const fns = ofType(facts, type).map((f) => f.fn);
  if (fns.some((f) => !f)) return undefined;
  return [...new Set(fns as string[])].sort();
}

/**
 * What the workspace knows of a field's stores (the WorkspaceIndex), named here so that this
 * file, which the index reads facts from, does not import the index back.
 */
export interface FieldOriginLookup {
  fieldOrigin(key: string, type?: string): NblOrigin | undefined;
}

/** The origin of an injected field expression (`task->nbl`), from the workspace's stores. */
export function nblFieldOrigin(nbl: Node, index: FieldOriginLookup): NblOrigin | undefined {
  const field = fieldKey(nbl);
  return field && index.fieldOrigin(field.key, field.type);
}

/** The field an NBL expression names (`.nbl`), and the type of the object holding it when plain to see. */
export function fieldKey(nbl: Node): { key: string; type?: string } | undefined {
  const key = handleKey(nbl);
  if (!key?.startsWith('.')) return undefined;
  const field = unwrap(nbl);
  const type =
    field.type === 'field_expression' ? objectType(field, VariableTypes.of(field.tree.rootNode)) : undefined;
  return { key, ...(type ? { type } : {}) };
}
