// Where does a classify function run? Evidence, strongest first:
//  - registration: FWPS_CALLOUTn { calloutKey K, classifyFn F } joined on K with
//    FWPM_CALLOUTn.applicableLayer / FWPM_FILTERn.layerKey, possibly inside a helper that
//    receives K, F and the layer as arguments (resolved one level at the helper's call sites),
//    or in two functions (each half keyed by K, joined by the index);
//  - a `layerId` comparison or `case` against FWPS_LAYER_* in the function;
//  - FWPS_FIELD_<LAYER>_* constants the function reads.
import type { Node } from '../parse/syntaxNode';
import { allLayers, getLayer } from '../catalog';
import type { SourceFile } from '../parse/document';
import { functionName, parameterNames } from './functions';
import { unwrap } from './values';
import type { FactPosition } from './factPosition';
import { descendantsOf } from './descendants';
import { declaredIdentifier } from './declarators';

export type EvidenceKind = 'registration' | 'layerIdCheck' | 'fieldConstant';

export interface LayerEvidence extends FactPosition {
  /** Name of the classify function. */
  fn: string;
  /** FWPS_LAYER_* run-time id. */
  layer: string;
  kind: EvidenceKind;
  uri: string;
}

/**
 * A value in a registration: a name, the n-th parameter of the enclosing helper, or what another
 * function registers with the same callout key (`calloutKey`: the FWPS_CALLOUT with its classifyFn
 * in one function, the FWPM_CALLOUT or FWPM_FILTER with its layer in another).
 */
export type RegValue = { const: string } | { param: number } | { calloutKey: string };

/** What a function registers: resolved tuples and tuples waiting for its callers' arguments. */
export interface Registration extends FactPosition {
  /** The function that contains the registration code. */
  inFunction: string;
  classifyFn: RegValue;
  layer: RegValue;
  uri: string;
}

const FWPS_CALLOUT_POSITIONAL = ['calloutKey', 'flags', 'classifyFn', 'notifyFn', 'flowDeleteFn'];
const INTERESTING_FIELDS = new Set(['calloutKey', 'classifyFn', 'applicableLayer', 'layerKey']);

const fwpmToFwps = new Map<string, string>();
for (const l of allLayers()) if (l.managementId) fwpmToFwps.set(l.managementId, l.id);
const fieldPrefixes = allLayers()
  .filter((l) => l.fieldPrefix && !l.discard)
  .map((l) => ({ prefix: l.fieldPrefix!, id: l.id }))
  .sort((a, b) => b.prefix.length - a.prefix.length);

export function layerFromFieldConstant(name: string): string | undefined {
  if (!name.startsWith('FWPS_FIELD_')) return undefined;
  return fieldPrefixes.find((p) => name.startsWith(p.prefix))?.id;
}

/** `&FOO`, `*foo`, `(GUID*)&FOO` → `FOO` / `foo`. */
function valueName(expr: Node): string | undefined {
  let n = unwrap(expr);
  while (n.type === 'pointer_expression' && n.childForFieldName('argument'))
    n = unwrap(n.childForFieldName('argument')!);
  return n.type === 'identifier' ? n.text : undefined;
}

interface StructValues {
  fields: Map<string, string>;
  node: Node;
  /** The fields set since these values started (the others are kept from the previous ones). */
  setHere: Set<string>;
}

/**
 * Field assignments and initializers per struct variable in one function body. A variable filled
 * again for the next callout (`callout.calloutKey = B; callout.classifyFn = FnB;` after A's
 * register call) starts a new set of values, which keeps the fields not set again.
 */
