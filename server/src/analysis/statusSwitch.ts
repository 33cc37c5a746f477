// `switch (status) { case STATUS_SUCCESS: … default: … }` as the test of an injection's status:
// which cases a failing (or succeeding) status can enter. Injection functions return
// STATUS_SUCCESS when the completion function will run and an error code otherwise.
import type { Node } from '../parse/syntaxNode';
import { unwrap } from './values';

export type CaseKind = 'success' | 'failure' | 'default';

/** The case statements of a switch, in order. */
export function switchCases(sw: Node): Node[] {
  const body = sw.childForFieldName('body');
  return (body?.namedChildren ?? []).filter((c): c is Node => !!c && c.type === 'case_statement');
}

/** What each case tests, or undefined when a value is not a plain STATUS_ constant. */
export function caseKinds(sw: Node): CaseKind[] | undefined {
  const kinds: CaseKind[] = [];
  for (const c of switchCases(sw)) {
    const value = c.childForFieldName('value');
    if (!value) kinds.push('default');
    else if (value.text === 'STATUS_SUCCESS') kinds.push('success');
    else if (/^STATUS_\w+$/.test(value.text)) kinds.push('failure');
    else return undefined;
  }
  return kinds;
}

/** The switch tests exactly `subject` (the status variable, or the call itself). */
export function switchesOn(sw: Node, subject: string): boolean {
  const cond = sw.childForFieldName('condition');
  return !!cond && unwrap(cond).text.replace(/\s+/g, '') === subject.replace(/\s+/g, '');
}

export interface CaseChoice {
  /** Per case: can this path enter the switch there? */
  enter: boolean[];
  /** Can this path match no case and skip the switch? */
  skip: boolean;
}

/**
 * Where a failing status goes: every error case and `default` (or past the switch without one).
 * A succeeding one: `case STATUS_SUCCESS`, else `default`, else past the switch.
 */
export function chooseCases(kinds: CaseKind[], failing: boolean): CaseChoice {
  const hasDefault = kinds.includes('default');
  if (failing) return { enter: kinds.map((k) => k !== 'success'), skip: !hasDefault };
  const hasSuccess = kinds.includes('success');
  return {
    enter: kinds.map((k) => (hasSuccess ? k === 'success' : k === 'default')),
    skip: !hasSuccess && !hasDefault,
  };
}
