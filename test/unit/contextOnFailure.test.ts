// WFP2002 for a completion context allocated here and freed only by the completion function.
import * as assert from 'assert';
import { checkFixtures, checkText } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { applyEdits } from '../../server/src/rules/fixes';

const FIXTURE = ['ownership', 'context-on-failure.c'];

describe('rules: completion context freed on the failure path', () => {
  it('flags a context only the completion function frees when the failure path frees just the NBL', async () => {
    const r = await checkFixtures(FIXTURE);
    const { file, findings } = r.get('context-on-failure.c')!;
    assertAnnotated({ file, findings });
    const messages = findings.map((f) => f.message);
    // The third takes its context into a local declared beforehand (`send = (SEND_CONTEXT*)context;`).
    assert.strictEqual(messages.filter((m) => m.startsWith('`send` leaks')).length, 3);
    assert.strictEqual(messages.filter((m) => m.startsWith('`clone` leaks')).length, 1);
  });

  it('frees the context with the NBL where the NBL leaks too, so that no second finding follows the fix', async () => {
    const r = await checkFixtures(FIXTURE);
    const { file, findings } = r.get('context-on-failure.c')!;
    const clone = findings.find((f) => f.message.startsWith('`clone` leaks'))!;
    const fix = clone.fixes.find((x) => x.preferred)!;
    assert.strictEqual(
      fix.title,
      'Free the NBL on failure (FwpsFreeCloneNetBufferList0) and its completion context',
    );
    const text = applyEdits(file.text, fix.edits);
    assert.match(
      text,
      /FwpsFreeCloneNetBufferList0\(clone, 0\);\n\s*ExFreePoolWithTag\(send, SEND_TAG\);\n\s*return;/,
    );
    const fixed = await checkText('file:///fixtures/context-on-failure-fixed.c', text);
    assert.strictEqual(fixed.findings.length, findings.length - 1);
    fixed.file.dispose();
  });

  it('frees it next to the NBL with the allocation tag, and the fix settles it', async () => {
    const r = await checkFixtures(FIXTURE);
    const { file, findings } = r.get('context-on-failure.c')!;
    const fixes = findings
      .filter((f) => f.message.startsWith('`send` leaks'))
      .map((f) => f.fixes.find((x) => x.preferred && x.safe));
    // The cleanup label frees the clone only when it is not NULL: no statement to put it after.
    assert.deepStrictEqual(
      fixes.map((f) => f?.title),
      [
        'Free `send` on failure too (ExFreePoolWithTag)',
        undefined,
        'Free `send` on failure too (ExFreePoolWithTag)',
      ],
    );
    const [edit] = fixes[0]!.edits;
    const text = applyEdits(file.text, [edit]);
    assert.match(text, /FwpsFreeCloneNetBufferList0\(clone, 0\);\n {8}ExFreePoolWithTag\(send, SEND_TAG\);/);
    const fixed = await checkText('file:///fixtures/context-on-failure-fixed.c', text);
    assert.strictEqual(fixed.findings.filter((f) => f.message.startsWith('`send` leaks')).length, 2);
    fixed.file.dispose();
  });
});
