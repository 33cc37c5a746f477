// WFP2007: the MDL and buffer under an NBL built here must be freed with it, on the failure path
// (where the NBL is) and by the completion function (where it frees the NBL).
import type { Node } from '../parse/syntaxNode';
import { argumentNodes } from '../analysis/calls';
import { nblText } from '../analysis/nbl';
import { failurePath, isFreeOf, mentions, type StatusUse } from '../analysis/ownership';
import { packetParts, type PacketPart } from '../analysis/packetParts';
import { completionVerdict, rootIdentifier } from '../analysis/summaries';
import { isNullLiteral, namedFunction, unwrap } from '../analysis/values';
import { descendantsOf } from '../analysis/descendants';
import { lifecycleOf, pairedFree, type Resource } from '../catalog';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { finding } from './finding';
import { callName, type Owned } from './owned';
import { detectStyle, lineIndent } from './style';
import type { Finding, Fix, RelatedLocation } from './types';

const PART_NAME: Record<string, string> = { mdl: 'the MDL', buffer: 'the buffer' };

/** The pool tag argument of each pool allocator: the free must name the same tag. */
const POOL_TAG_ARG: Record<string, number> = {
  ExAllocatePoolWithTag: 2,
  ExAllocatePool2: 2,
  ExAllocatePoolZero: 2,
};

/** The parts' frees, right after the statement that frees the NBL on the failure path. */
function partsFix(
  file: SourceFile,
  o: Owned,
  release: Node | undefined,
  parts: PacketPart[],
): Fix | undefined {
  const call = release?.type === 'expression_statement' ? release.namedChild(0) : null;
  if (!release || call?.type !== 'call_expression' || !isFreeOf(call, nblText(o.nbl))) return undefined;
  const frees: string[] = [];
  for (const p of parts) {
    if (p.resource === 'mdl') frees.push(`${p.free}(${p.node.text});`);
    else {
      const allocator = p.allocation.childForFieldName('function')?.text ?? '';
      const tag =
        POOL_TAG_ARG[allocator] === undefined
          ? undefined
          : argumentNodes(p.allocation.childForFieldName('arguments')!)[POOL_TAG_ARG[allocator]];
      if (!tag || tag.hasError) return undefined;
      frees.push(`${p.free}(${p.node.text}, ${tag.text});`);
    }
  }
  const style = detectStyle(file, o.body);
  const indent = lineIndent(file, release.startIndex);
  const text = frees.map((f) => `${style.eol}${indent}${f}`).join('');
  return {
    title: `Free ${parts.map((p) => PART_NAME[p.resource]).join(' and ')} on failure too`,
    preferred: true,
    safe: true,
    edits: [{ start: release.endIndex, end: release.endIndex, newText: text }],
  };
}

/**
 * `mdl = NULL;` on the way to the injection, after the NBL is built over it: the part is handed to
 * the completion function before the driver knows the injection worked. When every free of the
 * part after the call goes through that name (`if (mdl) IoFreeMdl(mdl);` at a cleanup label), the
 * failure path frees nothing. The assignment must run on every path to the call (a statement of
 * a block that holds the call), and the name must not be set again before it.
 */
function handedOverBeforeCall(o: Owned, p: PacketPart): boolean {
  const name = p.node.text;
  const from = o.allocation?.endIndex ?? o.body.startIndex;
  const assignments = descendantsOf(o.body, 'assignment_expression').filter(
    (a): a is Node =>
      !!a &&
      a.startIndex > from &&
      a.endIndex < o.call.startIndex &&
      a.childForFieldName('left')?.text === name,
  );
  const last = assignments[assignments.length - 1];
  const right = last?.childForFieldName('right');
  const block = last?.parent?.type === 'expression_statement' ? last.parent.parent : undefined;
  if (!right || !isNullLiteral(right) || block?.type !== 'compound_statement') return false;
  if (o.call.endIndex > block.endIndex) return false;
  const frees = descendantsOf(o.body, 'call_expression').filter(
    (c): c is Node =>
      !!c &&
      c.startIndex > o.call.endIndex &&
      lifecycleOf(c.childForFieldName('function')?.text ?? '')?.frees?.resource === p.resource,
  );
  const through = (c: Node) => {
    const list = c.childForFieldName('arguments');
    const first = list ? argumentNodes(list)[0] : undefined;
    return !!first && unwrap(first).text === name;
  };
  return frees.length > 0 && frees.every(through);
}

