// WFP2001–WFP2005: NBL ownership across injection calls, with the free-on-failure quick fixes.
import type { Node } from 'web-tree-sitter';
import { isVersionIndependentName } from '../catalog';
import type { CallSite } from '../analysis/calls';
import { allocations, freeMatches, frees, nblText, PAIRED_FREE, type NblOrigin } from '../analysis/nbl';
import { failurePath, freeOnSuccessPath, nblArgument, statusUse, type StatusUse } from '../analysis/ownership';
import { nblFieldOrigin } from '../analysis/fieldOrigins';
import { completionVerdict } from '../analysis/summaries';
import type { SourceFile } from '../parse/document';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { finding } from './finding';
import { cleanupLabelFix } from './cleanupLabelFix';
import { switchDefaultFix } from './switchFix';
import { block, detectStyle, lineIndent, type Style } from './style';
import type { Finding, Fix, RelatedLocation, Rule } from './types';

interface Owned {
  site: CallSite;
  nbl: Node;
  origin: NblOrigin;
  allocation?: Node;
  body: Node;
}

/** Injection calls whose NBL this code allocated (so it is ours again when the call fails). */
function ownedInjections(calls: CallSite[], index: WorkspaceIndex): Owned[] {
  const out: Owned[] = [];
  const allocs = allocations(calls);
  for (const site of calls) {
    if (!site.fn.injection || site.args.length !== site.fn.params.length || !site.enclosingFunction) continue;
    const nbl = nblArgument(site);
    const body = site.enclosingFunction.childForFieldName('body');
    // A half-typed NBL argument is not judged: its text would end up in the fix.
    if (!nbl || nbl.hasError || !body) continue;
    const text = nblText(nbl);
    const local = allocs.filter(
      (a) => a.text === text && a.call.startIndex < site.call.startIndex && a.call.startIndex >= site.enclosingFunction!.startIndex,
    );
    let origin: NblOrigin | undefined;
    let allocation: Node | undefined;
    if (local.length) {
      if (new Set(local.map((a) => a.kind)).size !== 1) continue;
      origin = local[0].kind;
      allocation = local[local.length - 1].call;
    } else {
      origin = nblFieldOrigin(nbl, index);
    }
    if (origin) out.push({ site, nbl, origin, allocation, body });
  }
  return out;
}

function freeStatement(o: Owned): string {
  const vi = isVersionIndependentName(o.site.written);
  const name = (n: string) => (vi ? n.replace(/0$/, '') : n);
  const nbl = o.nbl.text;
  switch (o.origin) {
    case 'clone':
      return `${name('FwpsFreeCloneNetBufferList0')}(${nbl}, 0);`;
    case 'streamClone':
      return `${name('FwpsDiscardClonedStreamData0')}(${nbl}, 0, FALSE);`;
    default:
      return `${name('FwpsFreeNetBufferList0')}(${nbl}); /* the MDL and buffer attached to it are still yours to free */`;
  }
}

