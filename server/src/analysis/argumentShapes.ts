// What kind of value an argument expression is, told from its spelling, its declared type and
// the workspace (a handle created by FwpsInjectionHandleCreate0, a completion function), and how
// well that fits a catalog parameter. WFP1001 aligns arguments with parameters by these shapes.
import type { Node } from '../parse/syntaxNode';
import type { ParamSpec } from '../catalog';
import { handleKey } from './handles';
import { isNullLiteral, isZeroLiteral, unwrap } from './values';

export type ArgShape =
  | 'null'
  | 'zero'
  | 'integer'
  | 'addressFamily'
  | 'layerId'
  | 'injectionType'
  | 'streamFlags'
  | 'completionFn'
  /** Another function: never data. */
  | 'function'
  | 'nbl'
  | 'injectionHandle'
  | 'compartmentId'
  | 'interfaceIndex'
  | 'subInterfaceIndex'
  | 'endpointHandle'
  | 'sendArgs'
  /** A declared variable that is none of the above: a value, never a function. */
  | 'data'
  | 'unknown';

export interface ShapeContext {
  /** Declared type text of a variable visible at the call (parameter, local or global). */
  typeOf(name: string): string | undefined;
  isCompletionFunction(name: string): boolean;
  isFunction(name: string): boolean;
  isInjectionHandle(key: string): boolean;
}

/** Shapes told by a declared type alone. */
function shapeOfType(type: string): ArgShape | undefined {
  const t = type.replace(/\b(const|volatile|struct)\b|\s+/g, ' ').trim();
  if (/^(P\s*NET_BUFFER_LIST|NET_BUFFER_LIST\s*\*)$/.test(t) || t === 'PNET_BUFFER_LIST') return 'nbl';
  if (/^ADDRESS_FAMILY$/.test(t)) return 'addressFamily';
  if (/^COMPARTMENT_ID$/.test(t)) return 'compartmentId';
  if (/^(FWPS_TRANSPORT_SEND_PARAMS\d?\s*\*|PFWPS_TRANSPORT_SEND_PARAMS\d?)$/.test(t)) return 'sendArgs';
  if (
    /^(U?INT(8|16|32|64)|U?LONG(64)?|ULONGLONG|USHORT|UCHAR|SIZE_T|IF_INDEX|NDIS_PORT_NUMBER|unsigned( int| long)*|int|long)$/.test(
      t,
    )
  )
    return 'integer';
  return undefined;
}

/** Shapes told by a name: field names and variables usually say what they hold. */
function shapeOfName(text: string): ArgShape | undefined {
  if (/sub_?interface_?index|subif(index)?\b/i.test(text)) return 'subInterfaceIndex';
  if (/interface_?index|\bif_?index|ifidx/i.test(text)) return 'interfaceIndex';
  if (/compartment/i.test(text)) return 'compartmentId';
  if (/transportEndpointHandle|endpointHandle/i.test(text)) return 'endpointHandle';
  return undefined;
}

/**
 * A name declared nowhere we can see (a header's global, a half-written call): what its spelling
 * says, for the names drivers use for NBLs, contexts and completion functions.
 */
function shapeOfUndeclared(name: string): ArgShape {
  if (
    /(^|_)p?nbl$|nbl$|netBufferList$|NetBufferList$|^(p|pNet)?Nbl\w*/i.test(name) &&
    !/context|ctx/i.test(name)
  )
    return 'nbl';
  if (/context|ctx/i.test(name)) return 'data';
  if (/complet|done$|callback/i.test(name)) return 'completionFn';
  return 'unknown';
}

