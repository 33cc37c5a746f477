// WFP3005: a classify function whose packets come back to it needs FwpsQueryPacketInjectionState0,
// asked with the handle it injects with. Judged per classify function: one that injects, or that
// clones and hands the clone on to be injected; a clone only read and freed needs no check.
import type { Node } from '../parse/syntaxNode';
import { injectedAway, paramByRole } from '../catalog';
import type { CallSite } from '../analysis/calls';
import { definitionsByName, reachesInjection, type CloneUseContext } from '../analysis/cloneUse';
import { calledNames, parameterNames } from '../analysis/functions';
import { resolvedHandle } from '../analysis/handles';
import { unwrap } from '../analysis/values';
import { nblText } from '../analysis/nbl';
import { nblArgument } from '../analysis/ownership';
import type { SourceFile } from '../parse/document';
import { finding } from './finding';
import { classifyScope } from '../analysis/classifyScope';
import { detectStyle, lineIndent } from './style';
import type { Finding, Fix, Rule } from './types';

export const isQuery = (name: string) => name.startsWith('FwpsQueryPacketInjectionState');

/** The clone made by this call is injected, here or by code it is handed to. */
function cloneIsInjected(site: CallSite, def: Node, calls: CallSite[], ctx: CloneUseContext): boolean {
  const out = site.args[site.args.length - 1];
  const n = out && unwrap(out);
  if (!n || n.type !== 'pointer_expression' || !n.text.startsWith('&')) return true;
  const target = n.childForFieldName('argument');
  // Cloned straight into a field or through a pointer: kept for code we do not follow.
  if (!target || target.type !== 'identifier') return true;
  const name = target.text;
  const inDef = calls.filter((c) => c.enclosingFunction?.id === def.id);
  if (inDef.some((c) => c.fn.injection && nblText(nblArgument(c) ?? c.call) === name)) return true;
  // Freed outright in the function's own block: whatever it was passed to only looked at it
  // (an injected NBL is not the caller's to free). Helpers that only read often mention no Fwps name
  // and are not indexed, so this is what tells them from a queue.
  const body = def.childForFieldName('body');
  const freedOutright = inDef.some(
    (c) =>
      (c.fn.kind === 'nblFree' || c.fn.name === 'FwpsDiscardClonedStreamData0') &&
      c.args[0] &&
      nblText(c.args[0]) === name &&
      c.call.parent?.type === 'expression_statement' &&
      c.call.parent.parent?.id === body?.id,
  );
  if (freedOutright) return false;
  return reachesInjection(def, name, ctx);
}

/** One place the function asks whether a packet is its own: the handle it asks with, where that is written. */
interface Asked {
  key: string | undefined;
  /** The handle expression (a query's first argument, or the argument a helper asks with). */
  at: Node;
  /** The expression can be replaced by the injection's handle. */
  replaceable: boolean;
}

type Verdict =
  | { kind: 'checked' }
  | { kind: 'missing' }
  | { kind: 'otherHandle'; asked: Asked; inject: CallSite };

/** The handles the function asks FwpsQueryPacketInjectionState* with, directly or through a helper it calls. */
function askedHandles(def: Node, inDef: CallSite[], index: RuleIndex): Asked[] {
  const out: Asked[] = [];
  for (const q of inDef.filter((c) => isQuery(c.fn.name) && c.args.length))
    out.push({ key: resolvedHandle(q.args[0], def), at: q.args[0], replaceable: true });
  for (const call of def.childForFieldName('body')!.descendantsOfType('call_expression')) {
    const callee = call?.childForFieldName('function');
    if (
      !call ||
      callee?.type !== 'identifier' ||
      isQuery(callee.text) ||
      !index.checksInjectionState(callee.text)
    )
      continue;
    const checks = index.stateChecks(callee.text);
    const args =
      call
        .childForFieldName('arguments')
        ?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
    if (!checks.length) out.push({ key: undefined, at: call, replaceable: false });
    for (const c of checks) {
      const arg = c.param !== undefined ? args[c.param] : undefined;
      if (arg) out.push({ key: resolvedHandle(arg, def), at: arg, replaceable: true });
      else out.push({ key: c.param === undefined ? c.key : undefined, at: callee, replaceable: false });
    }
  }
  return out;
}

function verdict(def: Node, calls: CallSite[], site: CallSite, index: RuleIndex): Verdict {
  const inDef = calls.filter((c) => c.enclosingFunction?.id === def.id);
  const asked = askedHandles(def, inDef, index);
  if (!asked.length)
    return [...calledNames(def.childForFieldName('body')!)].some(isQuery)
      ? { kind: 'checked' }
      : { kind: 'missing' };
  // One check we cannot follow may be the right one.
  if (asked.some((a) => !a.key)) return { kind: 'checked' };
  const keys = asked.map((a) => a.key);
  const injections = site.fn.injection
    ? [site]
    : inDef.filter((c) => c.fn.injection?.needsSelfInjectionCheck);
  for (const inject of injections) {
    if (inject.args.length !== inject.fn.params.length) continue;
    const handle = paramByRole(inject.fn, 'injectionHandle');
    const key = handle && resolvedHandle(inject.args[handle.index], def);
    if (key && !keys.includes(key)) return { kind: 'otherHandle', asked: asked[0], inject };
  }
  return { kind: 'checked' };
}

type RuleIndex = Parameters<Rule>[0]['index'];

/**
 * The call's packets, or those the classify function injects itself when the call is a clone,
 * go down the path it is not on (a reply into the receive path from an outbound layer): they
 * never come back to it.
 */
