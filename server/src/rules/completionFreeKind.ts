// WFP2003 at the completion function: it frees every NBL it is given with one free, and an
// injection hands it an NBL that free is not for (a clone to a completion function that calls
// FwpsFreeNetBufferList0, an allocated NBL to one that calls FwpsFreeCloneNetBufferList0).
import { freesAfterInjection, lifecycleOf, pairedFreeAfterInjection } from '../catalog';
import { completionVerdict } from '../analysis/summaries';
import { namedFunction } from '../analysis/values';
import { finding } from './finding';
import { chainText } from './owned';
import { ownedInjections } from './ownership';
import type { Finding, Rule } from './types';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';

const WHAT: Partial<Record<string, string>> = {
  clone: 'a clone',
  allocated: 'an allocated NBL',
  streamClone: 'an injected stream-data clone',
};

/** The catalog frees `fn` calls on its parameter `param` itself, here or in its helpers. */
function freesOfParam(
  fn: string,
  param: number,
  index: WorkspaceIndex,
  depth: number,
): Set<string> | undefined {
  const s = index.functionSummary(fn);
  if (!s || depth > 3) return undefined;
  const out = new Set<string>();
  for (const c of s.calls) {
    const at = c.args.findIndex((a) => !!a && 'param' in a && a.param === param && a.path === '' && !a.addr);
    if (at < 0) continue;
    const frees = lifecycleOf(c.callee)?.frees;
    if (frees) {
      if (frees.resource === 'nbl' && frees.arg === at) out.add(c.callee);
      continue;
    }
    if (!index.effects(c.callee)?.frees.some((f) => f.param === at)) continue;
    const inner = freesOfParam(c.callee, at, index, depth + 1);
    if (!inner) return undefined;
    for (const f of inner) out.add(f);
  }
  return out;
}

export const completionFreeKind: Rule = ({ file, calls, index }) => {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const o of ownedInjections(file, calls, index)) {
    const name = o.completion && namedFunction(o.completion)?.text;
    const e = name ? index.effects(name) : undefined;
    const verdict = e ? completionVerdict(e) : 'unknown';
    if (!o.completion || !name || (verdict !== 'frees' && verdict !== 'freesOnFailure')) continue;
    // One free for every NBL it is given (a completion that tells clones apart uses two).
    const used = freesOfParam(name, 1, index, 0);
    if (used?.size !== 1) continue;
    const freeName = [...used][0];
    const paired = pairedFreeAfterInjection(o.origin);
    if (!paired || freesAfterInjection(freeName, o.origin)) continue;
    // Once per call site (one call can be reached by several owned NBLs), not once per file: a
    // file checked declaration by declaration after an edit must find what a whole check finds.
    const key = `${o.completion.startIndex}\0${name}\0${o.origin}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const from = o.allocatedVia
      ? chainText(o.allocatedVia)
      : o.allocation?.childForFieldName('function')?.text;
    const s = e!.summary;
    out.push(
      finding(
        'WFP2003',
        `\`${o.nbl.text}\`${from ? ` comes from ${from}` : ''}, but the completion function ${o.completion.text} frees its NBL with ${freeName}: free ${WHAT[o.origin] ?? 'it'} with ${paired}.`,
        o.completion.startIndex,
        o.completion.endIndex,
        {
          related: [
            { uri: s.uri, start: s.start, end: s.start, line: s.line, message: `${name} is defined here` },
          ],
        },
      ),
    );
  }
  return out;
};