export function argumentShape(arg: Node, ctx: ShapeContext): ArgShape {
  const n = unwrap(arg);
  if (n.type === 'number_literal') return isZeroLiteral(n) ? 'zero' : 'integer';
  if (isNullLiteral(n)) return 'null';
  if (n.type === 'sizeof_expression') return 'integer';
  // `(NET_BUFFER_LIST*)layerData` says what it is by its cast.
  if (arg !== n) {
    for (
      let c: Node | null = arg;
      c && c.id !== n.id;
      c = c.type === 'cast_expression' ? c.childForFieldName('value') : c.namedChild(0)
    ) {
      if (c.type === 'cast_expression') {
        const byCast = shapeOfType(c.childForFieldName('type')?.text ?? '');
        if (
          byCast === 'nbl' ||
          byCast === 'addressFamily' ||
          byCast === 'compartmentId' ||
          byCast === 'sendArgs'
        )
          return byCast;
      }
    }
  }
  if (n.type === 'identifier') {
    const name = n.text;
    if (/^AF_\w+$/.test(name)) return 'addressFamily';
    if (/^FWPS_LAYER_\w+$/.test(name)) return 'layerId';
    if (/^FWPS_INJECTION_TYPE_\w+$/.test(name)) return 'injectionType';
    if (/^FWPS_STREAM_FLAG_\w+$/.test(name)) return 'streamFlags';
    if (name === 'UNSPECIFIED_COMPARTMENT_ID' || name === 'DEFAULT_COMPARTMENT_ID') return 'compartmentId';
    const type = ctx.typeOf(name);
    if (type === undefined) {
      if (ctx.isCompletionFunction(name)) return 'completionFn';
      if (ctx.isFunction(name)) return 'function';
    }
    if (ctx.isInjectionHandle(name)) return 'injectionHandle';
    if (type !== undefined) {
      // `IF_INDEX subIfIndex`: the name tells the two indexes apart, the type does not.
      const byType = shapeOfType(type);
      return (byType && byType !== 'integer' ? byType : undefined) ?? shapeOfName(name) ?? byType ?? 'data';
    }
    return shapeOfName(name) ?? shapeOfUndeclared(name);
  }
  if (n.type === 'binary_expression' && /^FWPS_STREAM_FLAG_/.test(n.text)) return 'streamFlags';
  if (n.type === 'binary_expression' && /^FWPS_INJECTION_TYPE_/.test(n.text)) return 'injectionType';
  if (n.type === 'pointer_expression' && n.text.startsWith('&')) {
    const target = n.childForFieldName('argument');
    if (target?.type === 'identifier' && ctx.isCompletionFunction(target.text)) return 'completionFn';
    if (target && /sendArgs|sendParams/i.test(target.text)) return 'sendArgs';
    // The address of a variable or field is data, never a function.
    if (target?.type === 'identifier' && ctx.typeOf(target.text) !== undefined) return 'data';
    return target?.type === 'field_expression' ? 'data' : 'unknown';
  }
  if (n.type === 'field_expression' || n.type === 'subscript_expression') {
    const key = handleKey(n);
    if (key && ctx.isInjectionHandle(key)) return 'injectionHandle';
    const field = n.type === 'field_expression' ? (n.childForFieldName('field')?.text ?? '') : n.text;
    if (/^(net_?buffer_?list|p?nbl|\w*NetBufferList|\w*Nbl)$/i.test(field)) return 'nbl';
    return shapeOfName(n.text) ?? 'unknown';
  }
  return 'unknown';
}

/** The shape a parameter asks for, from its role (and, for flags, the kind of flags). */
function wanted(p: ParamSpec): ArgShape | undefined {
  switch (p.role) {
    case 'addressFamily':
    case 'layerId':
    case 'streamFlags':
    case 'completionFn':
    case 'injectionHandle':
    case 'compartmentId':
    case 'interfaceIndex':
    case 'subInterfaceIndex':
    case 'endpointHandle':
    case 'sendArgs':
      return p.role;
    case 'netBufferList':
      return 'nbl';
    case 'flags':
      return !p.mustBe && /INJECTION_TYPE/.test(p.doc) ? 'injectionType' : undefined;
    default:
      return undefined;
  }
}

/** Shapes that say plainly which one parameter they belong to. */
const SPECIFIC = new Set<ArgShape>([
  'addressFamily',
  'layerId',
  'injectionType',
  'streamFlags',
  'completionFn',
  'function',
  'nbl',
  'injectionHandle',
  'compartmentId',
  'subInterfaceIndex',
  'endpointHandle',
  'sendArgs',
]);

const isPointer = (p: ParamSpec) => /\*|^HANDLE$|^PVOID$|^FWPS_INJECT_COMPLETE/.test(p.type);

/**
 * How well an argument of this shape fits the parameter: > 0 a fit, < 0 a contradiction, 0 no
 * opinion. Used only to compare alignments, so only the order of the figures matters.
 */
export function fit(shape: ArgShape, p: ParamSpec): number {
  const want = wanted(p);
  if (shape === 'unknown') return 0;
  if (want && shape === want) return 2;
  // An interface index where the interface index goes; a sub-interface index only there.
  if (shape === 'interfaceIndex') {
    if (p.role === 'subInterfaceIndex' || p.role === 'interfaceIndex') return 1;
    return isPointer(p) || want ? -3 : 0;
  }
  if (shape === 'function' && p.role === 'completionFn') return 1;
  if (SPECIFIC.has(shape)) {
    // A handle may be a context too (both HANDLE); an NBL may be the context of its completion.
    if (shape === 'injectionHandle' && p.role === 'injectionContext') return 0;
    if (shape === 'nbl' && p.role === 'completionContext') return 0;
    return -3;
  }
  if (shape === 'data') return p.role === 'completionFn' ? -3 : 0;
  if ((shape === 'null' || shape === 'zero') && p.nonNull) return -2;
  if (shape === 'null') return isPointer(p) ? 1 : -1;
  if (shape === 'zero') return want && want !== 'interfaceIndex' && want !== 'subInterfaceIndex' ? -1 : 1;
  if (shape === 'integer') {
    if (isPointer(p)) return -2;
    return want && want !== 'interfaceIndex' && want !== 'subInterfaceIndex' && want !== 'compartmentId'
      ? -1
      : 1;
  }
  return 0;
}
