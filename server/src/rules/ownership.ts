// WFP2001, WFP2002, WFP2004, WFP2005, WFP2007: NBL ownership across injection calls (direct or through the
// project's wrappers), with the free-on-failure quick fixes.
import type { Node } from '../parse/syntaxNode';
import { lifecycleOf } from '../catalog';
import { enclosingFunctionOf, type CallSite } from '../analysis/calls';
import { nblText, pairedFreeName, type ChainStep } from '../analysis/nbl';
import { wrapperInjections } from '../analysis/helperCalls';
import { NblOrigins } from '../analysis/nblOrigins';
import {
  failurePath,
  freeOnSuccessPath,
  nblArgument,
  statusUse,
  type StatusUse,
} from '../analysis/ownership';
import { completionVerdict, isNonOwningCall, rootIdentifier } from '../analysis/summaries';
import { isNullLiteral, namedFunction, unwrap } from '../analysis/values';
import { completionFreesPacket } from '../analysis/projectFrees';
import { freeCall } from './freeCall';
import type { SourceFile } from '../parse/document';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { finding } from './finding';
import { cleanupLabelFix } from './cleanupLabelFix';
import { onlyAllocatedAndInjected } from '../analysis/cleanupLabel';
import { packetPartLeaks } from './packetParts';
import { contextFreesWithNbl, contextLeakOnFailure } from './contextOnFailure';
import { callName, chainText, type Owned } from './owned';
import { switchDefaultFix } from './switchFix';
import { block, detectStyle, lineIndent, type Style } from './style';
import type { Finding, Fix, RelatedLocation, Rule } from './types';
import { declaresLocal } from '../analysis/declarators';
import { fieldWrapperLeaks, fieldWrapperOnFailure, ownedFieldWrappers } from './fieldWrapperLeaks';

/** ownedInjections per list of calls: the ownership rules, the completion rule and their fixes all ask. */
const ownedByCalls = new WeakMap<
  CallSite[],
  { file: SourceFile; index: WorkspaceIndex; generation: number; owned: Owned[] }
>();

/** Injection calls (direct or through a wrapper) whose NBL this code allocated (so it is ours again when the call fails). */
export function ownedInjections(file: SourceFile, calls: CallSite[], index: WorkspaceIndex): Owned[] {
  const known = ownedByCalls.get(calls);
  if (known && known.file === file && known.index === index && known.generation === index.generation)
    return known.owned;
  const owned = findOwnedInjections(file, calls, index);
  ownedByCalls.set(calls, { file, index, generation: index.generation, owned });
  return owned;
}

function findOwnedInjections(file: SourceFile, calls: CallSite[], index: WorkspaceIndex): Owned[] {
  const out: Owned[] = [];
  const candidates: {
    base: Omit<Owned, 'origin' | 'body' | 'nbl' | 'allocation' | 'allocatedVia' | 'allocatedParts'>;
    nbl: Node | undefined;
    def: Node;
  }[] = [];
  for (const site of calls) {
    if (!site.fn.injection || site.args.length !== site.fn.params.length || !site.enclosingFunction) continue;
    const completion = site.args[site.fn.params.findIndex((p) => p.role === 'completionFn')];
    const context = site.args[site.fn.params.findIndex((p) => p.role === 'completionContext')];
    candidates.push({
      base: {
        call: site.call,
        nameNode: site.nameNode,
        fn: site.fn.name,
        written: site.written,
        ...(completion ? { completion } : {}),
        ...(context ? { context } : {}),
      },
      nbl: nblArgument(site),
      def: site.enclosingFunction,
    });
  }
  for (const w of wrapperInjections(file.tree!.rootNode, index, file)) {
    candidates.push({
      base: {
        call: w.call,
        nameNode: w.nameNode,
        fn: w.fn,
        written: w.fn,
        wrapper: { name: w.wrapper, via: w.via },
      },
      nbl: w.nbl,
      def: w.enclosingFunction,
    });
  }
  const origins = new NblOrigins(file, calls, index);
  for (const { base, nbl, def } of candidates) {
    const body = def.childForFieldName('body');
    // A half-typed NBL argument is not judged: its text would end up in the fix.
    if (!nbl || nbl.hasError || !body) continue;
    const known = origins.at(def, nbl, base.call.startIndex);
    if (!known) continue;
    const allocation = known.allocation;
    out.push({
      ...base,
      nbl,
      origin: known.origin,
      body,
      ...(allocation
        ? {
            allocation: allocation.call,
            ...(allocation.via ? { allocatedVia: allocation.via } : {}),
            ...(allocation.parts ? { allocatedParts: allocation.parts } : {}),
          }
        : {}),
    });
  }
  return out.sort((a, b) => a.call.startIndex - b.call.startIndex);
}

