// What each function definition does, as plain data kept in the workspace index: its calls and
// how their arguments relate to its parameters and locals, what it stores where a caller can see
// it, what it returns, and whether it is a status test. callGraph.ts composes these bottom-up
// into what a function allocates, frees and injects through its helpers.
import type { Node } from '../parse/syntaxNode';
import type { SourceFile } from '../parse/document';
import { isQuietCall } from '../parse/treeMacros';
import { NON_OWNING_CALLS } from '../catalog';
import {
  calleeName,
  functionDeclarator,
  functionDefinitions,
  functionName,
  isClassifyShaped,
} from './functions';
import { conditionPolarity } from './statusTests';
import { statusBranches, type StatusBranch } from './statusBranch';
import { isNullLiteral, unwrap } from './values';
import type { FactPosition } from './factPosition';
import { descendantsOf } from './descendants';
import { declaredIdentifier, declaresLocal } from './declarators';

/** The call takes nothing it is given: a known logging or reading function, or a logging macro of the workspace. */
export function isNonOwningCall(name: string, at?: Node): boolean {
  return NON_OWNING_CALLS.test(name) || isQuietCall(name, at);
}

/**
 * Fields of an NBL (or a NET_BUFFER) that hold a value, not the packet: passing `nbl->Status` to a
 * call hands the NBL to nobody.
 */
export const VALUE_FIELD = /^\.(Status|NblFlags|Flags|ChildRefCount|DataLength|DataOffset)$/;

/**
 * How an expression relates to the function's own names: parameter `param` or local `local`,
 * then `path` (`.nbl` for `p->nbl` or `p.nbl`, `*` for `*p`), and whether its address is taken.
 */
export type Ref = ({ param: number } | { local: string }) & { path: string; addr: boolean };

export interface CallFact {
  callee: string;
  args: (Ref | null)[];
  /** The result is assigned to this local (`x = f(…)`, `T* x = f(…)`). */
  result?: string;
  /** The result is returned (`return f(…);`, or `status = f(…); … return status;`). */
  returned?: boolean;
  /** It runs only when a parameter's `Status` failed or succeeded (`if (!NT_SUCCESS(nbl->Status))`). */
  whenStatus?: StatusBranch;
  /** Position of the call relative to the start of the function (shifted with it). */
  rel: number;
  relLine: number;
}

export interface FunctionSummary extends FactPosition {
  name: string;
  uri: string;
  params: string[];
  /** Parameters declared `__drv_freesMem(…)`: the function frees what they point to. */
  freesMem: number[];
  calls: CallFact[];
  /** `*out = local;`, `p->nbl = local;`, `gList = p;`: values put where a caller can reach them (`from` null: not one name). */
  stores: { to: Ref | null; from: Ref | null }[];
  /** Locals assigned something other than NULL or a call's result: not just an allocation. */
  reassigned: string[];
  /** Locals returned (`return clone;`). */
  returns: string[];
  /** Something else is returned too (a parameter, a field, an expression): not only a local. */
  returnsOther?: boolean;
  /** `return NT_SUCCESS(p);` and kin: parameter `param` is a status, true means success. */
  statusTest?: { param: number; successWhenTrue: boolean };
  /** Declared `static`: callable from its own file only. */
  isStatic?: boolean;
  /** Has the classifyFn's parameters (a FWPS_CLASSIFY_OUT0 pointer). */
  classifyShaped?: boolean;
  /** What it decides for the packet through a parameter (a classifyOut): block, absorb. */
  actions?: ActionFact[];
  /**
   * Its first NdisRetreatNetBuffer(List)DataStart (or a call named for it), relative to its
   * start: the flow panel's "move the data start" in a helper or where a queued packet was
   * cloned. No rule reads it, so it is left out of the summary's signature.
   */
  retreat?: { rel: number; relLine: number };
}

/** NdisRetreatNetBuffer(List)DataStart, or a driver's macro or helper named for it (`RetreatPacketBuffer`). */
export function namesRetreat(callee: string): boolean {
  return /Retreat/.test(callee);
}

/**
 * `p->actionType = FWP_ACTION_BLOCK` (block) or `p->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB`
 * (absorb) on parameter `param`: how a classifyFn, or a helper it hands classifyOut to, drops the
 * original packet for an injected copy.
 */
export interface ActionFact {
  param: number;
  sets: 'block' | 'absorb';
  /** Position of the assignment relative to the start of the function (shifted with it). */
  rel: number;
  relLine: number;
}