function structAssignments(body: Node): StructValues[] {
  const structs = new Map<string, StructValues[]>();
  const record = (variable: string, field: string, value: Node, at: Node) => {
    if (!INTERESTING_FIELDS.has(field)) return;
    const name = valueName(value);
    if (!name) return;
    const key = field === 'layerKey' ? 'applicableLayer' : field;
    const list = structs.get(variable) ?? [];
    if (!list.length) structs.set(variable, list);
    let s = list[list.length - 1];
    if (!s) list.push((s = { fields: new Map(), node: at, setHere: new Set() }));
    else if (s.setHere.has(key) && s.fields.get(key) !== name)
      list.push((s = { fields: new Map(s.fields), node: at, setHere: new Set() }));
    s.fields.set(key, name);
    s.setHere.add(key);
  };
  const stack: Node[] = [body];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'assignment_expression') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type === 'field_expression' && right) {
        const field = left.childForFieldName('field')?.text ?? '';
        let base: Node | null = left.childForFieldName('argument');
        while (base && base.type === 'field_expression') base = base.childForFieldName('argument');
        if (base) record(base.text, field, right, n);
      }
    } else if (n.type === 'init_declarator') {
      const value = n.childForFieldName('value');
      const decl = declaredIdentifier(n.childForFieldName('declarator'));
      if (value?.type === 'initializer_list' && decl) {
        const typeName = n.parent?.childForFieldName('type')?.text ?? '';
        let positional = 0;
        for (const item of value.namedChildren) {
          if (!item) continue;
          if (item.type === 'initializer_pair') {
            const designator = item.childForFieldName('designator');
            const v = item.childForFieldName('value');
            const field = designator?.text.replace(/^\./, '') ?? '';
            if (v) record(decl.text, field, v, n);
          } else if (/^FWPS_CALLOUT\d?$/.test(typeName) && positional < FWPS_CALLOUT_POSITIONAL.length) {
            record(decl.text, FWPS_CALLOUT_POSITIONAL[positional++], item, n);
          }
        }
      }
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return [...structs.values()].flat();
}

/**
 * A registration needs a callout (a `classifyFn` field or a positional FWPS_CALLOUT initializer)
 * and a layer (`applicableLayer` / `layerKey`) in the same body: without both words in its text,
 * a body need not be walked node by node.
 */
function mayRegister(body: string): boolean {
  const callout = body.includes('classifyFn') || body.includes('FWPS_CALLOUT');
  const layer = body.includes('applicableLayer') || body.includes('layerKey');
  return (callout && layer) || ((callout || layer) && body.includes('calloutKey'));
}

function regValue(name: string, params: string[]): RegValue {
  const index = params.indexOf(name);
  return index >= 0 ? { param: index } : { const: name };
}

/** Registrations (classifyFn ↔ layer) written in this file, resolved or parameterised. */
export function registrations(file: SourceFile, root?: Node): Registration[] {
  const out: Registration[] = [];
  if (!file.tree) return out;
  for (const def of descendantsOf(root ?? file.tree.rootNode, 'function_definition')) {
    if (!def) continue;
    const body = def.childForFieldName('body');
    const name = functionName(def);
    if (!body || !name || !mayRegister(body.text)) continue;
    const structs = structAssignments(body);
    const callouts = structs.filter((s) => s.fields.has('classifyFn'));
    const layered = structs.filter((s) => s.fields.has('applicableLayer'));
    const params = parameterNames(def);
    const joined = new Set<StructValues>();
    const push = (classifyFn: RegValue, layer: RegValue, at: Node) =>
      out.push({
        inFunction: name,
        classifyFn,
        layer,
        uri: file.uri,
        start: at.startIndex,
        line: at.startPosition.row,
      });
    for (const c of callouts) {
      const key = c.fields.get('calloutKey');
      // Join on the callout key; a lone pair in one function belongs together anyway.
      const partners = layered.filter((l) => key !== undefined && l.fields.get('calloutKey') === key);
      let chosen = partners;
      if (!chosen.length && callouts.length === 1 && layered.length === 1) chosen = layered;
      for (const l of chosen) {
        joined.add(l);
        push(
          regValue(c.fields.get('classifyFn')!, params),
          regValue(l.fields.get('applicableLayer')!, params),
          c.node,
        );
      }
      // Registered here, added at its layer elsewhere: the index joins the halves on the key.
      if (!chosen.length && key && !params.includes(key))
        push(regValue(c.fields.get('classifyFn')!, params), { calloutKey: key }, c.node);
    }
    for (const l of layered) {
      const key = l.fields.get('calloutKey');
      if (joined.has(l) || !key || params.includes(key)) continue;
      push({ calloutKey: key }, regValue(l.fields.get('applicableLayer')!, params), l.node);
    }
  }
  return out;
}