function freeStatement(file: SourceFile, o: Owned, index: WorkspaceIndex): string {
  const nbl = o.nbl.text;
  // A packet built over an MDL and a buffer: the completion routine frees all of it.
  const completion = o.completion?.type === 'identifier' ? o.completion.text : undefined;
  if (
    o.origin === 'allocated' &&
    completion &&
    o.context &&
    !isNullLiteral(o.context) &&
    completionFreesPacket(index, completion, o.origin)
  ) {
    return `${completion}(${o.context.text}, ${nbl}, FALSE);`;
  }
  return freeCall(file, index, {
    origin: o.origin,
    nbl,
    written: o.written,
    helperMade: !!o.allocatedVia,
    at: o.call.startIndex,
  });
}

function related(file: SourceFile, o: Owned, index: WorkspaceIndex): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (o.allocation) {
    const how = o.allocatedVia ? `allocated in ${chainText(o.allocatedVia)}` : 'allocated here';
    out.push({
      uri: file.uri,
      start: o.allocation.startIndex,
      end: o.allocation.endIndex,
      line: o.allocation.startPosition.row,
      message: `NBL ${how} (${o.origin})`,
    });
    for (const s of o.allocatedVia?.slice(1) ?? [])
      out.push({
        uri: s.uri,
        start: s.start,
        end: s.start,
        line: s.line,
        message: `${s.fn} allocates it here`,
      });
  }
  for (const s of o.wrapper?.via.slice(1) ?? [])
    out.push({
      uri: s.uri,
      start: s.start,
      end: s.start,
      line: s.line,
      message: `${s.fn} is called here; ${o.wrapper!.name} returns its status`,
    });
  const completionName = o.completion && namedFunction(o.completion)?.text;
  const completion = completionName ? index.functionSummary(completionName) : undefined;
  if (completion)
    out.push({
      uri: completion.uri,
      start: completion.start,
      end: completion.start,
      line: completion.line,
      message: 'completion function (runs only on STATUS_SUCCESS)',
    });
  return out;
}

/**
 * `nbl = NULL;` to follow an in-branch free when code after the status test still mentions the
 * NBL (a cleanup label that tests or frees it, a helper given it): a freed pointer left there
 * would be freed or used again. Not after a branch that returns, and only for a plain variable
 * or field, which can be assigned.
 */
