// Injection handles created and destroyed through a helper's pointer parameter:
// `CreateHandle(AF_INET, t, &gCtx.handle)` with `FwpsInjectionHandleCreate0(af, t, slot)` inside,
// `DestroyHandle(&gCtx.handle)` with `FwpsInjectionHandleDestroy0(*slot)` inside. The helper's
// side is recorded per parameter, the callers' `&X` arguments per call; the index joins them.
// Also: which functions are the driver's unload path, where a create is a slip for a destroy.
import type { Node } from '../parse/syntaxNode';
import type { CallSite } from './calls';
import { calledNames, functionDefinitions, functionName, parameterNames } from './functions';
import { handleCandidates } from './handleCandidates';
import { addressFamilyLiteral, handleKey, injectionTypes, resultUsed } from './handles';
import { unwrap } from './values';
import type { FactPosition } from './factPosition';
import { descendantsOf } from './descendants';

export interface HandleSlotFact {
  /** The helper whose parameter `param` is the handle's slot. */
  fn: string;
  param: number;
  op: 'create' | 'destroy';
  /** The helper takes the handle itself (`DestroyHandle(HANDLE h)`), not its slot. */
  byValue?: boolean;
  types?: string[];
  family?: string;
  /** The create's status is used in the helper (returned, tested, stored). */
  statusUsed: boolean;
}

export interface AddressArgFact extends FactPosition {
  callee: string;
  index: number;
  /** handleKey of X in `&X` (or of the argument itself when not by address). */
  key: string;
  /** `&X`; otherwise a handle passed by value (only names that say handle are kept). */
  byAddress: boolean;
  /** The call's own result is used by its caller. */
  resultUsed: boolean;
  uri: string;
  end: number;
}

export interface TeardownFact {
  fn: string;
  /** Assigned as the driver's unload routine here (DriverUnload, EvtDriverUnload). */
  unload: boolean;
  /** Functions it calls, for an unload path one call deep. */
  callees: string[];
}

/** The parameter index `expr` names as a slot: `slot`, `*slot`, `slot[0]` → index of slot. */
function slotParam(expr: Node, params: string[], deref: boolean): number {
  let n = unwrap(expr);
  if (deref) {
    if (n.type === 'pointer_expression' && n.text.startsWith('*'))
      n = unwrap(n.childForFieldName('argument')!);
    else if (
      n.type === 'subscript_expression' &&
      /^\[\s*0\s*\]$/.test(n.text.slice(n.childForFieldName('argument')!.text.length))
    )
      n = unwrap(n.childForFieldName('argument')!);
    else return -1;
  }
  return n.type === 'identifier' ? params.indexOf(n.text) : -1;
}

export function handleSlotFacts(calls: CallSite[]): HandleSlotFact[] {
  const out: HandleSlotFact[] = [];
  for (const site of calls) {
    const def = site.enclosingFunction;
    const fn = def && functionName(def);
    if (!def || !fn) continue;
    const params = parameterNames(def);
    if (site.fn.name === 'FwpsInjectionHandleCreate0' && site.args.length === 3) {
      const param = slotParam(site.args[2], params, false);
      if (param >= 0)
        out.push({
          fn,
          param,
          op: 'create',
          types: injectionTypes(site.args[1]),
          family: addressFamilyLiteral(site.args[0]),
          statusUsed: resultUsed(site.call),
        });
    } else if (site.fn.name === 'FwpsInjectionHandleDestroy0' && site.args.length === 1) {
      const param = slotParam(site.args[0], params, true);
      if (param >= 0) out.push({ fn, param, op: 'destroy', statusUsed: false });
      const byValue = slotParam(site.args[0], params, false);
      if (byValue >= 0) out.push({ fn, param: byValue, op: 'destroy', byValue: true, statusUsed: false });
    }
  }
  return out;
}

