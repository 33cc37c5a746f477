// WFP2008: an NBL used after an allocation whose failure nothing tested. The Fwps allocators
// report failure only through their status and leave the out-parameter NULL then; when neither
// the status nor the NBL is tested, the first use runs with NULL on an exhausted pool.
import { allocations } from '../analysis/nbl';
import { enclosingFunctionOf } from '../analysis/calls';
import { statusUse } from '../analysis/ownership';
import { isNullLiteral } from '../analysis/values';
import { descendantsOf, identifiersByName } from '../analysis/descendants';
import { MACRO_NAME } from '../parse/lexing';
import type { Node } from '../parse/syntaxNode';
import { finding } from './finding';
import { testStatusFix } from './testStatusFix';
import type { Finding, Rule } from './types';

export const uncheckedAllocation: Rule = ({ file, calls, index }) => {
  const out: Finding[] = [];
  for (const a of allocations(calls)) {
    if (!/^\w+$/.test(a.text)) continue;
    const fn = enclosingFunctionOf(a.call);
    const body = fn?.childForFieldName('body');
    if (!fn || !body) continue;
    const use = statusUse({ call: a.call }, body, index);
    if (use.kind !== 'ignored' && use.kind !== 'untested') continue;
    const later = (identifiersByName(body).get(a.text) ?? []).filter(
      (id) => id.startIndex >= a.call.endIndex,
    );
    // The first use, unless a test of the NBL or a new value comes before it.
    const first = later.find((id) => !assigned(id) && !nullTest(id));
    if (!first || later.some((id) => (assigned(id) || nullTest(id)) && id.startIndex < first.startIndex))
      continue;
    // `HLPR_BAIL_ON_FAILURE(status);` before the use: a macro given the status may test it.
    if (use.kind === 'untested' && macroGivenBefore(body, use.variable, a.call.endIndex, first.startIndex))
      continue;
    const made = a.call.childForFieldName('function')!;
    const fix = testStatusFix(file, fn, body, a.call, use);
    out.push(
      finding(
        'WFP2008',
        `${made.text}'s status is not tested, and \`${a.text}\` ${howUsed(first)} next: when the allocation fails, \`${a.text}\` is NULL there. Test the status first.`,
        made.startIndex,
        made.endIndex,
        {
          related: [
            {
              uri: file.uri,
              start: first.startIndex,
              end: first.endIndex,
              line: first.startPosition.row,
              message: `\`${a.text}\` used here`,
            },
          ],
          fixes: fix ? [fix] : [],
        },
      ),
    );
  }
  return out;
};

/** `x == NULL`, `x != NULL`, `!x`, `if (x)`, `x && …`, `x ? … : …`: the NBL itself is tested. */
function nullTest(id: Node): boolean {
  let n = id;
  while (n.parent?.type === 'parenthesized_expression' || n.parent?.type === 'cast_expression') n = n.parent;
  const p = n.parent;
  if (!p) return false;
  if (p.type === 'unary_expression' && p.childForFieldName('operator')?.text === '!') return true;
  if (p.type === 'binary_expression') {
    const op = p.childForFieldName('operator')?.text ?? '';
    if (op === '&&' || op === '||') return true;
    if (op === '==' || op === '!=') {
      const other =
        p.childForFieldName('left')?.id === n.id ? p.childForFieldName('right') : p.childForFieldName('left');
      return !!other && isNullLiteral(other);
    }
  }
  if (p.type === 'conditional_expression' && p.childForFieldName('condition')?.id === n.id) return true;
  // `if (x)`: C's condition is the parentheses climbed above, C++'s a condition_clause.
  if (p.type === 'condition_clause') return true;
  return /^(if|while|do|for)_statement$/.test(p.type) && p.childForFieldName('condition')?.id === n.id;
}

/** `x = …`: given a new value, not used. */
function assigned(id: Node): boolean {
  const p = id.parent;
  return p?.type === 'assignment_expression' && p.childForFieldName('left')?.id === id.id;
}

/** A call named like a macro (`BAIL_ON_ERROR(status)`) is given `variable` between `from` and `to`. */
function macroGivenBefore(body: Node, variable: string, from: number, to: number): boolean {
  const word = new RegExp(`\\b${variable}\\b`);
  return descendantsOf(body, 'call_expression').some(
    (c) =>
      c.startIndex >= from &&
      c.endIndex <= to &&
      MACRO_NAME.test(c.childForFieldName('function')?.text ?? '') &&
      word.test(c.childForFieldName('arguments')?.text ?? ''),
  );
}

/** How the NBL is used, in words that do not move with the text: the call it goes to, a store. */
function howUsed(id: Node): string {
  for (let n = id.parent; n && !/statement$/.test(n.type); n = n.parent) {
    if (n.type === 'call_expression') return `goes to ${n.childForFieldName('function')?.text ?? 'a call'}`;
    if (n.type === 'assignment_expression' && n.childForFieldName('right')?.startIndex === id.startIndex)
      return `is stored into \`${n.childForFieldName('left')?.text}\``;
  }
  return 'is used';
}
