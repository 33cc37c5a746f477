// WFP1006, WFP1007, WFP1008, WFP3003, WFP3004, WFP3006: an injection call against the
// layer its classify function runs at (WFP3005 is selfInjection.ts). Silent whenever the layer is unknown.
import type { Node } from '../parse/syntaxNode';
import { getLayer, paramByRole, type FunctionSpec, type LayerSpec } from '../catalog';
import { classifyScope, type ClassifyScope } from '../analysis/classifyScope';
import type { CallSite } from '../analysis/calls';
import { addressFamilyLiteral } from '../analysis/handles';
import { calledNames, isClassifyShaped } from '../analysis/functions';
import { layerFromFieldConstant, type LayerEvidence } from '../analysis/layers';
import { packetOrigin } from '../analysis/builtPacket';
import { unwrap } from '../analysis/values';
import { finding } from './finding';
import type { Finding, RelatedLocation, Rule } from './types';

function evidenceText(e: LayerEvidence): string {
  return {
    registration: 'callout registration',
    layerIdCheck: 'layerId check',
    fieldConstant: 'FWPS_FIELD_* constant',
  }[e.kind];
}

function relatedEvidence(ev: LayerEvidence[]): RelatedLocation[] {
  return ev.slice(0, 3).map((e) => ({
    uri: e.uri,
    start: e.start,
    end: e.start,
    line: e.line,
    message: `runs at ${e.layer} (${evidenceText(e)})`,
  }));
}

/** The evidence for the layers the call's branch runs at. */
function branchEvidence(scope: ClassifyScope): LayerEvidence[] {
  const ids = new Set(scope.layers.map((l) => l.id));
  return scope.evidence.filter((e) => ids.has(e.layer));
}

const allowedAt = (fn: FunctionSpec, layer: LayerSpec) => layer.injectWith.some((i) => i.fn === fn.name);

/** The injection functions documented for every one of these layers. */
export function documentedInjections(layers: readonly LayerSpec[]): string[] {
  if (!layers.length) return [];
  const [first, ...rest] = layers;
  return [...new Set(first.injectWith.map((i) => i.fn))].filter((fn) =>
    rest.every((l) => l.injectWith.some((i) => i.fn === fn)),
  );
}

export const layerRules: Rule = ({ calls, index }) => {
  const out: Finding[] = [];
  for (const site of calls) {
    const fn = site.fn;
    if (!fn.injection || site.args.length !== fn.params.length) continue;

    // WFP1007: layerId argument of MAC / stream injection.
    const layerParam = paramByRole(fn, 'layerId');
    const accepted = fn.injection.layerIdValues;
    if (layerParam && accepted) {
      const arg = unwrap(site.args[layerParam.index]);
      const layer = arg.type === 'identifier' ? getLayer(arg.text) : undefined;
      if (layer && !accepted.includes(layer.id)) {
        out.push(
          finding(
            'WFP1007',
            `${fn.name} does not accept ${arg.text} as layerId; use ${accepted.join(' or ')}.`,
            arg.startIndex,
            arg.endIndex,
          ),
        );
      }
    }

    const scope = classifyScope(site, index);
    if (!scope || !scope.layers.length) continue;
    const related = relatedEvidence(branchEvidence(scope));

    // WFP3003: none of the classify's layers allows this function. A packet the driver built
    // is laid out for the function it chose: injecting it elsewhere is the point.
    if (!scope.layers.some((l) => allowedAt(fn, l)) && packetOrigin(site, calls, index) !== 'built') {
      const names = scope.layers.map((l) => l.id).join(', ');
      const where = fn.injection.layers
        .map((l) => l.layer)
        .slice(0, 6)
        .join(', ');
      const there = documentedInjections(scope.layers);
      const instead = there.length ? ` At ${names}, inject with ${there.join(' or ')}.` : '';
      out.push(
        finding(
          'WFP3003',
          `${scope.narrowed ? `The branch of ${scope.name} that makes this call` : scope.name} runs at ${names}, where ${fn.name} is not a documented injection; it is meant for ${where}.${instead} Ignore this if the cross-layer injection is intended.`,
          site.nameNode.startIndex,
          site.nameNode.endIndex,
          { related },
        ),
      );
    }

    // WFP1008: the address family contradicts the layer's IP version.
    const afParam = paramByRole(fn, 'addressFamily');
    const family = afParam && addressFamilyLiteral(site.args[afParam.index]);
    const versions = new Set(scope.layers.map((l) => l.ip));
    if (family && (family === 'AF_INET' || family === 'AF_INET6') && versions.size === 1) {
      const ip = [...versions][0];
      let expected: 'AF_INET' | 'AF_INET6' | undefined;
      if (ip === 4) expected = 'AF_INET';
      else if (ip === 6) expected = 'AF_INET6';
      if (expected && expected !== family) {
        const arg = site.args[afParam!.index];
        out.push(
          finding(
            'WFP1008',
            `${scope.name} classifies IPv${ip} traffic but the call injects with ${family}.`,
            arg.startIndex,
            arg.endIndex,
            {
              related,
              fixes: [
                {
                  title: `Use ${expected}`,
                  edits: [{ start: arg.startIndex, end: arg.endIndex, newText: expected }],
                  safe: false,
                },
              ],
            },
          ),
        );
      }
    }

    // WFP3004: injecting directly from an ALE classify without pend/complete.
    const aleOnly = scope.layers.every((l) => l.id.includes('_ALE_'));
    if (aleOnly) {
      const called = calledNames(scope.def.childForFieldName('body')!);
      const pends = [...called].some((n) => /^FwpsPendOperation|^FwpsCompleteOperation/.test(n));
      if (!pends) {
        out.push(
          finding(
            'WFP3004',
            `${scope.name} runs at an ALE layer and injects without FwpsPendOperation0/FwpsCompleteOperation0: pend the connection, complete it, then inject the cloned packet.`,
            site.nameNode.startIndex,
            site.nameNode.endIndex,
            { related },
          ),
        );
      }
    }

    // WFP3006: TCP injected inline from a transport-layer classify.
    if (
      fn.injection.tcpOutOfBand &&
      scope.layers.every((l) => l.group === 'Transport') &&
      insideTcpBranch(site.call, scope.def)
    ) {
      out.push(
        finding(
          'WFP3006',
          `TCP packets cannot be injected from ${scope.name} itself at a transport layer (TCP locks are held): queue the injection to a DPC or worker.`,
          site.nameNode.startIndex,
          site.nameNode.endIndex,
          { related },
        ),
      );
    }
  }
  return out;
};