function allInjectedAway(site: CallSite, def: Node, calls: CallSite[], index: RuleIndex): boolean {
  const injections = site.fn.injection
    ? [site]
    : calls.filter((c) => c.fn.injection && c.enclosingFunction?.id === def.id);
  return (
    injections.length > 0 &&
    injections.every((c) => {
      const layers = classifyScope(c, index)?.layers.map((l) => l.id) ?? [];
      return injectedAway(c.fn, layers);
    })
  );
}

export const selfInjectionCheck: Rule = ({ file, calls, index }) => {
  const out: Finding[] = [];
  const reported = new Set<number>();
  let ctx: CloneUseContext | undefined;
  for (const site of calls) {
    const cloning = site.fn.name === 'FwpsAllocateCloneNetBufferList0';
    if (!cloning && !site.fn.injection?.needsSelfInjectionCheck) continue;
    const scope = classifyScope(site, index);
    if (!scope || reported.has(scope.def.id)) continue;
    if (scope.allLayers.some((l) => l.group === 'Stream') || site.fn.name === 'FwpsStreamInjectAsync0')
      continue;
    if (allInjectedAway(site, scope.def, calls, index)) continue;
    ctx ??= { index, definitions: definitionsByName(file.tree!.rootNode) };
    if (cloning && !cloneIsInjected(site, scope.def, calls, ctx)) continue;
    const v = verdict(scope.def, calls, site, index);
    if (v.kind === 'checked') continue;
    reported.add(scope.def.id);
    if (v.kind === 'otherHandle') {
      const asked = v.asked.at;
      const used = v.inject.args[paramByRole(v.inject.fn, 'injectionHandle')!.index];
      const what = v.asked.replaceable
        ? `\`${asked.text}\``
        : `the handle ${asked.text} uses (\`${v.asked.key!.replace(/^\./, '')}\`)`;
      out.push(
        finding(
          'WFP3005',
          `${scope.name} asks FwpsQueryPacketInjectionState0 about ${what} but injects with \`${used.text}\`: packets injected through \`${used.text}\` are not recognised as its own, come back to it and loop.`,
          asked.startIndex,
          asked.endIndex,
          {
            related: [
              {
                uri: file.uri,
                start: v.inject.nameNode.startIndex,
                end: v.inject.nameNode.endIndex,
                line: v.inject.nameNode.startPosition.row,
                message: `injects with ${used.text} here`,
              },
            ],
            fixes: v.asked.replaceable
              ? [
                  {
                    title: `Ask with ${used.text}, the handle the function injects with`,
                    edits: [{ start: asked.startIndex, end: asked.endIndex, newText: used.text }],
                    safe: false,
                  },
                ]
              : [],
          },
        ),
      );
      continue;
    }
    const fix = selfInjectionFix(file, scope.def, calls);
    out.push(
      finding(
        'WFP3005',
        `${scope.name} ${cloning ? 'clones packets to inject' : 'injects packets'} but never asks FwpsQueryPacketInjectionState0 whether a packet is its own: its injected packets come back to it and loop.`,
        site.nameNode.startIndex,
        site.nameNode.endIndex,
        { fixes: fix ? [fix] : [] },
      ),
    );
  }
  return out;
};

/**
 * Inserts the loop guard after the classify function's leading declarations, asking with the
 * handle the function injects with. No fix when that handle is not visible in the function.
 */
function selfInjectionFix(file: SourceFile, def: Node, calls: CallSite[]): Fix | undefined {
  const inject = calls.find(
    (c) => c.enclosingFunction?.id === def.id && c.fn.injection && c.args.length === c.fn.params.length,
  );
  const handleParam = inject && paramByRole(inject.fn, 'injectionHandle');
  const params = parameterNames(def);
  const body = def.childForFieldName('body');
  if (!inject || !handleParam || params.length < 6 || !body) return undefined;
  const layerData = params[2];
  const classifyOut = params[params.length - 1];
  const handle = inject.args[handleParam.index].text;
  const style = detectStyle(file, body);
  const statements = body.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  // After the leading declarations, so that C89-style bodies stay valid.
  let anchor: Node | undefined;
  for (const s of statements) {
    if (s.type !== 'declaration') break;
    anchor = s;
  }
  const at = anchor ? anchor.endIndex : body.startIndex + 1;
  const indent = statements[0]
    ? lineIndent(file, statements[0].startIndex)
    : lineIndent(file, body.startIndex) + style.unit;
  const u = style.unit;
  const e = style.eol;
  const open = style.braceOnOwnLine ? `${e}${indent}{` : ' {';
  const text =
    `${e}${e}${indent}/* Let packets this driver injected pass, or they are classified and injected again forever. */` +
    `${e}${indent}switch (FwpsQueryPacketInjectionState0(${handle}, (NET_BUFFER_LIST*)${layerData}, NULL))${open}` +
    `${e}${indent}case FWPS_PACKET_INJECTED_BY_SELF:${e}${indent}case FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF:` +
    `${e}${indent}${u}${classifyOut}->actionType = FWP_ACTION_PERMIT;${e}${indent}${u}return;` +
    `${e}${indent}default:${e}${indent}${u}break;${e}${indent}}`;
  return {
    title: `Let self-injected packets pass (FwpsQueryPacketInjectionState0 with ${handle})`,
    edits: [{ start: at, end: at, newText: text }],
    preferred: true,
    safe: true,
  };
}
