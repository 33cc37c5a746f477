// Is this condition a test of a status, and which way round? `!NT_SUCCESS(s)`, `s != STATUS_SUCCESS`,
// and the project's own helpers that test a status (`if (!CheckStatus(s, "inject"))`).
import type { Node } from '../parse/syntaxNode';
import { statusMacroPolarity } from '../parse/treeMacros';

/** A function of the workspace that tests the status passed at `param` (true means success). */
export type StatusTestLookup = (fn: string) => { param: number; successWhenTrue: boolean } | undefined;

const FAILURE_TESTS = [
  /^!NT_SUCCESS\(S\)$/,
  /^S!=STATUS_SUCCESS$/,
  /^STATUS_SUCCESS!=S$/,
  /^FAILED\(S\)$/,
  /^NT_ERROR\(S\)$/,
  /^!SUCCEEDED\(S\)$/,
  /^S<0$/,
  /^0>S$/,
];
const SUCCESS_TESTS = [
  /^NT_SUCCESS\(S\)$/,
  /^S==STATUS_SUCCESS$/,
  /^STATUS_SUCCESS==S$/,
  /^SUCCEEDED\(S\)$/,
  /^S>=0$/,
  /^0<=S$/,
];

/** Arguments of `f(a,b(c),d)` as texts, cut at top-level commas. */
function argumentTexts(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(from, i));
      from = i + 1;
    }
  }
  out.push(inner.slice(from));
  return out;
}

/** Polarity of an if condition over the status (spelled `subject`): true = "true means failure". */
export function conditionPolarity(
  condition: Node,
  subject: string,
  tests?: StatusTestLookup,
): boolean | undefined {
  const text = condition.text.replace(/\s+/g, '');
  const s = subject.replace(/\s+/g, '');
  if (!text.includes(s)) return undefined;
  const macros: StatusTestLookup = (name) => {
    const failing = statusMacroPolarity(name, condition);
    return failing === undefined ? undefined : { param: 0, successWhenTrue: !failing };
  };
  return textPolarity(text.split(s).join('S'), (name) => tests?.(name) ?? macros(name));
}

/**
 * Polarity of a condition written without spaces, its status spelled `S` (`!NT_SUCCESS(S)`, or a
 * macro's body with its parameter replaced): true = "true means failure".
 */
export function textPolarity(condition: string, tests?: StatusTestLookup): boolean | undefined {
  // `!NT_SUCCESS(status = S)` tests the call's status too.
  let text = condition.replace(/\(\w+=S\)/g, '(S)');
  // Drop redundant parentheses: `((!NT_SUCCESS((S))))` → `!NT_SUCCESS(S)`, `(S)==X` → `S==X`.
  for (let prev = ''; prev !== text; ) {
    prev = text;
    text = text
      .replace(/\(\(S\)\)/g, '(S)')
      .replace(/(^|[^\w)])\(S\)/g, '$1S')
      .replace(/^\((.*)\)$/, '$1');
  }
  if (FAILURE_TESTS.some((r) => r.test(text))) return true;
  if (SUCCESS_TESTS.some((r) => r.test(text))) return false;
  const helper = tests && /^(!?)(\w+)\((.*)\)$/.exec(text);
  if (helper) {
    const test = tests!(helper[2]);
    const args = argumentTexts(helper[3]);
    if (
      test &&
      args[test.param] === 'S' &&
      args.filter((a) => a.includes('S') && /\bS\b/.test(a)).length === 1
    ) {
      return helper[1] === '!' ? test.successWhenTrue : !test.successWhenTrue;
    }
  }
  return undefined;
}
