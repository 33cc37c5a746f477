// A function with exactly one finding, and its text once that finding's first fix is applied:
// the fix tests of one rule ask it (freeBeforeLeaving, testStatusFix).
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import type { Fix } from '../../server/src/rules/types';
import type { RuleId } from '../../server/src/catalog/rules';

/**
 * `head` then `lines` hold one finding of `ruleId`; its first fix (checked by `expect`) leaves
 * none. The text after `head`, fixed; undefined when the finding has no fix.
 */
export async function afterOneFix(
  head: string,
  lines: string[],
  ruleId: RuleId,
  expect: (fix: Fix) => void,
): Promise<string | undefined> {
  const uri = 'file:///one-fix.c';
  const text = head + lines.join('\n') + '\n';
  const findings = checkFile(await parseSource(uri, text), 'win10');
  assert.deepStrictEqual(
    findings.map((f) => f.ruleId),
    [ruleId],
    text,
  );
  const fix = findings[0].fixes[0];
  if (!fix) return undefined;
  expect(fix);
  const out = applyEdits(text, fix.edits);
  assert.deepStrictEqual(
    checkFile(await parseSource(uri, out), 'win10').map((f) => f.ruleId),
    [],
    out,
  );
  return out.slice(head.length);
}
