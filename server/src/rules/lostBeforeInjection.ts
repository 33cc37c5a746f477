// WFP2002 before the injection: a path that leaves the function after the NBL was cloned or
// allocated and before anything injects, frees, stores or returns it (`if (ctx == NULL) return;`
// between the clone and the injection). Reported at the statement that loses it.
import { allocations, pairedFreeName } from '../analysis/nbl';
import { enclosingFunctionOf } from '../analysis/calls';
import { lostAfterAllocation } from '../analysis/ownership';
import { finding } from './finding';
import type { Finding, Rule } from './types';

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
        },
      ),
    );
  }
  return out;
};
