// The free-on-failure fix for `switch (status)`: only where one place clearly takes every failing
// status, a `default:` at the end under which the error cases (if any) are stacked empty, after a
// success case that cannot fall into it.
import type { Node } from '../parse/syntaxNode';
import { caseKinds, switchCases } from '../analysis/statusSwitch';
import type { SourceFile } from '../parse/document';
import { lineIndent } from './style';
import type { Fix } from './types';

function statements(c: Node): Node[] {
  const value = c.childForFieldName('value');
  return c.namedChildren.filter((x): x is Node => !!x && x.type !== 'comment' && x.id !== value?.id);
}

/** `lines`: the statements to put first under `default:` (the free, maybe a NULL store). */
export function switchDefaultFix(
  file: SourceFile,
  sw: Node,
  lines: string[],
  title: string,
  eol: string,
): Fix | undefined {
  const kinds = caseKinds(sw);
  const cases = switchCases(sw);
  if (!kinds || kinds[kinds.length - 1] !== 'default') return undefined;
  const def = cases[cases.length - 1];
  // Error cases are empty labels stacked right above `default:`.
  let i = cases.length - 2;
  while (i >= 0 && kinds[i] === 'failure' && !statements(cases[i]).length) i--;
  if (kinds.slice(0, i + 1).includes('failure') || kinds.slice(0, i + 1).includes('default'))
    return undefined;
  // The case above the stack must not fall through into the free.
  const above = i >= 0 ? statements(cases[i]).pop() : undefined;
  if (i >= 0 && !/^(break|return|goto|continue)_statement$/.test(above?.type ?? '')) return undefined;
  const first = statements(def)[0];
  if (!first || file.positionAt(first.startIndex).line === file.positionAt(def.startIndex).line)
    return undefined;
  const indent = lineIndent(file, first.startIndex);
  return {
    title,
    preferred: true,
    safe: true,
    edits: [
      {
        start: first.startIndex,
        end: first.startIndex,
        newText: lines.map((l) => `${l}${eol}${indent}`).join(''),
      },
    ],
  };
}
