// WFP1001: a call with more or fewer arguments than its function takes. The arguments are lined
// up with the parameters by their shape, so the message names the parameter really missing (or
// the argument really extra), and a missing argument gets a quick fix that inserts it in place.
import type { Node } from '../parse/syntaxNode';
import type { CallSite } from '../analysis/calls';
import { argumentShape, type ShapeContext } from '../analysis/argumentShapes';
import { bestAlignments, type Alignment } from '../analysis/alignment';
import { declaredTypes } from '../analysis/declaredTypes';
import { hasPreprocessorOrError } from '../analysis/values';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { finding } from './finding';
import { insertArgumentFixes } from './insertArgumentFix';
import type { Finding, Rule } from './types';

/** An argument list we can count: no ERROR nodes, no #if inside, no macro that could expand to commas. */
function countable(site: CallSite): boolean {
  const list = site.call.childForFieldName('arguments');
  return !!list && !hasPreprocessorOrError(list);
}

const ordinal = (i: number) => {
  const n = i + 1;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
};

function shapeContext(file: SourceFile, site: CallSite, index: WorkspaceIndex): ShapeContext {
  const types = declaredTypes(site.enclosingFunction, file.tree!.rootNode);
  const completions = index.completionFunctions();
  return {
    typeOf: (name) => types.get(name),
    isCompletionFunction: (name) => completions.has(name),
    isFunction: (name) => !!index.functionSummary(name),
    isInjectionHandle: (key) => index.handles(key).length > 0,
  };
}

/** All best alignments agree on what is missing and what is extra. */
function agreed(best: Alignment[]): Alignment | undefined {
  if (!best.length) return undefined;
  const key = (a: Alignment) => `${a.missing.join()}|${a.extra.join()}`;
  return best.every((a) => key(a) === key(best[0])) ? best[0] : undefined;
}

function describe(site: CallSite, best: Alignment[]): string {
  const fn = site.fn;
  const one = agreed(best);
  if (one && one.missing.length) {
    const names = one.missing.map((p) => `\`${fn.params[p].name}\` (${ordinal(p)} parameter)`);
    const first = one.missing[0];
    const shifted = site.args[first];
    const lands = shifted ? `, so \`${shifted.text}\` lands in \`${fn.params[first].name}\`` : '';
    const notes = one.missing.map((p) => fn.params[p].whenMissing).filter((s): s is string => !!s);
    return `${names.join(', ')} ${one.missing.length > 1 ? 'are' : 'is'} missing${lands}.${notes.map((s) => ` ${s}`).join('')}`;
  }
  if (one && one.extra.length) {
    const names = one.extra.map((a) => `\`${site.args[a].text}\` (${ordinal(a)} argument)`);
    return `${names.join(', ')} ${one.extra.length > 1 ? 'fill' : 'fills'} no parameter of ${fn.name}; the arguments after ${one.extra.length > 1 ? 'them' : 'it'} land in the wrong parameters.`;
  }
  const candidates = [...new Set(best.flatMap((a) => a.missing))].map((p) => `\`${fn.params[p].name}\``);
  if (candidates.length > 1 && candidates.length <= 3)
    return `one of ${candidates.join(', ')} is missing; the arguments after the gap land in the wrong parameters.`;
  return 'the arguments after the gap land in the wrong parameters.';
}

// `ctx.fileCalls` is read only for a fix: a declaration checked on its own finds them on demand.
export const argumentCount: Rule = (rule) => {
  const { file, calls, index } = rule;
  const out: Finding[] = [];
  for (const site of calls) {
    const expected = site.fn.params.length;
    if (site.args.length === expected || !countable(site)) continue;
    const list: Node = site.call.childForFieldName('arguments')!;
    const ctx = shapeContext(file, site, index);
    const best = bestAlignments(
      site.args.map((a) => argumentShape(a, ctx)),
      site.fn.params,
    );
    const one = agreed(best);
    out.push(
      finding(
        'WFP1001',
        `${site.fn.name} takes ${expected} arguments but ${site.args.length} ${site.args.length === 1 ? 'is' : 'are'} passed: ${describe(site, best)}`,
        list.startIndex,
        list.endIndex,
        {
          fixes: one && one.missing.length ? insertArgumentFixes(file, site, one, index, rule.fileCalls) : [],
        },
      ),
    );
  }
  return out;
};
