// WFP2002 for a completion context allocated here and freed only by the completion function.
import * as assert from 'assert';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { parseSource } from '../../server/src/parse/document';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { checkFile } from '../../server/src/rules';

const FIXTURE = ['ownership', 'context-on-failure.c'];

describe('rules: completion context freed on the failure path', () => {
  it('flags a context only the completion function frees when the failure path frees just the NBL', async () => {
    const r = await checkFixtures(FIXTURE);
    const { file, findings } = r.get('context-on-failure.c')!;
    assertAnnotated({ file, findings });
    const messages = findings.map((f) => f.message);
    assert.strictEqual(messages.filter((m) => m.startsWith('`send` leaks')).length, 2);
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
    let text = file.text;
    for (const e of [...fix.edits].sort((a, b) => b.start - a.start))
      text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    assert.match(
      text,
      /FwpsFreeCloneNetBufferList0\(clone, 0\);\n\s*ExFreePoolWithTag\(send, SEND_TAG\);\n\s*return;/,
    );
    const fixed = await parseSource('file:///fixtures/context-on-failure-fixed.c', text);
    const index = new WorkspaceIndex();
    index.update(fixed, 'win10');
    index.complete = true;
    assert.strictEqual(checkFile(fixed, 'win10', index).length, findings.length - 1);
    fixed.dispose();
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
      ['Free `send` on failure too (ExFreePoolWithTag)', undefined],
    );
    const [edit] = fixes[0]!.edits;
    const text = file.text.slice(0, edit.start) + edit.newText + file.text.slice(edit.end);
    assert.match(text, /FwpsFreeCloneNetBufferList0\(clone, 0\);\n {8}ExFreePoolWithTag\(send, SEND_TAG\);/);
    const fixed = await parseSource('file:///fixtures/context-on-failure-fixed.c', text);
    const index = new WorkspaceIndex();
    index.update(fixed, 'win10');
    index.complete = true;
    assert.strictEqual(
      checkFile(fixed, 'win10', index).filter((f) => f.message.startsWith('`send` leaks')).length,
      1,
    );
    fixed.dispose();
  });
});