function related(file: SourceFile, o: Owned, index: WorkspaceIndex): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (o.allocation) {
    out.push({ uri: file.uri, start: o.allocation.startIndex, end: o.allocation.endIndex, line: o.allocation.startPosition.row, message: `NBL allocated here (${o.origin})` });
  }
  const fnArg = o.site.args[o.site.fn.params.findIndex((p) => p.role === 'completionFn')];
  const completion = fnArg && fnArg.type === 'identifier' ? index.functionSummary(fnArg.text) : undefined;
  if (completion) out.push({ uri: completion.uri, start: completion.start, end: completion.start, line: completion.line, message: 'completion function (runs only on STATUS_SUCCESS)' });
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
  const rest = o.body.text.slice(Math.max(0, after - o.body.startIndex));
  const name = o.nbl.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.>])${name}(?!\\w)`).test(rest) ? [`${o.nbl.text} = NULL;`] : [];
}

function endsInReturn(branch: Node): boolean {
  const last = branch.type === 'compound_statement' ? branch.namedChildren.filter((c) => !!c && c.type !== 'comment').pop() : branch;
  return last?.type === 'return_statement';
}

/** The NTSTATUS variable of the function, or a declaration to add. */
function statusVariable(file: SourceFile, body: Node, style: Style): { name: string; edits: Fix['edits'] } {
  const decl = body.descendantsOfType('declaration').find((d) => d?.childForFieldName('type')?.text === 'NTSTATUS');
  const declarator = decl?.childForFieldName('declarator');
  const name = declarator ? (declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator')?.text : declarator.text) : undefined;
  if (name && /^\w+$/.test(name)) return { name, edits: [] };
  const at = body.startIndex + 1;
  const first = body.namedChildren.find((c) => !!c && c.type !== 'comment');
  const indent = first ? lineIndent(file, first.startIndex) : lineIndent(file, body.startIndex) + style.unit;
  return { name: 'status', edits: [{ start: at, end: at, newText: `${style.eol}${indent}NTSTATUS status;` }] };
}

/** The preferred fix: put the free where a failure is already handled, or add the check. */
function freeOnFailureFix(file: SourceFile, o: Owned, use: StatusUse): Fix | undefined {
  const style = detectStyle(file, o.body);
  const free = freeStatement(o);
  const title = `Free the NBL on failure (${free.replace(/\(.*$/, '')})`;
  if (use.kind === 'tested') {
    const test = use.test;
    if (test.type === 'switch_statement') return switchDefaultFix(file, test, [free, ...clearAfterFree(o, undefined, test.endIndex)], title, style.eol);
    // `NT_SUCCESS(s) ? a : b;`: rewriting the ternary is not clearly right; no fix.
    if (test.type !== 'if_statement') return undefined;
    const indent = lineIndent(file, test.startIndex);
    const branch = use.failureWhenTrue ? test.childForFieldName('consequence') : test.childForFieldName('alternative')?.namedChildren.find((c) => !!c && c.type !== 'comment');
    if (!branch) {
      if (use.failureWhenTrue) return undefined;
      // `if (NT_SUCCESS(status)) { … }` with no else: add one.
      const cons = test.childForFieldName('consequence')!;
      const elseText = style.braceOnOwnLine ? `${style.eol}${indent}else` : ' else';
      const lines = [free, ...clearAfterFree(o, undefined, test.endIndex)];
      return { title, preferred: true, safe: true, edits: [{ start: cons.endIndex, end: cons.endIndex, newText: elseText + block(style, indent, lines) }] };
    }
    const lines = [free, ...clearAfterFree(o, branch, test.endIndex)];
    if (branch.type === 'compound_statement') {
      const first = branch.namedChildren.find((c) => !!c && c.type !== 'comment');
      const inner = first ? lineIndent(file, first.startIndex) : indent + style.unit;
      const at = branch.startIndex + 1;
      return { title, preferred: true, safe: true, edits: [{ start: at, end: at, newText: lines.map((l) => `${style.eol}${inner}${l}`).join('') }] };
    }
    // A single statement (`return status;`, `goto Exit;`): wrap it in a block with the free.
    const start = use.failureWhenTrue ? test.childForFieldName('condition')!.endIndex : test.childForFieldName('alternative')!.startIndex + 'else'.length;
    return { title, preferred: true, safe: true, edits: [{ start, end: branch.endIndex, newText: block(style, indent, [...lines, branch.text]) }] };
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
    const lines = [free, ...clearAfterFree(o, undefined, stmt.endIndex)];
    edits.push({ start: stmt.endIndex, end: stmt.endIndex, newText: `${style.eol}${indent}if (!NT_SUCCESS(${name}))${block(style, indent, lines)}` });
    return { title, preferred: true, safe: true, edits };
  }
  return undefined;
}

export const ownershipRules: Rule = ({ file, calls, index }) => {
  const out: Finding[] = [];
  for (const o of ownedInjections(calls, index)) {
    const use = statusUse(o.site, o.body);
    const rel = related(file, o, index);
    const name = o.site.nameNode;
    if (use.kind === 'ignored' || use.kind === 'untested') {
      const fix = freeOnFailureFix(file, o, use);
      out.push(
        finding(
          'WFP2001',
          use.kind === 'ignored'
            ? `The status of ${o.site.fn.name} is ignored: when it fails the completion function never runs and \`${o.nbl.text}\` leaks. Check it and free the NBL on failure.`
            : `\`${use.variable}\` from ${o.site.fn.name} is never tested: when the call fails the completion function never runs and \`${o.nbl.text}\` leaks.`,
          name.startIndex,
          name.endIndex,
          { related: rel, fixes: fix ? [fix] : [] },
        ),
      );
      continue;
    }
    if (use.kind !== 'tested') continue;
    if (failurePath(use, o.nbl, o.body, index) === 'leaked') {
      const inBranch = freeOnFailureFix(file, o, use);
      const inLabel = cleanupLabelFix(file, use, o.nbl, o.site.call, o.body, index, freeStatement(o));
      // The label fix leads when the label already does the function's cleanup.
      if (inBranch && inLabel) inBranch.preferred = !inLabel.preferred;
      else if (inLabel) inLabel.preferred = true;
      const fixes = [inBranch, inLabel].filter((f): f is Fix => !!f).sort((a, b) => Number(!!b.preferred) - Number(!!a.preferred));
      out.push(
        finding(
          'WFP2002',
          `\`${o.nbl.text}\` leaks when ${o.site.fn.name} fails: the completion function only runs on STATUS_SUCCESS, so the failure path must free it with ${PAIRED_FREE[o.origin]}.`,
          name.startIndex,
          name.endIndex,
          { related: rel, fixes },
        ),
      );
    }
    const doubleFree = freeOnSuccessPath(use, o.nbl, o.body);
    if (doubleFree) {
      out.push(
        finding(
          'WFP2004',
          `\`${o.nbl.text}\` is freed after ${o.site.fn.name} succeeded: it belongs to WFP until the completion function runs, which frees it again. Set it to NULL after a successful injection.`,
          doubleFree.startIndex,
          doubleFree.endIndex,
          { related: [{ uri: file.uri, start: name.startIndex, end: name.endIndex, line: name.startPosition.row, message: 'ownership passed to WFP here' }] },
        ),
      );
    }
  }
  return out;
};