/** The action facts of a body: assignments to a field of a parameter itself. */
function actionFacts(def: Node, nodes: BodyNodes, refs: RefResolver): ActionFact[] {
  const out: ActionFact[] = [];
  for (const a of nodes.assignments) {
    const left = a?.childForFieldName('left');
    const right = a?.childForFieldName('right');
    if (!a || !left || !right) continue;
    const to = refs.of(left);
    if (!to || !('param' in to) || to.addr) continue;
    const field = /^\.(\w+)$/.exec(to.path)?.[1];
    let sets: ActionFact['sets'] | undefined;
    if (field === 'actionType' && /\bFWP_ACTION_BLOCK\b/.test(right.text)) sets = 'block';
    else if (field === 'flags' && /\bFWPS_CLASSIFY_OUT_FLAG_ABSORB\b/.test(right.text)) sets = 'absorb';
    if (sets && !out.some((o) => o.param === to.param && o.sets === sets))
      out.push({
        param: to.param,
        sets,
        rel: a.startIndex - def.startIndex,
        relLine: a.startPosition.row - def.startPosition.row,
      });
  }
  return out;
}

/** The parameter list's text cut at top-level commas, from the original text (SAL included). */
function parameterChunks(file: SourceFile, def: Node): string[] {
  const list = functionDeclarator(def)?.childForFieldName('parameters');
  if (!list) return [];
  const text = file.text.slice(list.startIndex + 1, list.endIndex - 1);
  const chunks: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      chunks.push(text.slice(from, i));
      from = i + 1;
    }
  }
  chunks.push(text.slice(from));
  return chunks
    .map((c) => c.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ').trim())
    .filter((c) => c && c !== 'void' && c !== 'VOID');
}

/** SAL and old-style markers, which come before a parameter's type and are no names. */
const ANNOTATION =
  /\b_[A-Za-z]\w*_(\s*\([^()]*(\([^()]*\))?[^()]*\))?|\b__drv_\w+\s*(\([^()]*\))?|\b(IN|OUT|OPTIONAL)\b/g;

/** Each parameter's name ('' when it has none) and whether it is declared `__drv_freesMem`. */
export function parameterInfo(file: SourceFile, def: Node): { name: string; freesMem: boolean }[] {
  return parameterChunks(file, def).map((chunk) => {
    const bare = chunk
      .replace(ANNOTATION, ' ')
      .replace(/\[[^\]]*\]\s*$/, '')
      .trim();
    const words = bare.match(/[A-Za-z_]\w*/g) ?? [];
    // `PVOID` alone is a type without a name; `PVOID context` has one.
    const name = words.length >= 2 || /[*&]/.test(bare) ? (words[words.length - 1] ?? '') : '';
    return { name, freesMem: /\b__drv_freesMem\s*\(/.test(chunk) };
  });
}

/** Locals initialised from a parameter and never assigned again: `QUEUED* e = (QUEUED*)context;`. */
function parameterAliases(nodes: BodyNodes, params: string[], body: Node): Map<string, number> {
  const aliases = new Map<string, number>();
  const paramOf = (value: Node | null | undefined) => {
    const v = value && unwrap(value);
    return v?.type === 'identifier' ? params.indexOf(v.text) : -1;
  };
  // Each local's assignments: `ctx = (CTX*)context;` alone, after `CTX* ctx = NULL;`, aliases too.
  const assigned = new Map<string, number[]>();
  for (const a of nodes.assignments) {
    const left = a?.childForFieldName('left');
    if (left?.type !== 'identifier' || a?.childForFieldName('operator')?.text !== '=') {
      if (left?.type === 'identifier') assigned.set(left.text, [-1]);
      continue;
    }
    // Pushed, not copied: a status variable is assigned hundreds of times in a long function.
    const rights = assigned.get(left.text);
    const right = paramOf(a.childForFieldName('right'));
    if (rights) rights.push(right);
    else assigned.set(left.text, [right]);
  }
  for (const d of nodes.declarators) {
    const n = declaredIdentifier(d?.childForFieldName('declarator'));
    const value = d?.childForFieldName('value');
    if (!n || !value) continue;
    const later = assigned.get(n.text);
    const index = paramOf(value);
    if (!later && index >= 0) aliases.set(n.text, index);
    else if (later?.length === 1 && later[0] >= 0 && isNullLiteral(value)) aliases.set(n.text, later[0]);
  }
  // `CTX* ctx;` with no initializer, then its one assignment from the parameter.
  for (const [name, rights] of assigned)
    if (rights.length === 1 && rights[0] >= 0 && !aliases.has(name) && !params.includes(name)) {
      const initialized = nodes.declarators.some(
        (d) => declaredIdentifier(d?.childForFieldName('declarator'))?.text === name,
      );
      if (!initialized && declaresLocal(body, name)) aliases.set(name, rights[0]);
    }
  return aliases;
}

