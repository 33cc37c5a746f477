// WFP1001–WFP1005: checks of the arguments of a single call against the catalog prototype.
import type { CallSite } from '../analysis/calls';
import { paramByRole } from '../catalog';
import { hasPreprocessorOrError, isKnownNonZero, isNullLiteral, unwrap } from '../analysis/values';
import { finding } from './finding';
import type { Finding, Rule, RuleContext } from './types';


/** An argument list we can count: no ERROR nodes, no #if inside, no macro that could expand to commas. */
function countable(site: CallSite): boolean {
  const list = site.call.childForFieldName('arguments');
  return !!list && !hasPreprocessorOrError(list);
}

export const argumentCount: Rule = ({ calls }: RuleContext) => {
  const out: Finding[] = [];
  for (const site of calls) {
    const expected = site.fn.params.length;
    if (site.args.length === expected || !countable(site)) continue;
    const list = site.call.childForFieldName('arguments')!;
    const missing = site.fn.params.slice(site.args.length).map((p) => p.name);
    const detail =
      site.args.length < expected
        ? `missing ${missing.join(', ')}`
        : `${site.args.length - expected} extra argument${site.args.length - expected > 1 ? 's' : ''}`;
    out.push(
      finding(
        'WFP1001',
        `${site.fn.name} takes ${expected} arguments but ${site.args.length} are passed (${detail}); the arguments after the gap land in the wrong parameters.`,
        list.startIndex,
        list.endIndex,
      ),
    );
  }
  return out;
};

export const reservedArguments: Rule = ({ calls }: RuleContext) => {
  const out: Finding[] = [];
  for (const site of calls) {
    // With a wrong count, positions are meaningless: WFP1001 already speaks.
    if (site.args.length !== site.fn.params.length) continue;
    site.fn.params.forEach((p, i) => {
      const arg = site.args[i];
      if (!p.mustBe || hasPreprocessorOrError(arg)) return;
      if (!isKnownNonZero(arg)) return;
      const isNull = p.mustBe === 'null';
      const value = isNull ? 'NULL' : '0';
      out.push(
        finding(
          isNull ? 'WFP1002' : 'WFP1003',
          `\`${p.name}\` of ${site.fn.name} is reserved and must be ${value}, but \`${arg.text}\` is passed.`,
          arg.startIndex,
          arg.endIndex,
          { fixes: [{ title: `Pass ${value} for the reserved \`${p.name}\``, edits: [{ start: arg.startIndex, end: arg.endIndex, newText: value }], preferred: true, safe: true }] },
        ),
      );
    });
  }
  return out;
};

export const requiredArguments: Rule = ({ calls }: RuleContext) => {
  const out: Finding[] = [];
  for (const site of calls) {
    if (site.args.length !== site.fn.params.length) continue;
    site.fn.params.forEach((p, i) => {
      const arg = site.args[i];
      if (!p.nonNull || hasPreprocessorOrError(arg) || !isNullLiteral(arg)) return;
      out.push(
        finding('WFP1005', `\`${p.name}\` of ${site.fn.name} must not be NULL.`, arg.startIndex, arg.endIndex),
      );
    });
  }
  return out;
};

/** WFP1004 (value part): the call's own addressFamily must be AF_INET or AF_INET6. */
export const addressFamilyValue: Rule = ({ calls }: RuleContext) => {
  const out: Finding[] = [];
  for (const site of calls) {
    if (!site.fn.injection || site.args.length !== site.fn.params.length) continue;
    const p = paramByRole(site.fn, 'addressFamily');
    if (!p) continue;
    const arg = site.args[p.index];
    const v = unwrap(arg);
    const bad =
      (v.type === 'identifier' && /^AF_/.test(v.text) && v.text !== 'AF_INET' && v.text !== 'AF_INET6') ||
      (v.type === 'number_literal' && v.text !== '2' && v.text !== '23');
    if (!bad) continue;
    out.push(
      finding('WFP1004', `\`addressFamily\` of ${site.fn.name} must be AF_INET or AF_INET6, not \`${arg.text}\`.`, arg.startIndex, arg.endIndex),
    );
  }
  return out;
};
