// One classify function serving several layers picks the layer's code by a branch: `switch
// (inFixedValues->layerId)`, `if (layerId == FWPS_LAYER_…)` / else, or per-layer FWPS_FIELD_*
// constants in the two arms of an if or the cases of a switch. A call in such a branch runs at
// that branch's layers only.
import type { Node } from '../parse/syntaxNode';
import { getLayer } from '../catalog';
import { layerFromFieldConstant } from './layers';
import { stripParens } from './values';

export interface BranchLayers {
  /** The call runs at one of these layers only (undefined: no branch says). */
  only?: Set<string>;
  /** The call never runs at these layers (the other cases, the else of a test). */
  not: Set<string>;
  /** `only` comes from field constants alone, not from a test of layerId. */
  byFields?: boolean;
}

/** Is `text` the layer id: `x->layerId`, or a local the function set from it (`UINT16 layer = v->layerId;`)? */
type IsLayerId = (text: string) => boolean;

function layerIdTest(def: Node): IsLayerId {
  const body = def.childForFieldName('body')?.text ?? '';
  return (text) => {
    if (/layerId/i.test(text)) return true;
    const name = text.trim();
    return /^\w+$/.test(name) && new RegExp(`\\b${name}\\s*=\\s*[^;=]*->\\s*layerId\\b`).test(body);
  };
}

/** `x->layerId == FWPS_LAYER_A` → A (op '=='), joined by `||` (for ==) or `&&` (for !=). */
function layerTest(cond: Node, op: '==' | '!=', isLayerId: IsLayerId): Set<string> | undefined {
  const n = stripParens(cond);
  if (n.type !== 'binary_expression') return undefined;
  const operator = n.childForFieldName('operator')?.text;
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  if (!left || !right) return undefined;
  if (operator === (op === '==' ? '||' : '&&')) {
    const a = layerTest(left, op, isLayerId);
    const b = layerTest(right, op, isLayerId);
    return a && b ? new Set([...a, ...b]) : undefined;
  }
  if (operator !== op) return undefined;
  const [name, other] = /^FWPS_LAYER_/.test(stripParens(right).text)
    ? [stripParens(right), left]
    : [stripParens(left), right];
  const layer = getLayer(name.text);
  return layer && isLayerId(stripParens(other).text) ? new Set([layer.id]) : undefined;
}

function caseValue(c: Node): string | undefined {
  const v = c.childForFieldName('value');
  return v ? getLayer(stripParens(v).text)?.id : undefined;
}

const statementsOf = (c: Node) =>
  c.namedChildren.filter(
    (s): s is Node => !!s && s.id !== c.childForFieldName('value')?.id && s.type !== 'comment',
  );

/** The layers selected by the case holding `caseNode` (with the empty cases stacked above it). */
function caseLayers(caseNode: Node, sw: Node): BranchLayers | undefined {
  const cases = (sw.childForFieldName('body')?.namedChildren ?? []).filter(
    (c): c is Node => c?.type === 'case_statement',
  );
  const at = cases.findIndex((c) => c.id === caseNode.id);
  if (at < 0) return undefined;
  if (!caseNode.childForFieldName('value')) {
    // default: every layer the other cases name is excluded.
    const valued = cases.filter((c) => c.childForFieldName('value'));
    const named = valued.map(caseValue);
    return named.every((v) => !!v) ? { not: new Set(named as string[]) } : undefined;
  }
  const only = new Set<string>();
  for (let i = at; i >= 0; i--) {
    if (i < at && statementsOf(cases[i]).length) break;
    if (!cases[i].childForFieldName('value')) return undefined;
    const v = caseValue(cases[i]);
    if (!v) return undefined;
    only.add(v);
  }
  return { only, not: new Set() };
}

/** Layers of the FWPS_FIELD_* constants under `n`, outside `skip` (the call itself). */
function fieldLayers(n: Node, skip: Node): Set<string> {
  const out = new Set<string>();
  if (!/FWPS_FIELD_/.test(n.text)) return out;
  for (const id of n.descendantsOfType('identifier')) {
    if (!id || (id.startIndex >= skip.startIndex && id.endIndex <= skip.endIndex)) continue;
    const layer = layerFromFieldConstant(id.text);
    if (layer) out.add(layer);
  }
  return out;
}