/** Calls of named functions with their argument names: resolves parameterised registrations. */
export interface HelperCall extends FactPosition {
  callee: string;
  args: (string | undefined)[];
  uri: string;
}

export function helperCalls(
  file: SourceFile,
  keep: (call: HelperCall) => boolean,
  root?: Node,
): HelperCall[] {
  if (!file.tree) return [];
  const out: HelperCall[] = [];
  for (const call of descendantsOf(root ?? file.tree.rootNode, 'call_expression')) {
    const callee = call?.childForFieldName('function');
    if (!call || !callee || callee.type !== 'identifier') continue;
    const args =
      call
        .childForFieldName('arguments')
        ?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
    const h = {
      callee: callee.text,
      args: args.map(valueName),
      uri: file.uri,
      start: call.startIndex,
      line: call.startPosition.row,
    };
    if (keep(h)) out.push(h);
  }
  return out;
}

export function fwpsLayerOf(name: string): string | undefined {
  return fwpmToFwps.get(name) ?? (getLayer(name) ? getLayer(name)!.id : undefined);
}

/** In-function evidence: layerId checks and FWPS_FIELD_* constants. */
export function classifyLayerEvidence(file: SourceFile, root?: Node): LayerEvidence[] {
  const out: LayerEvidence[] = [];
  if (!file.tree) return out;
  for (const def of descendantsOf(root ?? file.tree.rootNode, 'function_definition')) {
    if (!def) continue;
    const name = functionName(def);
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    const seen = new Set<string>();
    const add = (layer: string, kind: EvidenceKind, at: Node) => {
      const key = `${layer}:${kind}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ fn: name, layer, kind, uri: file.uri, start: at.startIndex, line: at.startPosition.row });
    };
    for (const id of evidenceIdentifiers(body)) {
      const text = id.text;
      if (text.startsWith('FWPS_FIELD_')) {
        const layer = layerFromFieldConstant(text);
        if (layer) add(layer, 'fieldConstant', id);
      } else if (text.startsWith('FWPS_LAYER_') && getLayer(text) && isLayerIdTest(id)) {
        add(getLayer(text)!.id, 'layerIdCheck', id);
      }
    }
  }
  return out;
}

/**
 * The FWPS_FIELD_* and FWPS_LAYER_* identifiers of a body, in source order: found in its text and
 * taken from the tree where they stand (not in a comment or string), instead of asking the tree
 * for every identifier of the body, which in a function of thousands of lines costs milliseconds.
 */
function evidenceIdentifiers(body: Node): Node[] {
  // Most bodies name no such constant: their identifiers are not read. Those that do are read
  // once: a switch over layers names hundreds, and finding each from the body down walked the
  // switch's cases again every time.
  if (!/(?<![\w$])FWPS_(FIELD|LAYER)_/.test(body.text)) return [];
  return descendantsOf(body, 'identifier').filter((id) => EVIDENCE_PREFIX.test(id.text));
}

const EVIDENCE_PREFIX = /^FWPS_(FIELD|LAYER)_/;

/** `x->layerId == FWPS_LAYER_…` or `case FWPS_LAYER_…:` inside `switch (x->layerId)`. */
function isLayerIdTest(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (p.type === 'binary_expression' && /^(==|!=)$/.test(p.childForFieldName('operator')?.text ?? '')) {
    return /layerId/i.test(p.text);
  }
  if (p.type === 'case_statement') {
    for (let s = p.parent; s; s = s.parent)
      if (s.type === 'switch_statement') return /layerId/i.test(s.childForFieldName('condition')?.text ?? '');
  }
  return false;
}
