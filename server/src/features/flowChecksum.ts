// The flow panel's "IP header and checksums" step for FwpsInjectTransportReceiveAsync0: found
// where the injecting function rebuilds the header (FwpsConstructIpHeaderForTransportPacket0),
// sets a checksum field, or calls, before the injection, code that computes a checksum: a
// function named for it, or a helper of the workspace that calls one (the packet is often built
// and summed in a helper). Unknown otherwise: a packet reinjected unmodified needs no fix but
// for the reassembly caveat, which the code cannot show.
import type { CallSite } from '../analysis/calls';
import { descendantsOf } from '../analysis/descendants';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import type { FlowStep } from '../../../shared/flowModel';
import type { Node } from '../parse/syntaxNode';
import { locationIn, step } from './flowStep';

const TITLE = 'IP header and checksums';
const CONSTRUCT = 'FwpsConstructIpHeaderForTransportPacket0';
/** The header rebuild, versioned or not, as a call names it. */
const CONSTRUCT_CALL = /^FwpsConstructIpHeaderForTransportPacket0?$/;
/** Helpers followed below the injecting function: the packet's builder and what it calls. */
const MAX_DEPTH = 3;

export function checksumStep(file: SourceFile, site: CallSite, index: WorkspaceIndex): FlowStep {
  const body = site.enclosingFunction?.childForFieldName('body');
  const before = (body ? descendantsOf(body, 'call_expression') : []).filter(
    (c) => c.endIndex <= site.call.startIndex,
  );
  const construct = before.find((c) => CONSTRUCT_CALL.test(calleeText(c)));
  if (construct)
    return step(
      'checksum',
      TITLE,
      'found',
      `${CONSTRUCT} rebuilds the IP header and recomputes the checksums.`,
      locationIn(file, construct),
    );
  const assignment =
    body &&
    descendantsOf(body, 'assignment_expression').find((a) =>
      /checksum/i.test(a.childForFieldName('left')?.text ?? ''),
    );
  if (assignment)
    return step(
      'checksum',
      TITLE,
      'found',
      'A checksum is set before the packet is injected.',
      locationIn(file, assignment),
    );
  for (const c of before) {
    const chain = checksumChain(calleeText(c), index, MAX_DEPTH);
    if (!chain) continue;
    const detail =
      chain.length === 1
        ? `${chain[0]} computes a checksum before the packet is injected.`
        : `${chain[0]} computes a checksum before the packet is injected (${chain.slice(1).join(' → ')}).`;
    return step('checksum', TITLE, 'found', detail, locationIn(file, c));
  }
  return step(
    'checksum',
    TITLE,
    'unknown',
    'No checksum fix seen: needed when the packet was modified or may have been reassembled from fragments.',
  );
}

function calleeText(call: Node): string {
  return call.childForFieldName('function')?.text ?? '';
}

/**
 * `name` itself computes a checksum (named for it, or the header rebuild), or a workspace helper
 * that calls one within `depth` calls: the chain of names down to it.
 */
function checksumChain(
  name: string,
  index: WorkspaceIndex,
  depth: number,
  seen = new Set<string>(),
): string[] | undefined {
  if (/checksum|chksum|csum/i.test(name) || CONSTRUCT_CALL.test(name)) return [name];
  if (depth === 0 || seen.has(name)) return undefined;
  seen.add(name);
  const summary = index.functionSummary(name);
  for (const c of summary?.calls ?? []) {
    const below = checksumChain(c.callee, index, depth - 1, seen);
    if (below) return [name, ...below];
  }
  return undefined;
}