export class RefResolver {
  constructor(
    private readonly params: string[],
    private readonly aliases: Map<string, number>,
  ) {}

  /** The Ref of an expression, or null when it is not rooted in one name (a call, arithmetic). */
  of(expr: Node): Ref | null {
    let n = unwrap(expr);
    let path = '';
    let addr = false;
    if (n.type === 'pointer_expression' && n.text.startsWith('&')) {
      addr = true;
      n = unwrap(n.childForFieldName('argument')!);
    }
    for (;;) {
      if (n.type === 'identifier') {
        const p = this.params.indexOf(n.text);
        const alias = this.aliases.get(n.text);
        if (p >= 0) return { param: p, path, addr };
        if (alias !== undefined) return { param: alias, path, addr };
        return { local: n.text, path, addr };
      }
      if (n.type === 'field_expression') {
        path = `.${n.childForFieldName('field')?.text ?? ''}${path}`;
        n = unwrap(n.childForFieldName('argument')!);
      } else if (n.type === 'pointer_expression' && n.text.startsWith('*')) {
        path = `*${path}`;
        n = unwrap(n.childForFieldName('argument')!);
      } else return null;
    }
  }
}

/** The variable an argument expression is rooted in: `p->nbl` → `p`, `(PVOID)x` → `x`. */
export function rootIdentifier(expr: Node): string | undefined {
  let n = unwrap(expr);
  for (;;) {
    if (n.type === 'identifier') return n.text;
    const next =
      n.childForFieldName('argument') ?? (n.type === 'pointer_expression' ? n.namedChild(0) : null);
    if (!next) return undefined;
    n = unwrap(next);
  }
}

/** A value through its parentheses and casts: the node whose id a call's result is known by. */
function valueNode(n: Node): Node {
  return unwrap(n);
}

/** valueNode, and of `c ? f(…) : g(…)` each arm's: either call's result is the value. */
function valueNodes(n: Node): Node[] {
  const v = valueNode(n);
  if (v.type !== 'conditional_expression') return [v];
  const arms = [v.childForFieldName('consequence'), v.childForFieldName('alternative')];
  return arms.flatMap((a) => (a ? valueNodes(a) : []));
}

/**
 * Where the results of calls go, by the call's node id: the receiving expression of
 * `x = call(…)`, `T x = call(…)`, and which calls are returned. Found top-down, because asking
 * each call for its parent costs the depth of the tree in web-tree-sitter.
 */
export function callResults(
  body: Node,
  nodes: BodyNodes = bodyNodes(body),
): { targets: Map<number, Node>; returned: Set<number> } {
  const targets = new Map<number, Node>();
  const returned = new Set<number>();
  for (const a of nodes.assignments) {
    const right = a?.childForFieldName('right');
    const left = a?.childForFieldName('left');
    if (a && right && left && a.childForFieldName('operator')?.text === '=')
      for (const v of valueNodes(right)) targets.set(v.id, left);
  }
  for (const d of nodes.declarators) {
    const value = d?.childForFieldName('value');
    const n = declaredIdentifier(d?.childForFieldName('declarator'));
    if (value && n) for (const v of valueNodes(value)) targets.set(v.id, n);
  }
  for (const r of nodes.returns) {
    const value = r?.namedChild(0);
    if (value) for (const v of valueNodes(value)) returned.add(v.id);
  }
  return { targets, returned };
}

const TRUE_VALUE = /^(TRUE|true|1)$/;
const FALSE_VALUE = /^(FALSE|false|0)$/;

/** Every return under `n` returns a literal of `value` (at least one return). */
function allReturn(n: Node | null | undefined, value: RegExp): boolean {
  const returns = n?.descendantsOfType('return_statement') ?? [];
  return returns.length > 0 && returns.every((r) => value.test(r?.namedChild(0)?.text ?? ''));
}

/** `if (!NT_SUCCESS(status)) { …; return FALSE; } else { …; return TRUE; }` as the whole answer. */
function ifElseStatusTest(last: Node, before: Node[], params: string[]): FunctionSummary['statusTest'] {
  const cond = last.childForFieldName('condition');
  const cons = last.childForFieldName('consequence');
  const alt = last.childForFieldName('alternative');
  if (!cond || !alt || before.some((s) => s.descendantsOfType('return_statement').length)) return undefined;
  for (let i = 0; i < params.length; i++) {
    const failing = params[i] ? conditionPolarity(cond, params[i]) : undefined;
    if (failing === undefined) continue;
    const [onFailure, onSuccess] = failing ? [cons, alt] : [alt, cons];
    if (allReturn(onFailure, FALSE_VALUE) && allReturn(onSuccess, TRUE_VALUE))
      return { param: i, successWhenTrue: true };
    if (allReturn(onFailure, TRUE_VALUE) && allReturn(onSuccess, FALSE_VALUE))
      return { param: i, successWhenTrue: false };
    return undefined;
  }
  return undefined;
}