function clearAfterFree(o: Owned, branch: Node | undefined, after: number): string[] {
  if (o.nbl.type !== 'identifier' && o.nbl.type !== 'field_expression') return [];
  if (branch && endsInReturn(branch)) return [];
  // `ctx->nbl` where `ctx` is the completion context: the free may be the completion function,
  // which frees `ctx` too; nothing may be written into it after that.
  const base = o.nbl.type === 'field_expression' ? rootIdentifier(o.nbl) : undefined;
  if (base && o.context && rootIdentifier(o.context) === base) return [];
  const rest = o.body.text.slice(Math.max(0, after - o.body.startIndex));
  const name = o.nbl.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.>])${name}(?!\\w)`).test(rest) ? [`${o.nbl.text} = NULL;`] : [];
}

function endsInReturn(branch: Node): boolean {
  const last =
    branch.type === 'compound_statement'
      ? branch.namedChildren.filter((c) => !!c && c.type !== 'comment').pop()
      : branch;
  return last?.type === 'return_statement';
}

/** The NTSTATUS variable of the function, or a declaration to add. */
function statusVariable(file: SourceFile, body: Node, style: Style): { name: string; edits: Fix['edits'] } {
  const decl = body
    .descendantsOfType('declaration')
    .find((d) => d?.childForFieldName('type')?.text === 'NTSTATUS');
  const declarator = decl?.childForFieldName('declarator');
  const name =
    declarator?.type === 'init_declarator'
      ? declarator.childForFieldName('declarator')?.text
      : declarator?.text;
  if (name && /^\w+$/.test(name)) return { name, edits: [] };
  const at = body.startIndex + 1;
  const first = body.namedChildren.find((c) => !!c && c.type !== 'comment');
  const indent = first ? lineIndent(file, first.startIndex) : lineIndent(file, body.startIndex) + style.unit;
  return {
    name: 'status',
    edits: [{ start: at, end: at, newText: `${style.eol}${indent}NTSTATUS status;` }],
  };
}

/** The preferred fix: put the free where a failure is already handled, or add the check. */
function freeOnFailureFix(
  file: SourceFile,
  o: Owned,
  use: StatusUse,
  index: WorkspaceIndex,
  also: string[] = [],
): Fix | undefined {
  const style = detectStyle(file, o.body);
  const free = freeStatement(file, o, index);
  const title = `Free the NBL on failure (${free.replace(/\(.*$/, '')})${also.length ? ' and its completion context' : ''}`;
  if (use.kind === 'tested') {
    const test = use.test;
    if (test.type === 'switch_statement')
      return switchDefaultFix(
        file,
        test,
        [free, ...also, ...clearAfterFree(o, undefined, test.endIndex)],
        title,
        style.eol,
      );
    // `NT_SUCCESS(s) ? a : b;`: rewriting the ternary is not clearly right; no fix.
    if (test.type !== 'if_statement') return undefined;
    const indent = lineIndent(file, test.startIndex);
    const branch = use.failureWhenTrue
      ? test.childForFieldName('consequence')
      : test.childForFieldName('alternative')?.namedChildren.find((c) => !!c && c.type !== 'comment');
    if (!branch) {
      if (use.failureWhenTrue) return undefined;
      // `if (NT_SUCCESS(status)) { … }` with no else: add one.
      const cons = test.childForFieldName('consequence')!;
      const elseText = style.braceOnOwnLine ? `${style.eol}${indent}else` : ' else';
      const lines = [free, ...also, ...clearAfterFree(o, undefined, test.endIndex)];
      return {
        title,
        preferred: true,
        safe: true,
        edits: [
          { start: cons.endIndex, end: cons.endIndex, newText: elseText + block(style, indent, lines) },
        ],
      };
    }
    const lines = [free, ...also, ...clearAfterFree(o, branch, test.endIndex)];
    if (branch.type === 'compound_statement') {
      const first = branch.namedChildren.find((c) => !!c && c.type !== 'comment');
      const inner = first ? lineIndent(file, first.startIndex) : indent + style.unit;
      const at = branch.startIndex + 1;
      return {
        title,
        preferred: true,
        safe: true,
        edits: [{ start: at, end: at, newText: lines.map((l) => `${style.eol}${inner}${l}`).join('') }],
      };
    }
    // A single statement (`return status;`, `goto Exit;`): wrap it in a block with the free.
    const start = use.failureWhenTrue
      ? test.childForFieldName('condition')!.endIndex
      : test.childForFieldName('alternative')!.startIndex + 'else'.length;
    return {
      title,
      preferred: true,
      safe: true,
      edits: [{ start, end: branch.endIndex, newText: block(style, indent, [...lines, branch.text]) }],
    };
  }
  if (use.kind === 'ignored' || use.kind === 'untested') {
    const stmt = use.stmt;
    const indent = lineIndent(file, stmt.startIndex);
    const edits: Fix['edits'] = [];
    let name: string;
    if (use.kind === 'ignored') {
      const v = statusVariable(file, o.body, style);
      name = v.name;
      edits.push(...v.edits, { start: stmt.startIndex, end: stmt.startIndex, newText: `${name} = ` });
    } else {
      name = use.variable;
    }
    const lines = [free, ...also, ...clearAfterFree(o, undefined, stmt.endIndex)];
    edits.push({
      start: stmt.endIndex,
      end: stmt.endIndex,
      newText: `${style.eol}${indent}if (!NT_SUCCESS(${name}))${block(style, indent, lines)}`,
    });
    return { title, preferred: true, safe: true, edits };
  }
  return undefined;
}

/**
 * `return FwpsInject…(…, clone, …);` where `clone` is this function's own local, allocated here
 * and used for nothing else: no caller can free it when the injection fails.
 */
function ownLocalLost(o: Owned, ret: Node): boolean {
  if (!o.allocation || ret.type !== 'return_statement') return false;
  if (o.nbl.type === 'field_expression') return privateRecordLost(o);
  if (o.nbl.type !== 'identifier') return false;
  const name = o.nbl.text;
  return declaresLocal(o.body, name) && onlyAllocatedAndInjected(o.body, name, o.call);
}

/**
 * `ctx->nbl` where `ctx` is this function's own record from the pool, used for nothing but its
 * fields, the catalog's allocations and frees, and the injection (as the NBL's holder or the
 * completion context): when the injection fails, no caller can reach the record, nor the NBL.
 */
function privateRecordLost(o: Owned): boolean {
  const base = unwrap(o.nbl.childForFieldName('argument') ?? o.nbl);
  if (base.type !== 'identifier' || !declaresLocal(o.body, base.text)) return false;
  const name = base.text;
  let fromPool = false;
  for (const id of o.body.descendantsOfType('identifier')) {
    if (!id || id.text !== name) continue;
    if (id.startIndex >= o.call.startIndex && id.endIndex <= o.call.endIndex) continue;
    if (id.startIndex > o.call.endIndex) return false;
    let p = id.parent;
    while (
      p?.type === 'parenthesized_expression' ||
      p?.type === 'cast_expression' ||
      p?.type === 'pointer_declarator'
    )
      p = p.parent;
    if (!p) return false;
    if (p.type === 'declaration') continue;
    const assigned = p.type === 'assignment_expression' && p.childForFieldName('left')?.id === id.id;
    const value = p.type === 'init_declarator' ? p.childForFieldName('value') : undefined;
    if (p.type === 'init_declarator' || assigned) {
      const given = assigned ? p.childForFieldName('right') : value;
      if (!given) continue;
      const call = unwrap(given);
      const made =
        call.type === 'call_expression'
          ? lifecycleOf(call.childForFieldName('function')?.text ?? '')
          : undefined;
      if (isNullLiteral(given)) continue;
      if (made?.allocates?.into !== 'return') return false;
      fromPool = true;
      continue;
    }
    if (p.type === 'unary_expression' || p.type === 'condition_clause' || p.type === 'if_statement') continue;
    if (
      p.type === 'binary_expression' &&
      p.namedChildren.some((c) => !!c && c.id !== id.id && isNullLiteral(c))
    )
      continue;
    // A field's value may go anywhere but the NBL's to unknown code; a field's address or the
    // record itself only to the catalog's allocations and frees (`InsertTailList(&q, &r->link)`
    // hands the record on).
    let use: Node = id;
    while (
      (use.parent?.type === 'field_expression' && use.parent.childForFieldName('argument')?.id === use.id) ||
      (use.parent?.type === 'pointer_expression' && use.parent.text.startsWith('*'))
    )
      use = use.parent;
    const addressed = use.parent?.type === 'pointer_expression' && use.parent.text.startsWith('&');
    if (addressed) use = use.parent!;
    const holder = use.parent;
    if (holder?.type !== 'argument_list') {
      if (use !== id) continue;
      return false;
    }
    const callee = holder.parent?.childForFieldName('function')?.text ?? '';
    const life = lifecycleOf(callee);
    if (life?.allocates || life?.frees || isNonOwningCall(callee, holder)) continue;
    if (use !== id && !addressed && nblText(use) !== nblText(o.nbl)) continue;
    return false;
  }
  return fromPool;
}

/** `return X(…);` → `status = X(…);` + free on failure + `return status;` (in a block only). */
function returnedStatusFix(
  file: SourceFile,
  o: Owned,
  ret: Node,
  index: WorkspaceIndex,
  also: string[] = [],
): Fix | undefined {
  const value = ret.namedChild(0);
  if (
    !value ||
    ret.parent?.type !== 'compound_statement' ||
    value.startIndex > o.call.startIndex ||
    value.endIndex < o.call.endIndex
  )
    return undefined;
  const style = detectStyle(file, o.body);
  const v = statusVariable(file, o.body, style);
  const indent = lineIndent(file, ret.startIndex);
  const free = freeStatement(file, o, index);
  const text = `${v.name} = ${value.text};${style.eol}${indent}if (!NT_SUCCESS(${v.name}))${block(style, indent, [free, ...also])}${style.eol}${indent}return ${v.name};`;
  return {
    title: `Free the NBL on failure (${free.replace(/\(.*$/, '')})${also.length ? ' and its completion context' : ''}`,
    preferred: true,
    safe: true,
    edits: [...v.edits, { start: ret.startIndex, end: ret.endIndex, newText: text }],
  };
}

/**
 * For an injection whose function hands its status back: how the calls of this file that reach it
 * through wrappers handle a failure. `freed` when every such call frees (or hands on) the NBL on
 * failure, `leaked` when one does not; undefined when none is seen or one cannot be followed.
 */
export function callersOnFailure(
  file: SourceFile,
  calls: CallSite[],
  index: WorkspaceIndex,
  site: Pick<CallSite, 'call'>,
): { verdict: 'freed' | 'leaked'; caller: WrapperCaller } | undefined {
  // The chain ends at one injection of the wrapper; its others of the same NBL share the verdict
  // (`InjectNbl` sends or receives `bufferList` by direction, and returns the status of either).
  const def = enclosingFunctionOf(site.call);
  const nblAt = (start: number) => {
    const c = calls.find((x) => x.call.startIndex === start && x.fn.injection);
    const n = c && nblArgument(c);
    return n ? nblText(n) : undefined;
  };
  const mine = nblAt(site.call.startIndex);
  const sameWrapperInjection = (last: ChainStep | undefined) =>
    !!last &&
    !!def &&
    !!mine &&
    last.uri === file.uri &&
    last.start >= def.startIndex &&
    last.start < def.endIndex &&
    nblAt(last.start) === mine;
  const reaches = (via: ChainStep[]) =>
    via.some((s) => s.uri === file.uri && s.start === site.call.startIndex) ||
    sameWrapperInjection(via[via.length - 1]);
  let freed: WrapperCaller | undefined;
  for (const o of ownedInjections(file, calls, index)) {
    if (!o.wrapper || !reaches(o.wrapper.via)) continue;
    const caller = { wrapper: o.wrapper.name, body: o.body, nameNode: o.nameNode };
    const use = statusUse(o, o.body, index);
    // A wrapper of the wrapper hands it on again: the calls of that one decide.
    if (use.kind === 'returned' && !(use.ret && ownLocalLost(o, use.ret))) continue;
    if (use.kind !== 'tested') return use.kind === 'unknown' ? undefined : { verdict: 'leaked', caller };
    const r = failurePath(use, o.nbl, o.body, index);
    if (r === 'leaked') return { verdict: 'leaked', caller };
    if (r !== 'freed') return undefined;
    freed ??= caller;
  }
  // Wrappers given the record that holds the NBL (`Inject(&entry->io)`).
  for (const o of ownedFieldWrappers(file, index)) {
    if (!reaches(o.via)) continue;
    const caller = { wrapper: o.wrapper, body: o.body, nameNode: o.nameNode };
    const r = fieldWrapperOnFailure(o, index);
    if (r === 'returned') continue;
    if (r === 'leaked') return { verdict: 'leaked', caller };
    if (r !== 'freed') return undefined;
    freed ??= caller;
  }
  return freed ? { verdict: 'freed', caller: freed } : undefined;
}

/** A call that reaches an injection through a wrapper returning its status. */
export interface WrapperCaller {
  wrapper: string;
  body: Node;
  nameNode: Node;
}

export const ownershipRules: Rule = ({ file, calls, index, scope }) => {
  const out: Finding[] = [];
  for (const o of ownedInjections(file, calls, index)) {
    const use = statusUse(o, o.body, index);
    const rel = related(file, o, index);
    const name = o.nameNode;
    if (use.kind === 'ignored' || use.kind === 'untested') {
      const fix = freeOnFailureFix(file, o, use, index, contextFreesWithNbl(o, use, index));
      out.push(
        finding(
          'WFP2001',
          use.kind === 'ignored'
            ? `The status of ${callName(o)} is ignored: when it fails the completion function never runs and \`${o.nbl.text}\` leaks. Check it and free the NBL on failure.`
            : `\`${use.variable}\` from ${callName(o)} is never tested: when the call fails the completion function never runs and \`${o.nbl.text}\` leaks.`,
          name.startIndex,
          name.endIndex,
          { related: rel, fixes: fix ? [fix] : [] },
        ),
      );
      continue;
    }
    if (use.kind === 'returned' && use.stmt && use.ret && ownLocalLost(o, use.ret)) {
      // `return FwpsInject…(…);` is rewritten; `status = FwpsInject…(…); … return status;` gets its test.
      let fix: Fix | undefined;
      if (use.ret === use.stmt)
        fix = returnedStatusFix(file, o, use.ret, index, contextFreesWithNbl(o, use, index));
      else if (use.variable)
        fix = freeOnFailureFix(
          file,
          o,
          { kind: 'untested', stmt: use.stmt, variable: use.variable },
          index,
          contextFreesWithNbl(o, use, index),
        );
      out.push(
        finding(
          'WFP2002',
          `\`${o.nbl.text}\` leaks when ${callName(o)} fails: the status goes back to the caller, which cannot reach \`${o.nbl.text}\`, and the completion function only runs on STATUS_SUCCESS. Free it here with ${pairedFreeName(o.origin)} when the call fails.`,
          name.startIndex,
          name.endIndex,
          { related: rel, fixes: fix ? [fix] : [] },
        ),
      );
      continue;
    }
    if (use.kind !== 'tested') continue;
    if (failurePath(use, o.nbl, o.body, index) === 'leaked') {
      const withNbl = contextFreesWithNbl(o, use, index);
      const inBranch = freeOnFailureFix(file, o, use, index, withNbl);
      // The label frees only what it tests; a context that leaks too is freed in the branch.
      const inLabel = withNbl.length
        ? undefined
        : cleanupLabelFix(file, use, o.nbl, o.call, o.body, index, freeStatement(file, o, index));
      // The label fix leads when the label already does the function's cleanup.
      if (inBranch && inLabel) inBranch.preferred = !inLabel.preferred;
      else if (inLabel) inLabel.preferred = true;
      const fixes = [inBranch, inLabel]
        .filter((f): f is Fix => !!f)
        .sort((a, b) => Number(!!b.preferred) - Number(!!a.preferred));
      out.push(
        finding(
          'WFP2002',
          `\`${o.nbl.text}\` leaks when ${callName(o)} fails: the completion function only runs on STATUS_SUCCESS, so the failure path must free it with ${pairedFreeName(o.origin)}.`,
          name.startIndex,
          name.endIndex,
          { related: rel, fixes },
        ),
      );
    }
    out.push(...packetPartLeaks(file, o, use, index));
    out.push(...contextLeakOnFailure(file, o, use, index));
    const doubleFree = freeOnSuccessPath(use, o.nbl, o.body, index);
    if (doubleFree) {
      out.push(
        finding(
          'WFP2004',
          `\`${o.nbl.text}\` is freed after ${callName(o)} succeeded: it belongs to WFP until the completion function runs, which frees it again. Set it to NULL after a successful injection.`,
          doubleFree.startIndex,
          doubleFree.endIndex,
          {
            related: [
              {
                uri: file.uri,
                start: name.startIndex,
                end: name.endIndex,
                line: name.startPosition.row,
                message: 'ownership passed to WFP here',
              },
            ],
          },
        ),
      );
    }
  }
  out.push(...fieldWrapperLeaks(file, index, scope));
  return out;
};