/** The call sits in the then-branch of an `if` that tests for IPPROTO_TCP. */
function insideTcpBranch(call: Node, stop: Node): boolean {
  for (let n: Node | null = call; n && n.id !== stop.id; n = n.parent) {
    const p = n.parent;
    if (p?.type === 'if_statement' && p.childForFieldName('consequence')?.id === n.id) {
      const cond = p.childForFieldName('condition')?.text ?? '';
      if (/==\s*IPPROTO_TCP\b|\bIPPROTO_TCP\s*==/.test(cond)) return true;
    }
    if (p?.type === 'case_statement' && /\bcase\s+IPPROTO_TCP\b/.test(p.text.slice(0, 40))) return true;
  }
  return false;
}

/** WFP1006: metadata arguments taken from another layer's field, swapped, or literal. */
export const metadataSources: Rule = ({ calls, index }) => {
  /**
   * A literal index is wrong where metadata exists: for a clone, or for the packet a classify
   * function was given. A packet the driver built has none; one handed in we cannot tell.
   */
  const literalWrong = new Map<CallSite, boolean>();
  const isLiteralWrong = (site: CallSite) => {
    if (!literalWrong.has(site)) {
      const origin = packetOrigin(site, calls, index);
      literalWrong.set(
        site,
        origin === 'clone' ||
          (origin === 'unknown' && !!site.enclosingFunction && isClassifyShaped(site.enclosingFunction)),
      );
    }
    return literalWrong.get(site)!;
  };
  const out: Finding[] = [];
  const roles = ['compartmentId', 'interfaceIndex', 'subInterfaceIndex', 'endpointHandle', 'flowId'] as const;
  for (const site of calls) {
    if (!site.fn.injection || site.args.length !== site.fn.params.length) continue;
    // Field constants are themselves layer evidence: judge them only against stronger evidence.
    const scope = classifyScope(site, index, ['registration', 'layerIdCheck']);
    for (const role of roles) {
      const p = paramByRole(site.fn, role);
      if (!p) continue;
      const arg = site.args[p.index];
      const value = unwrap(arg);
      // A packet the driver built itself has no classify metadata: literal indexes are all there is.
      if (value.type === 'number_literal' && role !== 'compartmentId' && isLiteralWrong(site)) {
        out.push(
          finding(
            'WFP1006',
            `\`${p.param.name}\` is a literal; take it from the classify metadata or incoming values of the packet.`,
            arg.startIndex,
            arg.endIndex,
          ),
        );
        continue;
      }
      if (value.type === 'number_literal') continue;
      const field = arg.descendantsOfType('identifier').find((id) => id?.text.startsWith('FWPS_FIELD_'));
      if (!field) continue;
      const name = field.text;
      if (role === 'interfaceIndex' && /_SUB_INTERFACE_INDEX$/.test(name)) {
        out.push(
          finding(
            'WFP1006',
            `\`interfaceIndex\` is given the sub-interface index (${name}); the two are swapped.`,
            arg.startIndex,
            arg.endIndex,
          ),
        );
        continue;
      }
      if (
        role === 'subInterfaceIndex' &&
        /_INTERFACE_INDEX$/.test(name) &&
        !/_SUB_INTERFACE_INDEX$/.test(name)
      ) {
        out.push(
          finding(
            'WFP1006',
            `\`subInterfaceIndex\` is given the interface index (${name}); the two are swapped.`,
            arg.startIndex,
            arg.endIndex,
          ),
        );
        continue;
      }
      const fieldLayer = layerFromFieldConstant(name);
      if (scope && scope.layers.length && fieldLayer && !scope.layers.some((l) => l.id === fieldLayer)) {
        out.push(
          finding(
            'WFP1006',
            `${name} belongs to ${fieldLayer}, but ${scope.name} runs at ${scope.layers.map((l) => l.id).join(', ')}.`,
            arg.startIndex,
            arg.endIndex,
            {
              related: relatedEvidence(branchEvidence(scope)),
            },
          ),
        );
      }
    }
  }
  return out;
};
