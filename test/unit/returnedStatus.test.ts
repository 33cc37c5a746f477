// An injection status handed back through a local: the NBL built here is lost to the caller.
import * as assert from 'assert';
import { checkFixtures, checkText } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { applyEdits } from '../../server/src/rules/fixes';

const FIXTURE = ['ownership', 'returned-status.c'];

describe('rules: injection status returned through a local', () => {
  it('flags a built or cloned local NBL whose status only goes back to the caller, and nothing else', async () => {
    const r = await checkFixtures(FIXTURE);
    const { file, findings } = r.get('returned-status.c')!;
    assertAnnotated({ file, findings });
  });

  it('fixes each one with a test and the paired free after the call, and the fix settles it', async () => {
    const r = await checkFixtures(FIXTURE);
    const { file, findings } = r.get('returned-status.c')!;
    // The default case's leak before the injection shares its return with the injected NBL: no fix.
    const edits = findings
      .filter((f) => f.ruleId === 'WFP2002' && !/leaks here/.test(f.message))
      .map((f) => f.fixes.find((x) => x.preferred && x.safe)!)
      .flatMap((fix) => fix.edits)
      .sort((a, b) => b.start - a.start);
    assert.strictEqual(edits.length, 3);
    const text = applyEdits(file.text, edits);
    assert.match(
      text,
      /status = FwpsInjectNetworkSendAsync0\([^;]*\);\n\s*if \(!NT_SUCCESS\(status\)\)\n\s*\{\n\s*FwpsFreeNetBufferList0\(built\);/,
    );
    assert.match(text, /if \(!NT_SUCCESS\(result\)\)\n\s*\{\n\s*FwpsFreeCloneNetBufferList0\(copy, 0\);/);
    assert.match(text, /if \(!NT_SUCCESS\(sent\)\)\n\s*\{\n\s*FwpsFreeCloneNetBufferList0\(copy, 0\);/);
    const fixed = await checkText('file:///fixtures/returned-status-fixed.c', text);
    assert.strictEqual(fixed.file.tree!.rootNode.hasError, false);
    assert.deepStrictEqual(
      fixed.findings.map((f) => f.ruleId),
      ['WFP2002'],
    );
    fixed.file.dispose();
  });
});

describe('rules: injection status returned, the NBL in a record of this function', () => {
  it('flags a pool record no caller can reach, and none listed, handed on or given by the caller', async () => {
    const r = await checkFixtures(['ownership', 'returned-record.c']);
    assertAnnotated(r.get('returned-record.c')!);
  });
});