const disjoint = (a: Set<string>, b: Set<string>) => [...a].every((x) => !b.has(x));

/** Per-layer field constants in the two arms of an if, or in the cases of a switch, that do not overlap. */
function fieldBranch(branch: Node, siblings: Node[], call: Node): Set<string> | undefined {
  const mine = fieldLayers(branch, call);
  if (!mine.size || !siblings.length) return undefined;
  for (const s of siblings) {
    const theirs = fieldLayers(s, call);
    if (!theirs.size || !disjoint(mine, theirs)) return undefined;
  }
  return mine;
}

const EXITS = new Set(['return_statement', 'goto_statement', 'break_statement', 'continue_statement']);

/** The statement never falls through to the next one: `return;`, `goto Exit;`, `{ …; return; }`. */
function exits(statement: Node | null | undefined): boolean {
  if (!statement) return false;
  if (statement.type !== 'compound_statement') return EXITS.has(statement.type);
  const last = statement.namedChildren.filter((s) => s && s.type !== 'comment').pop();
  return !!last && EXITS.has(last.type);
}

/**
 * An early exit above the call in its block (`if (layerId == A) return;`, no else) leaves the
 * statements after it to the other layers, as an else would.
 */
function guardsAbove(n: Node, block: Node, isLayerId: IsLayerId): { eq: Set<string>[]; ne: Set<string>[] } {
  const out = { eq: [] as Set<string>[], ne: [] as Set<string>[] };
  for (const s of block.namedChildren) {
    if (!s || s.startIndex >= n.startIndex) break;
    if (s.type !== 'if_statement' || s.childForFieldName('alternative')) continue;
    if (!exits(s.childForFieldName('consequence'))) continue;
    const cond = s.childForFieldName('condition')!;
    const eq = layerTest(cond, '==', isLayerId);
    const ne = eq ? undefined : layerTest(cond, '!=', isLayerId);
    if (eq) out.eq.push(eq);
    if (ne) out.ne.push(ne);
  }
  return out;
}

export function branchLayers(call: Node, def: Node): BranchLayers {
  const result: BranchLayers = { not: new Set() };
  let byFields: Set<string> | undefined;
  const restrict = (only: Set<string>) => {
    result.only = result.only ? new Set([...result.only].filter((l) => only.has(l))) : new Set(only);
  };
  const isLayerId = layerIdTest(def);
  for (let n: Node = call; n.parent && n.id !== def.id; n = n.parent) {
    const p = n.parent;
    if (p.type === 'compound_statement') {
      const guards = guardsAbove(n, p, isLayerId);
      guards.eq.forEach((eq) => eq.forEach((l) => result.not.add(l)));
      guards.ne.forEach(restrict);
    } else if (p.type === 'if_statement' && n.id !== p.childForFieldName('condition')?.id) {
      const cond = p.childForFieldName('condition')!;
      const inThen = p.childForFieldName('consequence')?.id === n.id;
      const eq = layerTest(cond, '==', isLayerId);
      const ne = layerTest(cond, '!=', isLayerId);
      if (eq) {
        if (inThen) restrict(eq);
        else eq.forEach((l) => result.not.add(l));
      } else if (ne) {
        if (inThen) ne.forEach((l) => result.not.add(l));
        else restrict(ne);
      } else if (!byFields) {
        const other = inThen ? p.childForFieldName('alternative') : p.childForFieldName('consequence');
        byFields = other ? fieldBranch(n, [other], call) : undefined;
      }
    } else if (p.type === 'case_statement' && n.id !== p.childForFieldName('value')?.id) {
      const sw = p.parent?.parent;
      if (sw?.type !== 'switch_statement') continue;
      if (isLayerId(stripParens(sw.childForFieldName('condition') ?? sw).text)) {
        const c = caseLayers(p, sw);
        if (c?.only) restrict(c.only);
        c?.not.forEach((l) => result.not.add(l));
      } else if (!byFields) {
        const others = (sw.childForFieldName('body')?.namedChildren ?? []).filter(
          (c): c is Node => c?.type === 'case_statement' && c.id !== p.id && statementsOf(c).length > 0,
        );
        byFields = fieldBranch(p, others, call);
      }
    }
  }
  if (!result.only && byFields) {
    result.only = byFields;
    result.byFields = true;
  }
  return result;
}
