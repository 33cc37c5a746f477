// WFP3008: a pend, a classify handle or an NBL reference the driver never ends anywhere.
import { finding } from './finding';
import type { Finding, Rule } from './types';

/**
 * Judged on the whole workspace, and only once it is all indexed: the completion of a pend is
 * usually in another function (a worker, a DPC), often in another file.
 */
export const neverEnded: Rule = ({ calls, index }) => {
  if (!index.complete) return [];
  const out: Finding[] = [];
  for (const site of calls) {
    const ended = site.fn.endedBy;
    if (!ended || ended.by.some((fn) => index.callsAnywhere(fn))) continue;
    out.push(
      finding(
        'WFP3008',
        `Nothing in the workspace calls ${ended.by.join(' or ')} to end what ${site.written} begins: ${ended.otherwise}.`,
        site.nameNode.startIndex,
        site.nameNode.endIndex,
      ),
    );
  }
  return out;
};