/**
 * `return NT_SUCCESS(status);`, `if (!NT_SUCCESS(status)) { …; return FALSE; } return TRUE;`, or
 * the same with the success return in an else.
 */
function statusTestOf(body: Node, params: string[]): FunctionSummary['statusTest'] {
  const stmts = body.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const last = stmts[stmts.length - 1];
  if (last?.type === 'if_statement') return ifElseStatusTest(last, stmts.slice(0, -1), params);
  if (last?.type !== 'return_statement') return undefined;
  const value = last.namedChild(0);
  if (!value) return undefined;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (!p) continue;
    const polarity = conditionPolarity(value, p);
    if (polarity !== undefined) {
      // Nothing before the return may decide the answer otherwise.
      if (stmts.slice(0, -1).some((s) => s.descendantsOfType('return_statement').length)) return undefined;
      return { param: i, successWhenTrue: !polarity };
    }
    // `if (FAILED) { …; return FALSE; } return TRUE;`
    if (stmts.length >= 2 && TRUE_VALUE.test(value.text)) {
      const test = stmts[stmts.length - 2];
      const cond = test.type === 'if_statement' ? test.childForFieldName('condition') : null;
      const failing = cond ? conditionPolarity(cond, p) : undefined;
      if (
        failing === true &&
        !test.childForFieldName('alternative') &&
        allReturn(test.childForFieldName('consequence'), FALSE_VALUE)
      ) {
        if (stmts.slice(0, -2).some((s) => s.descendantsOfType('return_statement').length)) return undefined;
        return { param: i, successWhenTrue: true };
      }
    }
  }
  return undefined;
}

/** The nodes of a body the summary reads, found in one walk. */
export interface BodyNodes {
  calls: Node[];
  assignments: Node[];
  declarators: Node[];
  returns: Node[];
}

const BODY_TYPES = ['call_expression', 'assignment_expression', 'init_declarator', 'return_statement'];

export function bodyNodes(body: Node): BodyNodes {
  const out: BodyNodes = { calls: [], assignments: [], declarators: [], returns: [] };
  for (const n of descendantsOf(body, BODY_TYPES)) {
    if (!n) continue;
    if (n.type === 'call_expression') out.calls.push(n);
    else if (n.type === 'assignment_expression') out.assignments.push(n);
    else if (n.type === 'init_declarator') out.declarators.push(n);
    else out.returns.push(n);
  }
  return out;
}

/** The locals a `return` gives back, such as a status: `status = f(…); … return status;`. */
export function returnedStatusLocals(nodes: BodyNodes): Set<string> {
  const out = new Set<string>();
  for (const r of nodes.returns) {
    const v = r?.namedChild(0);
    if (v && unwrap(v).type === 'identifier') out.add(unwrap(v).text);
  }
  return out;
}

