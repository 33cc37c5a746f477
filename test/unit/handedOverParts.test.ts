// WFP2007 on the failure path when the MDL and buffer under a built NBL are handed to the
// completion function (their locals set to NULL) before the injection, not after it succeeded.
import * as assert from 'assert';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { applyEdits } from '../../server/src/rules/fixes';

describe('rules: packet parts handed over before the injection', () => {
  it('flags the early hand-over and nothing where the locals are cleared after success or on an error path', async () => {
    const r = await checkFixtures(['ownership', 'handed-over-parts.c']);
    const { file, findings } = r.get('handed-over-parts.c')!;
    assertAnnotated({ file, findings });
    // Freeing `mdl` at the label would free NULL: the fix is to move the hand-over, so none is offered.
    assert.deepStrictEqual(
      findings.map((f) => f.fixes.length),
      [0],
    );
  });

  it('asks the completion function to free the MDL a helper built the NBL over and gave back only through it', async () => {
    const r = await checkFixtures(['ownership', 'built-by-helper.c']);
    assertAnnotated(r.get('built-by-helper.c')!);
  });

  it('frees that MDL through the NBL on the failure path, before the NBL', async () => {
    const r = await checkFixtures(['ownership', 'built-by-helper.c']);
    const { file, findings } = r.get('built-by-helper.c')!;
    const onFailure = findings.filter((f) => f.message.startsWith('When '));
    assert.strictEqual(onFailure.length, 1);
    const fixed = applyEdits(file.text, onFailure[0].fixes[0].edits);
    assert.match(
      fixed,
      /\n {12}IoFreeMdl\(NET_BUFFER_FIRST_MDL\(NET_BUFFER_LIST_FIRST_NB\(nbl\)\)\);\n {12}FwpsFreeNetBufferList0\(nbl\);\n {12}nbl = NULL;/,
    );
  });
});
