// WFP2002 before the injection: a path that leaves the function after the NBL was cloned or
// allocated and before anything injects, frees, stores or returns it (`if (ctx == NULL) return;`
// between the clone and the injection). Reported at the statement that loses it.
import { allocations, pairedFreeName, type Allocation } from '../analysis/nbl';
import { enclosingFunctionOf } from '../analysis/calls';
import { lostAfterAllocation } from '../analysis/ownership';
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
 * becomes a block. Not where a label lies between the allocation and the return: paths that
 * never made the NBL may arrive there.
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