/** Calls of helpers (identifier callees, not Fwps…) with `&X` arguments, or handles passed by value. */
export function addressArgFacts(root: Node, uri: string): AddressArgFact[] {
  const out: AddressArgFact[] = [];
  if (!/&|handle/i.test(root.text)) return out;
  for (const call of descendantsOf(root, 'call_expression')) {
    const callee = call?.childForFieldName('function');
    if (!call || callee?.type !== 'identifier' || callee.text.startsWith('Fwps')) continue;
    const args =
      call
        .childForFieldName('arguments')
        ?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
    args.forEach((a, index) => {
      const n = unwrap(a);
      const byAddress = n.type === 'pointer_expression' && n.text.startsWith('&');
      const key = byAddress ? handleKey(n.childForFieldName('argument')!) : handleKey(n);
      if (!key || (!byAddress && !/handle/i.test(key))) return;
      out.push({
        callee: callee.text,
        index,
        key,
        byAddress,
        resultUsed: resultUsed(call),
        uri,
        start: call.startIndex,
        end: call.endIndex,
        line: call.startPosition.row,
      });
    });
  }
  return out;
}

export const UNLOAD_FIELDS = ['DriverUnload', 'EvtDriverUnload', 'EvtCleanupCallback', 'EvtDestroyCallback'];
const UNLOAD_FIELD = new RegExp(`^(${UNLOAD_FIELDS.join('|')})$`);
export const TEARDOWN_NAME = /unload|uninit|deinit|teardown|shutdown|cleanup|unregister|deregister/i;

/**
 * Per function, in source order: itself when its name says teardown (with its callees), then the
 * unload routines it assigns (DriverUnload, EvtDriverUnload). Each entry comes from one function
 * alone, so the facts of a file's parts add up to the file's.
 */
export function teardownFacts(root: Node): TeardownFact[] {
  const out: TeardownFact[] = [];
  const mayAssign = /DriverUnload|EvtDriverUnload|EvtCleanupCallback|EvtDestroyCallback/.test(root.text);
  for (const def of functionDefinitions(root)) {
    const name = functionName(def);
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    if (TEARDOWN_NAME.test(name))
      out.push({
        fn: name,
        unload: false,
        callees: [...calledNames(body)].filter((n) => !n.startsWith('Fwps')),
      });
    if (!mayAssign) continue;
    for (const a of descendantsOf(body, 'assignment_expression')) {
      const left = a?.childForFieldName('left');
      const right = a && unwrap(a.childForFieldName('right')!);
      const field = left?.type === 'field_expression' ? (left.childForFieldName('field')?.text ?? '') : '';
      if (UNLOAD_FIELD.test(field) && right?.type === 'identifier')
        out.push({ fn: right.text, unload: true, callees: [] });
    }
  }
  return out;
}

/** A helper asking FwpsQueryPacketInjectionState* with its parameter `param`, or with the handle `key`. */
export interface StateCheckFact {
  fn: string;
  param?: number;
  key?: string;
  /** Every handle the call may ask with (handleCandidates), when each can be named. */
  handles?: string[];
}

export function stateCheckFacts(calls: CallSite[]): StateCheckFact[] {
  const out: StateCheckFact[] = [];
  for (const site of calls) {
    const def = site.enclosingFunction;
    const fn = def && functionName(def);
    if (!def || !fn || !site.fn.name.startsWith('FwpsQueryPacketInjectionState') || !site.args.length)
      continue;
    const param = slotParam(site.args[0], parameterNames(def), false);
    const handles = handleCandidates(site.args[0], def);
    if (param >= 0) out.push({ fn, param });
    else out.push({ fn, key: handleKey(site.args[0]), ...(handles ? { handles } : {}) });
  }
  return out;
}

/** `HANDLE GetSendHandle(void) { return gSendHandle; }`: a getter of a handle, by what it returns. */
export interface HandleGetterFact {
  fn: string;
  returns: string;
}

export function handleGetterFacts(root: Node): HandleGetterFact[] {
  const out: HandleGetterFact[] = [];
  if (!/handle/i.test(root.text)) return out;
  for (const def of functionDefinitions(root)) {
    const fn = functionName(def);
    const statements =
      def.childForFieldName('body')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    if (!fn || !/handle/i.test(fn) || parameterNames(def).some((p) => p) || statements.length !== 1) continue;
    const value = statements[0]?.type === 'return_statement' ? statements[0].namedChildren[0] : undefined;
    const returns = value && handleCandidates(value, def);
    if (returns?.length === 1 && !returns[0].endsWith('()')) out.push({ fn, returns: returns[0] });
  }
  return out;
}
