// WFP2002 before the injection: a path that leaves the function after the NBL was cloned or
// allocated and before anything injects, frees, stores or returns it (`if (ctx == NULL) return;`
// between the clone and the injection). Reported at the statement that loses it.
import { allocations, pairedFreeName, type Allocation } from '../analysis/nbl';
import { enclosingFunctionOf } from '../analysis/calls';
import { alwaysLeaves, lostAfterAllocation } from '../analysis/ownership';
import { LOOPS } from '../analysis/paths';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import type { Node } from '../parse/syntaxNode';
import { finding } from './finding';
import { freeCall } from './freeCall';
import { block, detectStyle, lineIndent } from './style';
import type { Finding, Fix, Rule } from './types';

export const lostBeforeInjection: Rule = ({ file, calls, index }) => {
  const out: Finding[] = [];
  // The injection that keeps the NBL is in the allocation's function: the declaration's calls
  // (reading the whole file's would search it at every edit).
  const injections = calls.filter((c) => c.fn.injection);
  for (const a of allocations(calls)) {
    const body = enclosingFunctionOf(a.call)?.childForFieldName('body');
    if (!body) continue;
    const lost = lostAfterAllocation({ call: a.call }, a.text, body, injections, index);
    if (!lost) continue;
    const made = a.call.childForFieldName('function')!;
    const fix = freeBeforeLeaving(file, a, lost, body, index);
    out.push(
      finding(
        'WFP2002',
        `\`${a.text}\` leaks here: this path leaves after ${made.text} succeeded and before \`${a.text}\` is injected or freed. Free it with ${pairedFreeName(a.kind)} first.`,
        lost.startIndex,
        lost.startIndex + (lost.children[0]?.text.length ?? lost.text.length),
        {
          related: [
            {
              uri: file.uri,
              start: made.startIndex,
              end: made.endIndex,
              line: made.startPosition.row,
              message: `\`${a.text}\` allocated here`,
            },
          ],
          fixes: fix ? [fix] : [],
        },
      ),
    );
  }
  return out;
};

/**
 * Frees the NBL right before the `return` that loses it; a lone `return` under an `if` or `else`
 * becomes a block. Only where every path to that return is one that lost the NBL: not where a
 * label lies between the allocation and the return (paths that never made the NBL may arrive),
 * nor where code that names the NBL may run before it (a return after a switch whose one case
 * injects is reached by the injected NBL too, and a free there would free it under WFP).
 */
function freeBeforeLeaving(
  file: SourceFile,
  a: Allocation,
  lost: Node,
  body: Node,
  index: WorkspaceIndex,
): Fix | undefined {
  if (lost.type !== 'return_statement' || lost.startIndex < a.call.endIndex) return undefined;
  const labels = body.descendantsOfType('labeled_statement');
  if (labels.some((l) => !!l && l.startIndex > a.call.startIndex && l.startIndex < lost.startIndex))
    return undefined;
  if (!onlyUnkeptPathsReach(lost, a, body)) return undefined;
  const made = a.call.childForFieldName('function')!.text;
  const free = freeCall(file, index, {
    origin: a.kind,
    nbl: a.text,
    written: made,
    helperMade: !!a.via,
    at: a.call.startIndex,
  });
  const title = `Free \`${a.text}\` before leaving (${free.replace(/\(.*$/, '')})`;
  const style = detectStyle(file, body);
  const parent = lost.parent;
  if (parent?.type === 'compound_statement' || parent?.type === 'case_statement') {
    const at = lost.startIndex;
    return {
      title,
      preferred: true,
      safe: true,
      edits: [{ start: at, end: at, newText: `${free}${style.eol}${lineIndent(file, at)}` }],
    };
  }
  // `if (…) return x;` or `else return x;`: the return alone becomes a block with the free.
  const start = loneBodyStart(lost);
  if (start === undefined) return undefined;
  const indent = lineIndent(file, lost.parent!.startIndex);
  return {
    title,
    preferred: true,
    safe: true,
    edits: [{ start, end: lost.endIndex, newText: block(style, indent, [free, lost.text]) }],
  };
}

/** Where a statement that is a whole `if` or `else` body starts to be replaced by a block. */
function loneBodyStart(stmt: Node): number | undefined {
  const parent = stmt.parent;
  if (parent?.type === 'else_clause') return parent.startIndex + 'else'.length;
  if (parent?.type === 'if_statement' && parent.childForFieldName('consequence')?.id === stmt.id)
    return parent.childForFieldName('condition')?.endIndex;
  return undefined;
}

/**
 * No statement that names the NBL (or its record) runs between the allocation and `lost` on any
 * path: each enclosing statement's earlier siblings after the allocation are clear of it (an
 * else is preceded only by its if's condition), and no loop around the return, not around the
 * allocation too, names it.
 */
function onlyUnkeptPathsReach(lost: Node, a: Allocation, body: Node): boolean {
  const root = /^\w+/.exec(a.text)?.[0];
  if (!root) return false;
  const word = new RegExp(`\\b${root}\\b`);
  const names = (n: Node | null | undefined) => !!n && n.startIndex >= a.call.endIndex && word.test(n.text);
  for (let n: Node = lost; n.id !== body.id; ) {
    const p = n.parent;
    if (!p) return false;
    const aroundAllocation = p.startIndex <= a.call.startIndex && a.call.endIndex <= p.endIndex;
    if (LOOPS.has(p.type) && !aroundAllocation && word.test(p.text)) return false;
    const before = runsBefore(n, p);
    if (before.some(names)) return false;
    n = p;
  }
  return true;
}

/**
 * What may run right before `n` inside its parent `p`: an if's condition for either branch, the
 * switch's condition and the cases that fall into a case, else the earlier siblings.
 */
function runsBefore(n: Node, p: Node): (Node | null | undefined)[] {
  if (p.type === 'if_statement') return [p.childForFieldName('condition')];
  if (p.type === 'else_clause') return [p.parent?.childForFieldName('condition')];
  const earlier = p.children.filter((k): k is Node => !!k && k.endIndex <= n.startIndex);
  if (n.type !== 'case_statement' || p.parent?.type !== 'switch_statement') return earlier;
  const falling: Node[] = [];
  for (let i = earlier.length - 1; i >= 0; i--) {
    const c = earlier[i];
    if (c?.type !== 'case_statement') continue;
    const last = c.namedChildren.filter((k) => !!k && k.type !== 'comment').pop();
    if (last && last.id !== c.childForFieldName('value')?.id && alwaysLeaves(last)) break;
    falling.push(c);
  }
  return [p.parent.childForFieldName('condition'), ...falling];
}