/**
 * WFP2007: the MDL and buffer under an NBL built here must be freed with it, on the failure path
 * (when the NBL is) and by the completion function (when it frees the NBL).
 */
export function packetPartLeaks(
  file: SourceFile,
  o: Owned,
  use: StatusUse & { kind: 'tested' },
  index: WorkspaceIndex,
): Finding[] {
  if (!o.allocation) return [];
  // Built by a helper that keeps the parts nowhere but under the NBL: the completion function
  // must free them. (Its callers' failure paths are not judged: they reach the parts only
  // through the NBL, in ways a local analysis does not follow.)
  if (o.allocatedVia) {
    const helper = o.allocatedVia[0]?.fn;
    const parts = (o.allocatedParts ?? []).map(({ resource, origin }) => ({
      resource,
      what: `${PART_NAME[resource]} ${helper} built it over`,
      free: pairedFree(origin) ?? '',
    }));
    return [...builtPartsOnFailure(file, o, use, index, parts), ...completionLeaks(o, parts, index)];
  }
  const parts = packetParts(o.allocation, o.body);
  if (!parts.length) return [];
  const out: Finding[] = [];
  const nblRoot = rootIdentifier(o.nbl);
  const mdl = parts.find((p) => p.resource === 'mdl');
  const related = (p: PacketPart): RelatedLocation[] => [
    {
      uri: file.uri,
      start: p.allocation.startIndex,
      end: p.allocation.endIndex,
      line: p.allocation.startPosition.row,
      message: `${PART_NAME[p.resource]} allocated here`,
    },
  ];
  // Only where the NBL itself is freed on failure: otherwise WFP2002 already says the packet leaks.
  const seen: { release?: Node } = {};
  if (failurePath(use, o.nbl, o.body, index, undefined, seen) === 'freed') {
    const leaked = parts.filter((p) => {
      const carriers = [
        ...(nblRoot ? [{ root: nblRoot, resource: p.resource }] : []),
        ...(p.resource === 'buffer' && mdl ? [{ root: mdl.node.text, resource: p.resource }] : []),
      ];
      return failurePath(use, p.node, o.body, index, undefined, undefined, carriers) === 'leaked';
    });
    // Cleared on the way to the call: the cleanup would free them, had they not been set to NULL.
    const cleared = parts.filter((p) => !leaked.includes(p) && handedOverBeforeCall(o, p));
    if (cleared.length) {
      const names = cleared.map((p) => `\`${p.node.text}\``).join(' and ');
      const one = cleared.length === 1;
      out.push(
        finding(
          'WFP2007',
          `${names} ${one ? 'is' : 'are'} set to NULL before ${callName(o)}, so when it fails the cleanup frees ${one ? 'it' : 'neither'}: ${cleared.map((p) => PART_NAME[p.resource]).join(' and ')} under \`${o.nbl.text}\` ${one ? 'leaks' : 'leak'}. Clear ${one ? 'it' : 'them'} only once the injection succeeded.`,
          o.nameNode.startIndex,
          o.nameNode.endIndex,
          { related: cleared.flatMap(related) },
        ),
      );
    }
    if (leaked.length) {
      const fix = partsFix(file, o, seen.release, leaked);
      out.push(
        finding(
          'WFP2007',
          `${leaked.map((p) => `\`${p.node.text}\` (${PART_NAME[p.resource]})`).join(' and ')} under \`${o.nbl.text}\` ${leaked.length > 1 ? 'leak' : 'leaks'} when ${callName(o)} fails: freeing the NBL does not free ${leaked.length > 1 ? 'them' : 'it'}. Free ${leaked.length > 1 ? 'them' : 'it'} with ${leaked.map((p) => p.free).join(' and ')} on the failure path too.`,
          o.nameNode.startIndex,
          o.nameNode.endIndex,
          { related: leaked.flatMap(related), fixes: fix ? [fix] : [] },
        ),
      );
    }
  }
  // After a successful injection the completion function gets the packet: it must free the parts.
  out.push(
    ...completionLeaks(
      o,
      parts.map((p) => ({
        resource: p.resource,
        what: `${PART_NAME[p.resource]} (\`${p.node.text}\`, ${p.free}) it was built over`,
        free: p.free,
      })),
      index,
    ),
  );
  return out;
}

/**
 * WFP2007 on the failure path of an NBL a helper built: the caller frees the NBL there, by a
 * direct free, and nothing after the call frees the parts (no free of their kind, no helper that
 * frees one or that is handed the NBL). They are reached only through the NBL, so the fix frees
 * the MDL of its first NET_BUFFER before the NBL goes.
 */
