// WFP1002–WFP1005: checks of the arguments of a single call against the catalog prototype
// (WFP1001, the count, is argumentCount.ts).
import { paramByRole } from '../catalog';
import { hasPreprocessorOrError, isKnownNonZero, isNullLiteral, unwrap } from '../analysis/values';
import { declaredTypes } from '../analysis/declaredTypes';
import { nullVerdict } from '../analysis/literalNull';
import { finding } from './finding';
import type { Finding, Rule, RuleContext } from './types';

export const reservedArguments: Rule = ({ file, calls }: RuleContext) => {
  const out: Finding[] = [];
  for (const site of calls) {
    // With a wrong count, positions are meaningless: WFP1001 already speaks.
    if (site.args.length !== site.fn.params.length) continue;
    let declared: Map<string, string> | undefined;
    site.fn.params.forEach((p, i) => {
      const arg = site.args[i];
      if (!p.mustBe || hasPreprocessorOrError(arg)) return;
      const literal = isKnownNonZero(arg);
      // A reserved pointer takes NULL literally: a variable or an expression is wrong even when it happens to be NULL.
      const isDeclared = (name: string) =>
        (declared ??= declaredTypes(site.enclosingFunction, file.tree!.rootNode)).has(name);
      if (!literal && !(p.mustBe === 'null' && nullVerdict(arg, file, isDeclared) === 'notNull')) return;
      const isNull = p.mustBe === 'null';
      const value = isNull ? 'NULL' : '0';
      out.push(
        finding(
          isNull ? 'WFP1002' : 'WFP1003',
          literal
            ? `\`${p.name}\` of ${site.fn.name} is reserved and must be ${value}, but \`${arg.text}\` is passed.`
            : `\`${p.name}\` of ${site.fn.name} is reserved and must be NULL literally, but \`${arg.text}\` is passed: a value that may be NULL today is not the reserved NULL.`,
          arg.startIndex,
          arg.endIndex,
          // Replacing a literal loses nothing; an expression may do work the author wants to keep elsewhere.
          {
            fixes: [
              {
                title: `Pass ${value} for the reserved \`${p.name}\``,
                edits: [{ start: arg.startIndex, end: arg.endIndex, newText: value }],
                preferred: true,
                safe: literal,
              },
            ],
          },
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
        finding(
          'WFP1005',
          `\`${p.name}\` of ${site.fn.name} must not be NULL.`,
          arg.startIndex,
          arg.endIndex,
        ),
      );
    });
  }
  return out;
};

/** WFP1004: the call's own addressFamily must be AF_INET or AF_INET6. */
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
      finding(
        'WFP1004',
        `\`addressFamily\` of ${site.fn.name} must be AF_INET or AF_INET6, not \`${arg.text}\`.`,
        arg.startIndex,
        arg.endIndex,
      ),
    );
  }
  return out;
};