/** Whether an owned injection before `before` in the file passes `completion` as its completion function. */
function earlierOwnedUse(
  file: SourceFile,
  fileCalls: CallSite[],
  index: WorkspaceIndex,
  completion: string,
  before: number,
): boolean {
  const passes = (c: CallSite) => {
    const i = c.fn.params.findIndex((p) => p.role === 'completionFn');
    return i >= 0 && !!c.args[i] && namedFunction(c.args[i])?.text === completion;
  };
  const earlier = fileCalls.filter((c) => c.call.startIndex < before);
  // Every earlier call (the allocations too), so that the origins of the NBLs are known.
  if (!earlier.some((c) => c.fn.injection && passes(c))) return false;
  return ownedInjections(file, earlier, index).some(
    (o) => !!o.completion && namedFunction(o.completion)?.text === completion && o.call.startIndex < before,
  );
}

/**
 * WFP2005: a completion function that never frees or hands on the NBL it is given back, or frees
 * it only when its Status failed.
 */
// `ctx.fileCalls` is read only for a finding: a declaration checked on its own finds them on demand.
export const completionFrees: Rule = (ctx) => {
  const { file, calls, index } = ctx;
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const o of ownedInjections(file, calls, index)) {
    const arg = o.completion;
    // A C++ member is indexed by its last name (`Helper::Done` → `Done`).
    const name = arg && namedFunction(arg)?.text;
    if (!arg || !name || seen.has(name)) continue;
    const s = index.functionSummary(name);
    const e = index.effects(name);
    if (!s || !e) continue;
    const verdict = completionVerdict(e);
    if (verdict !== 'neverFrees' && verdict !== 'freesOnFailure') continue;
    seen.add(name);
    // Reported once per file, at the first owned injection that uses it: one declaration checked
    // on its own asks whether an earlier one in the file does.
    if (calls !== ctx.fileCalls && earlierOwnedUse(file, ctx.fileCalls, index, name, o.call.startIndex))
      continue;
    out.push(
      finding(
        'WFP2005',
        verdict === 'neverFrees'
          ? `The completion function ${arg.text} never frees the NBL it receives: every ${o.origin === 'clone' ? 'clone' : 'NBL'} injected with it leaks. Free it there with ${pairedFreeName(o.origin)}.`
          : `The completion function ${arg.text} frees the NBL only when its Status failed: every ${o.origin === 'clone' ? 'clone' : 'NBL'} injected successfully leaks. Free it whatever the status, with ${pairedFreeName(o.origin)}.`,
        arg.startIndex,
        arg.endIndex,
        {
          related: [
            {
              uri: s.uri,
              start: s.start,
              end: s.start,
              line: s.line,
              message: `${arg.text} is defined here`,
            },
          ],
        },
      ),
    );
  }
  return out;
};