function builtPartsOnFailure(
  file: SourceFile,
  o: Owned,
  use: StatusUse & { kind: 'tested' },
  index: WorkspaceIndex,
  parts: { resource: Resource; what: string; free: string }[],
): Finding[] {
  if (!parts.length || parts.some((p) => !p.free)) return [];
  const seen: { release?: Node } = {};
  if (failurePath(use, o.nbl, o.body, index, undefined, seen) !== 'freed' || !seen.release) return [];
  const text = nblText(o.nbl);
  const root = rootIdentifier(o.nbl);
  const release = [seen.release, ...descendantsOf(seen.release, 'call_expression')].find(
    (c): c is Node => c?.type === 'call_expression' && isFreeOf(c, text),
  );
  if (!release) return [];
  const later = descendantsOf(o.body, 'call_expression').filter(
    (c): c is Node => !!c && c.startIndex > o.call.endIndex,
  );
  const mayFreeParts = later.some((c) => {
    const name = c.childForFieldName('function')?.text ?? '';
    const freed = lifecycleOf(name)?.frees;
    if (freed) return parts.some((p) => p.resource === freed.resource);
    const effects = index.effects(name);
    if (effects) return effects.freed.some((r) => parts.some((p) => p.resource === r));
    // Not the driver's and not the catalog's: a helper of a header, or a macro, handed the NBL.
    const list = c.childForFieldName('arguments');
    return !!root && !!list && argumentNodes(list).some((a) => mentions(a, root));
  });
  if (mayFreeParts) return [];
  const names = parts.map((p) => p.what).join(' and ');
  const one = parts.length === 1;
  const statement = release.parent?.type === 'expression_statement' ? release.parent : undefined;
  const fixable = statement && parts.every((p) => p.resource === 'mdl');
  const freeText = `${parts[0].free}(NET_BUFFER_FIRST_MDL(NET_BUFFER_LIST_FIRST_NB(${text})));`;
  const fix: Fix | undefined = fixable
    ? {
        title: `Free ${PART_NAME.mdl} under \`${text}\` on failure too`,
        preferred: true,
        safe: true,
        edits: [
          {
            start: statement.startIndex,
            end: statement.startIndex,
            newText: `${freeText}${detectStyle(file, o.body).eol}${lineIndent(file, statement.startIndex)}`,
          },
        ],
      }
    : undefined;
  return [
    finding(
      'WFP2007',
      `When ${callName(o)} fails, \`${text}\` is freed but not ${names}, which ${one ? 'leaks' : 'leak'}: free ${one ? 'it' : 'them'} first${fixable ? `: \`${freeText}\`` : ` with ${parts.map((p) => p.free).join(' and ')}`}.`,
      o.nameNode.startIndex,
      o.nameNode.endIndex,
      {
        related: [
          {
            uri: file.uri,
            start: release.startIndex,
            end: release.endIndex,
            line: release.startPosition.row,
            message: 'the failure path frees only the NBL here',
          },
        ],
        fixes: fix ? [fix] : [],
      },
    ),
  ];
}

/** WFP2007 at the completion function: it frees the NBL but not the parts it was built over. */
function completionLeaks(
  o: Owned,
  parts: { resource: Resource; what: string; free: string }[],
  index: WorkspaceIndex,
): Finding[] {
  const out: Finding[] = [];
  const completionName = o.completion && namedFunction(o.completion)?.text;
  const completion = completionName ? index.effects(completionName) : undefined;
  if (completion && completionVerdict(completion) === 'frees' && !completion.passes.length) {
    const missed = parts.filter((p) => !completion.freed.includes(p.resource));
    if (missed.length) {
      out.push(
        finding(
          'WFP2007',
          `The completion function ${o.completion!.text} frees the NBL but not ${missed.map((p) => p.what).join(' or ')}: every packet injected with it leaks ${missed.length > 1 ? 'them' : 'it'}${missed.some((p) => !p.what.includes(p.free)) ? ` (${missed.map((p) => p.free).join(', ')})` : ''}.`,
          o.completion!.startIndex,
          o.completion!.endIndex,
          {
            related: [
              {
                uri: completion.summary.uri,
                start: completion.summary.start,
                end: completion.summary.start,
                line: completion.summary.line,
                message: `${completionName} is defined here`,
              },
            ],
          },
        ),
      );
    }
  }
  return out;
}
