// WFP3001, WFP3002, WFP3007: injection handles against the calls that use them.
import { injectionFunctions, paramByRole, resolveFunction, type FunctionSpec } from '../catalog';
import { classifyScope } from '../analysis/classifyScope';
import { documentedInjections } from './layers';
import type { HandleFact } from '../analysis/facts';
import { addressFamilyLiteral, handleKey, injectionTypes } from '../analysis/handles';
import { unwrap } from '../analysis/values';
import { functionName, parameterNames } from '../analysis/functions';
import type { CallSite } from '../analysis/calls';
import type { Node } from '../parse/syntaxNode';
import { finding } from './finding';
import type { Finding, RelatedLocation, Rule } from './types';

function related(h: HandleFact, message: string): RelatedLocation {
  return { uri: h.uri, start: h.start, end: h.end, line: h.line, message };
}

function describeTypes(types: string[]): string {
  return types.length ? types.join(' | ') : 'flags 0';
}

/** The handle serves this function: one of its types is accepted, or flags 0 where allowed. */
export function handleServes(fn: FunctionSpec, types: string[]): boolean {
  const inj = fn.injection!;
  if (types.length === 0) return inj.zeroFlagsHandleOk;
  return types.some((t) => inj.handleTypes.includes(t));
}

/** All creations of the key agree on one type set and family, or we cannot tell. */
function consistentCreation(creations: HandleFact[]): HandleFact | undefined {
  if (!creations.length) return undefined;
  const first = creations[0];
  if (!first.types) return undefined;
  const same = creations.every(
    (c) =>
      c.types &&
      c.types.slice().sort().join('|') === first.types!.slice().sort().join('|') &&
      c.family === first.family,
  );
  return same ? first : undefined;
}

/**
 * A handle the function is given as a parameter (`InjectIn(pkt, injectionHandle)`): the
 * creations of what every caller passes for it, one call level up; undefined when a caller
 * passes something that cannot be named (its own parameter, a call's result) or never created.
 */
function passedHandles(site: CallSite, arg: Node, index: RuleIndex): HandleFact[] | undefined {
  const def = site.enclosingFunction;
  const fn = def && functionName(def);
  const n = unwrap(arg);
  const param = def && n.type === 'identifier' ? parameterNames(def).indexOf(n.text) : -1;
  if (!fn || param < 0 || assignsTo(def!, n.text)) return undefined;
  const out: HandleFact[] = [];
  const callers = index.callGraph().callers(fn);
  if (!callers.length) return undefined;
  for (const caller of callers)
    for (const s of index.definitions(caller))
      for (const c of s.calls) {
        if (c.callee !== fn) continue;
        const a = c.args[param];
        if (!a || a.addr || !('local' in a) || !/^(\.\w+)*$/.test(a.path)) return undefined;
        const key = a.path ? a.path.slice(a.path.lastIndexOf('.')) : a.local;
        const made = index.handles(key);
        if (!made.length) return undefined;
        out.push(...made);
      }
  return out.length ? out : undefined;
}

/** `name = …` anywhere in the function. */
function assignsTo(def: Node, name: string): boolean {
  return def
    .descendantsOfType('assignment_expression')
    .some((a) => a?.childForFieldName('left')?.text === name);
}

type RuleIndex = Parameters<Rule>[0]['index'];

/**
 * The injection functions a handle of these types serves, when every one of them needs a handle
 * created with AF_UNSPEC (`FWPS_INJECTION_TYPE_L2` alone): the family is judged where it is made.
 */
function unspecOnly(types: string[]): FunctionSpec[] | undefined {
  if (!types.length) return undefined;
  const served = injectionFunctions().filter((f) => handleServes(f, types));
  return served.length && served.every((f) => f.injection!.handleAddressFamily === 'unspec')
    ? served
    : undefined;
}

/** `FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_L2, &h)`: wrong whatever injects with it. */
function familyAtCreation(calls: CallSite[]): Finding[] {
  const out: Finding[] = [];
  for (const site of calls) {
    if (site.fn.name !== 'FwpsInjectionHandleCreate0' || site.args.length !== 3) continue;
    const types = injectionTypes(site.args[1]);
    const family = addressFamilyLiteral(site.args[0]);
    const served = types && unspecOnly(types);
    if (!served || (family !== 'AF_INET' && family !== 'AF_INET6')) continue;
    const arg = unwrap(site.args[0]);
    out.push(
      finding(
        'WFP3002',
        `A handle created with ${describeTypes(types)} serves only ${served.map((f) => f.name).join(', ')}, which need it created with AF_UNSPEC, not ${family}.`,
        arg.startIndex,
        arg.endIndex,
        {
          fixes: [
            {
              title: 'Create the handle with AF_UNSPEC',
              preferred: true,
              safe: false,
              edits: [{ start: arg.startIndex, end: arg.endIndex, newText: 'AF_UNSPEC' }],
            },
          ],
        },
      ),
    );
  }
  return out;
}