export function summarizeFunctions(file: SourceFile, root?: Node): FunctionSummary[] {
  const out: FunctionSummary[] = [];
  if (!file.tree) return out;
  for (const def of functionDefinitions(root ?? file.tree.rootNode)) {
    const name = functionName(def);
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    const info = parameterInfo(file, def);
    const params = info.map((p) => p.name);
    const nodes = bodyNodes(body);
    const refs = new RefResolver(params, parameterAliases(nodes, params, body));
    const returnedLocals = returnedStatusLocals(nodes);
    const results = callResults(body, nodes);
    const branches = statusBranches(body, nodes, params);
    const calls: CallFact[] = [];
    let retreat: FunctionSummary['retreat'];
    for (const call of nodes.calls) {
      const callee = calleeName(call?.childForFieldName('function'));
      if (call && callee && !retreat && namesRetreat(callee))
        retreat = {
          rel: call.startIndex - def.startIndex,
          relLine: call.startPosition.row - def.startPosition.row,
        };
      if (!call || !callee || isNonOwningCall(callee, call)) continue;
      const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
        (a): a is Node => !!a && a.type !== 'comment',
      );
      const target = results.targets.get(call.id);
      const result = target?.type === 'identifier' ? target.text : undefined;
      const fact: CallFact = {
        callee,
        args: args.map((a) => refs.of(a)),
        rel: call.startIndex - def.startIndex,
        relLine: call.startPosition.row - def.startPosition.row,
      };
      if (result) fact.result = result;
      if (results.returned.has(call.id) || (result && returnedLocals.has(result))) fact.returned = true;
      const branch = branches.get(call.id);
      if (branch) fact.whenStatus = branch;
      calls.push(fact);
    }
    const stores: FunctionSummary['stores'] = [];
    const reassigned = new Set<string>();
    for (const a of nodes.assignments) {
      const left = a?.childForFieldName('left');
      const right = a?.childForFieldName('right');
      if (!a || !left || !right || a.childForFieldName('operator')?.text !== '=') continue;
      const value = unwrap(right);
      if (isNullLiteral(value)) continue;
      const to = refs.of(left);
      const toParam = !!to && 'param' in to;
      // `*out = f(…)`: something other than a local reaches the caller there.
      if (value.type === 'call_expression') {
        if (toParam) stores.push({ to, from: null });
        continue;
      }
      if (to && 'local' in to && !to.path) reassigned.add(to.local);
      const from = refs.of(value);
      if ((from || toParam) && !(to && 'local' in to && !to.path)) stores.push({ to, from });
    }
    const returns = new Set<string>();
    let returnsOther = false;
    for (const r of nodes.returns) {
      const v = r?.namedChild(0);
      const ref = v ? refs.of(v) : null;
      if (ref && 'local' in ref && !ref.path && !ref.addr) returns.add(ref.local);
      else if (v && !isNullLiteral(v) && unwrap(v).type !== 'call_expression') returnsOther = true;
    }
    const summary: FunctionSummary = {
      name,
      uri: file.uri,
      start: def.startIndex,
      line: def.startPosition.row,
      params,
      freesMem: info.flatMap((p, i) => (p.freesMem ? [i] : [])),
      calls,
      stores,
      reassigned: [...reassigned].sort(),
      returns: [...returns].sort(),
    };
    const test = statusTestOf(body, params);
    if (test) summary.statusTest = test;
    if (def.children.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static'))
      summary.isStatic = true;
    if (returnsOther) summary.returnsOther = true;
    if (isClassifyShaped(def)) summary.classifyShaped = true;
    const actions = actionFacts(def, nodes, refs);
    if (actions.length) summary.actions = actions;
    if (retreat) summary.retreat = retreat;
    out.push(summary);
  }
  return out;
}

/** What a completion function does with the NBL it is given back. */
export type CompletionVerdict = 'frees' | 'freesOnFailure' | 'handsOn' | 'neverFrees' | 'unknown';

/** Parameter `param` itself or a field of it that is not a plain value (`nbl->Status`). */
function touches(ref: Ref | null, param: number): boolean {
  return !!ref && 'param' in ref && ref.param === param && !VALUE_FIELD.test(ref.path);
}

/**
 * Everything the completion function does with its NBL (parameter 1) runs only when the NBL's
 * `Status` failed: a packet injected successfully is never freed. Not claimed when the context
 * (parameter 0) may lead to the NBL: it is freed as an NBL, or something it is given frees one.
 */
function freesOnlyOnFailure(s: FunctionSummary, frees: { param: number; resource: string }[]): boolean {
  const onFailure = (c: CallFact) => c.whenStatus?.param === 1 && c.whenStatus.failed;
  const withNbl = s.calls.filter((c) => c.args.some((a) => touches(a, 1)));
  if (!withNbl.length || !withNbl.every(onFailure)) return false;
  if (s.stores.some((st) => touches(st.from, 1))) return false;
  const contextFreesNbl = frees.some((f) => f.param === 0 && (f.resource === 'nbl' || f.resource === 'any'));
  return !contextFreesNbl || s.calls.filter((c) => c.args.some((a) => touches(a, 0))).every(onFailure);
}

/** One verdict for WFP2005 and the flow panel. Passing the context on counts as cleanup too. */
export function completionVerdict(e: {
  summary: FunctionSummary;
  freesSomething: boolean;
  frees: { param: number; resource: string }[];
  passes: number[];
}): CompletionVerdict {
  if (e.summary.params.length !== 3) return 'unknown';
  if (e.freesSomething || e.frees.some((f) => f.param <= 1))
    return freesOnlyOnFailure(e.summary, e.frees) ? 'freesOnFailure' : 'frees';
  if (e.passes.includes(1) || e.passes.includes(0)) return 'handsOn';
  return 'neverFrees';
}
