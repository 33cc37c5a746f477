// WFP2003: a free that does not pair with how the NBL was allocated in the same function: the
// other Fwps free, a free of the other family (NDIS on an Fwps clone), or the wrong free of a
// clone a helper made.
import type { Node } from '../parse/syntaxNode';
import { isVersionIndependentName, lifecycleOf, mayBeCatalogName } from '../catalog';
import { argumentNodes, type CallSite } from '../analysis/calls';
import { functionDefinitions } from '../analysis/functions';
import { freeMatches, frees, nblText, pairedFreeName } from '../analysis/nbl';
import { NblOrigins } from '../analysis/nblOrigins';
import type { SourceFile } from '../parse/document';
import { finding } from './finding';
import { chainText } from './owned';
import type { Finding, Rule } from './types';

export const pairedFrees: Rule = ({ file, calls, index }) => {
  const out: Finding[] = [];
  const origins = new NblOrigins(file, calls, index);
  for (const f of nblFreeCalls(file, calls)) {
    const local = origins.allocationsOf(f.def, f.nbl);
    const kinds = new Set(local.map((a) => a.kind));
    if (kinds.size !== 1) continue;
    const origin = local[0].kind;
    if (freeMatches(origin, f.fn)) continue;
    const paired = pairedFreeName(origin);
    const vi = isVersionIndependentName(f.written);
    const pairedName = vi ? paired.replace(/0$/, '') : paired;
    const nbl = f.nbl.text;
    let args = nbl;
    if (origin === 'clone' || origin === 'ndisClone') args = `${nbl}, 0`;
    else if (origin === 'streamClone') args = `${nbl}, 0, FALSE`;
    const from = local[0].via ? chainText(local[0].via) : local[0].call.childForFieldName('function')!.text;
    out.push(
      finding(
        'WFP2003',
        `\`${nbl}\` comes from ${from}; free it with ${paired}, not ${f.fn}.`,
        f.call.startIndex,
        f.call.endIndex,
        {
          fixes: [
            {
              title: `Use ${pairedName}`,
              edits: [{ start: f.call.startIndex, end: f.call.endIndex, newText: `${pairedName}(${args})` }],
              preferred: true,
              safe: true,
            },
          ],
        },
      ),
    );
  }
  return out;
};

/** Calls that free an NBL: the catalog's (Fwps) and the NDIS ones, with the NBL freed. */
function nblFreeCalls(
  file: SourceFile,
  calls: CallSite[],
): { call: Node; fn: string; written: string; nbl: Node; text: string; def: Node }[] {
  const out = frees(calls).flatMap((f) =>
    f.site.enclosingFunction
      ? [
          {
            call: f.site.call,
            fn: f.site.fn.name,
            written: f.site.written,
            nbl: f.site.args[0],
            text: f.text,
            def: f.site.enclosingFunction,
          },
        ]
      : [],
  );
  // The NDIS frees are not catalog calls: looked for only where the text names one.
  if (!/\bNdisFree\w*NetBufferList\b/.test(file.text)) return out;
  for (const def of functionDefinitions(file.tree!.rootNode)) {
    for (const call of def.descendantsOfType('call_expression')) {
      const name = call?.childForFieldName('function');
      const freed =
        name?.type === 'identifier' && !mayBeCatalogName(name.text)
          ? lifecycleOf(name.text)?.frees
          : undefined;
      const arg =
        freed?.resource === 'nbl'
          ? argumentNodes(call!.childForFieldName('arguments')!)[freed.arg]
          : undefined;
      if (call && arg)
        out.push({ call, fn: name!.text, written: name!.text, nbl: arg, text: nblText(arg), def });
    }
  }
  return out;
}