export const handleTypeAndFamily: Rule = ({ calls, index }) => {
  const out: Finding[] = familyAtCreation(calls);
  for (const site of calls) {
    if (!site.fn.injection || site.args.length !== site.fn.params.length) continue;
    const handleArg = site.args[paramByRole(site.fn, 'injectionHandle')!.index];
    const key = handleKey(handleArg);
    const created = key
      ? (consistentCreation(index.handles(key)) ??
        consistentCreation(passedHandles(site, handleArg, index) ?? []))
      : undefined;
    if (!created) continue;
    const types = created.types!;
    if (!handleServes(site.fn, types)) {
      const wanted = site.fn.injection.handleTypes.join(' or ');
      // At a layer where the function is not documented either, the handle may be the right one
      // and the function the mistake (a transport send from a stream classify).
      const scope = classifyScope(site, index);
      const layers = scope?.layers ?? [];
      const fitting = layers.some((l) => l.injectWith.some((i) => i.fn === site.fn.name))
        ? []
        : documentedInjections(layers).filter((name) => {
            const f = resolveFunction(name);
            return !!f && handleServes(f, types);
          });
      const orInstead = fitting.length
        ? `, or, since the classify runs at ${layers.map((l) => l.id).join(', ')}, inject with ${fitting.join(' or ')}, which it serves`
        : '';
      out.push(
        finding(
          'WFP3001',
          `\`${handleArg.text}\` was created with ${describeTypes(types)}, which does not serve ${site.fn.name}; create it with ${wanted}${orInstead}.`,
          handleArg.startIndex,
          handleArg.endIndex,
          { related: [related(created, 'injection handle created here')] },
        ),
      );
      continue;
    }
    const family = created.family;
    if (!family) continue;
    const need = site.fn.injection.handleAddressFamily;
    let problem: string | undefined;
    if (need === 'inet' && family === 'AF_UNSPEC')
      problem = `${site.fn.name} needs a handle created for AF_INET or AF_INET6 (one per IP version)`;
    // A handle only such functions take is reported where it is created (familyAtCreation).
    if (need === 'unspec' && family !== 'AF_UNSPEC' && !unspecOnly(types))
      problem = `${site.fn.name} needs a handle created with AF_UNSPEC`;
    const afParam = paramByRole(site.fn, 'addressFamily');
    const callFamily = afParam && addressFamilyLiteral(site.args[afParam.index]);
    if (
      !problem &&
      callFamily &&
      family !== 'AF_UNSPEC' &&
      (callFamily === 'AF_INET' || callFamily === 'AF_INET6') &&
      callFamily !== family
    ) {
      problem = `the call injects ${callFamily} packets through a handle created for ${family}`;
    }
    if (problem) {
      out.push(
        finding(
          'WFP3002',
          `\`${handleArg.text}\` was created for ${family}: ${problem}.`,
          handleArg.startIndex,
          handleArg.endIndex,
          {
            related: [related(created, 'injection handle created here')],
          },
        ),
      );
    }
  }
  return out;
};

export const handleLifetime: Rule = ({ file, calls, index }) => {
  const out: Finding[] = [];
  const all = index.allHandles();
  const inUnload = (h: HandleFact) => !!h.fn && index.inUnloadPath(h.fn);
  for (const h of all) {
    if (h.uri !== file.uri) continue;
    if (inUnload(h)) {
      // A create in the unload path is a slip for the destroy that belongs there.
      const site = calls.find(
        (c) => c.call.startIndex === h.start && c.fn.name === 'FwpsInjectionHandleCreate0',
      );
      const target = site && unwrap(site.args[2]);
      const handle =
        target?.type === 'pointer_expression' ? target.childForFieldName('argument')?.text : undefined;
      out.push(
        finding(
          'WFP3007',
          `${h.fn} is on the driver's unload path but creates an injection handle in \`${h.key.replace(/^\./, '')}\`: FwpsInjectionHandleDestroy0 was meant, and the handle created at load is never destroyed.`,
          h.start,
          h.end,
          handle
            ? {
                fixes: [
                  {
                    title: `Destroy the handle: FwpsInjectionHandleDestroy0(${handle})`,
                    edits: [
                      { start: h.start, end: h.end, newText: `FwpsInjectionHandleDestroy0(${handle})` },
                    ],
                    safe: false,
                  },
                ],
              }
            : {},
        ),
      );
      continue;
    }
    if (!h.statusUsed) {
      out.push(
        finding(
          'WFP3007',
          'The status of FwpsInjectionHandleCreate0 is ignored: when it fails (for example STATUS_FWP_TCPIP_NOT_READY) the handle is not valid.',
          h.start,
          h.end,
        ),
      );
    } else if (index.complete && !destroyedAnyway(h, index) && !index.handles(h.key).some(inUnload)) {
      out.push(
        finding(
          'WFP3007',
          `The injection handle stored in \`${h.key.replace(/^\./, '')}\` is never passed to FwpsInjectionHandleDestroy0 in the workspace; destroy it when the driver unloads.`,
          h.start,
          h.end,
        ),
      );
    }
  }
  return out;
};

/** Destroyed under its own key or under a key it was copied to (`ctx->handle = h;`). */
function destroyedAnyway(h: HandleFact, index: Parameters<Rule>[0]['index']): boolean {
  return index.isDestroyed(h.key) || (h.aliases ?? []).some((k) => index.isDestroyed(k));
}
