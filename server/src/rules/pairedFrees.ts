// WFP2003: a free that does not pair with how the NBL was allocated in the same function: the
// other Fwps free, a free of the other family (NDIS on an Fwps clone), or the wrong free of a
// clone a helper made.
import type { Node } from '../parse/syntaxNode';
import { freesAfterInjection, isVersionIndependentName, lifecycleOf, mayBeCatalogName } from '../catalog';
import { argumentNodes, type CallSite } from '../analysis/calls';
import { descendantsOf } from '../analysis/descendants';
import { functionDefinitions } from '../analysis/functions';
import { freeMatches, frees, nblText, pairedFreeName } from '../analysis/nbl';
import { NblOrigins } from '../analysis/nblOrigins';
import { nblFieldOrigin } from '../analysis/fieldOrigins';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { unwrap } from '../analysis/values';
import { finding } from './finding';
import { chainText } from './owned';
import type { Finding, Rule } from './types';

export const pairedFrees: Rule = ({ file, calls, index, scope }) => {
  const out: Finding[] = [];
  const origins = new NblOrigins(file, calls, index);
  for (const f of nblFreeCalls(file, calls, scope)) {
    const local = origins.allocationsOf(f.def, f.nbl);
    const kinds = new Set(local.map((a) => a.kind));
    if (!local.length) {
      out.push(...fieldFree(f, index));
      continue;
    }
    if (kinds.size !== 1) continue;
    const origin = local[0].kind;
    if (freeMatches(origin, f.fn)) continue;
    const paired = pairedFreeName(origin);
    const vi = isVersionIndependentName(f.written);
    const pairedName = vi ? paired.replace(/0$/, '') : paired;
    const nbl = f.nbl.text;
    const args = freeArgs(origin, nbl);
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

/**
 * A free of a struct field that the workspace fills with NBLs of one origin only (`ctx->clone =
 * clone;` after FwpsAllocateCloneNetBufferList0 wherever it is set). Whether it was injected
 * before is not known here: a free that suits the NBL once injected is accepted too.
 */
function fieldFree(f: NblFree, index: WorkspaceIndex): Finding[] {
  if (unwrap(f.nbl).type !== 'field_expression') return [];
  const origin = nblFieldOrigin(f.nbl, index);
  if (!origin || freesAfterInjection(f.fn, origin) || tellsKindsApart(f)) return [];
  const paired = pairedFreeName(origin);
  const pairedName = isVersionIndependentName(f.written) ? paired.replace(/0$/, '') : paired;
  return [
    finding(
      'WFP2003',
      `\`${f.nbl.text}\` holds ${ORIGIN_TEXT[origin] ?? `an NBL of kind ${origin}`} wherever the workspace sets it; free it with ${paired}, not ${f.fn}.`,
      f.call.startIndex,
      f.call.endIndex,
      {
        fixes: [
          {
            title: `Use ${pairedName}`,
            edits: [
              {
                start: f.call.startIndex,
                end: f.call.endIndex,
                newText: `${pairedName}(${freeArgs(origin, f.nbl.text)})`,
              },
            ],
            preferred: true,
            safe: false,
          },
        ],
      },
    ),
  ];
}

/**
 * `if (p->isClone) FwpsDiscardClonedStreamData(p->nbl, …); else FwpsFreeNetBufferList(p->nbl);`:
 * the other arm of an if frees the same NBL another way, so the code knows of two kinds, some
 * set where this workspace does not show it.
 */
function tellsKindsApart(f: NblFree): boolean {
  for (let n: Node = f.call; n.parent && n.id !== f.def.id; n = n.parent) {
    const p = n.parent;
    if (p.type !== 'if_statement' && p.type !== 'else_clause') continue;
    const ifs = p.type === 'else_clause' ? p.parent : p;
    if (!ifs) continue;
    const arms = [ifs.childForFieldName('consequence'), ifs.childForFieldName('alternative')];
    const other = arms.find(
      (a) => a && !(a.startIndex <= f.call.startIndex && f.call.endIndex <= a.endIndex),
    );
    const frees = other ? other.descendantsOfType('call_expression') : [];
    if (
      frees.some((c) => {
        const name = c?.childForFieldName('function')?.text ?? '';
        const freed = lifecycleOf(name)?.frees;
        const arg =
          freed?.resource === 'nbl'
            ? argumentNodes(c!.childForFieldName('arguments')!)[freed.arg]
            : undefined;
        return !!arg && name !== f.fn && nblText(arg) === f.text;
      })
    )
      return true;
  }
  return false;
}

const ORIGIN_TEXT: Partial<Record<string, string>> = {
  clone: 'a clone (FwpsAllocateCloneNetBufferList0)',
  allocated: 'an NBL from FwpsAllocateNetBufferAndNetBufferList0',
  streamClone: 'a stream-data clone (FwpsCloneStreamData0)',
};

/** The arguments of the free that pairs with `origin`, for the NBL `nbl`. */
function freeArgs(origin: string, nbl: string): string {
  if (origin === 'clone' || origin === 'ndisClone') return `${nbl}, 0`;
  if (origin === 'streamClone') return `${nbl}, 0, FALSE`;
  return nbl;
}

type NblFree = ReturnType<typeof nblFreeCalls>[number];

/**
 * Calls that free an NBL: the catalog's (Fwps) and the NDIS ones, with the NBL freed; in `scope`
 * when the check is of one declaration (an edit), as `calls` are.
 */
function nblFreeCalls(
  file: SourceFile,
  calls: CallSite[],
  scope?: Node,
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
  const root = scope ?? file.tree!.rootNode;
  if (!/\bNdisFree\w*NetBufferList\b/.test(root.text)) return out;
  for (const def of functionDefinitions(root)) {
    for (const call of descendantsOf(def, 'call_expression')) {
      const name = call.childForFieldName('function');
      const freed =
        name?.type === 'identifier' && !mayBeCatalogName(name.text)
          ? lifecycleOf(name.text)?.frees
          : undefined;
      const arg =
        freed?.resource === 'nbl'
          ? argumentNodes(call.childForFieldName('arguments')!)[freed.arg]
          : undefined;
      if (arg) out.push({ call, fn: name!.text, written: name!.text, nbl: arg, text: nblText(arg), def });
    }
  }
  return out;
}