/** WFP2003: a free that does not pair with how the NBL was allocated in the same function. */
export const pairedFrees: Rule = ({ calls }) => {
  const out: Finding[] = [];
  const allocs = allocations(calls);
  for (const f of frees(calls)) {
    const fnNode = f.site.enclosingFunction;
    if (!fnNode) continue;
    const local = allocs.filter((a) => a.text === f.text && a.call.startIndex >= fnNode.startIndex && a.call.endIndex <= fnNode.endIndex);
    const kinds = new Set(local.map((a) => a.kind));
    if (kinds.size !== 1) continue;
    const origin = local[0].kind;
    if (freeMatches(origin, f.site.fn.name)) continue;
    const paired = PAIRED_FREE[origin];
    const vi = isVersionIndependentName(f.site.written);
    const pairedName = vi ? paired.replace(/0$/, '') : paired;
    const nbl = f.site.args[0].text;
    const args = origin === 'clone' ? `${nbl}, 0` : origin === 'streamClone' ? `${nbl}, 0, FALSE` : nbl;
    out.push(
      finding(
        'WFP2003',
        `\`${nbl}\` comes from ${local[0].call.childForFieldName('function')!.text}; free it with ${paired}, not ${f.site.fn.name}.`,
        f.site.call.startIndex,
        f.site.call.endIndex,
        { fixes: [{ title: `Use ${pairedName}`, edits: [{ start: f.site.call.startIndex, end: f.site.call.endIndex, newText: `${pairedName}(${args})` }], preferred: true, safe: true }] },
      ),
    );
  }
  return out;
};

/** WFP2005: a completion function that never frees or hands on the NBL it is given back. */
export const completionFrees: Rule = ({ calls, index }) => {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const o of ownedInjections(calls, index)) {
    const i = o.site.fn.params.findIndex((p) => p.role === 'completionFn');
    const arg = o.site.args[i];
    if (!arg || arg.type !== 'identifier' || seen.has(arg.text)) continue;
    const s = index.functionSummary(arg.text);
    if (!s || completionVerdict(s) !== 'neverFrees') continue;
    seen.add(arg.text);
    out.push(
      finding(
        'WFP2005',
        `The completion function ${arg.text} never frees the NBL it receives: every ${o.origin === 'clone' ? 'clone' : 'NBL'} injected with it leaks. Free it there with ${PAIRED_FREE[o.origin]}.`,
        arg.startIndex,
        arg.endIndex,
        { related: [{ uri: s.uri, start: s.start, end: s.start, line: s.line, message: `${arg.text} is defined here` }] },
      ),
    );
  }
  return out;
};

