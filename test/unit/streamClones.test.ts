// WFP2003 on stream clones: a chain from FwpsCloneStreamData0 is released with FwpsDiscardClonedStreamData0.
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import { checkFile } from '../../server/src/rules';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { parseC } from '../helpers/source';

describe('WFP2003: stream clone chains', () => {
  it('flags FwpsFreeCloneNetBufferList0 on a stream clone, injected or not; not FwpsDiscardClonedStreamData0', async () => {
    const r = await checkFixtures(['ownership', 'stream-clones.c']);
    const { file, findings } = r.get('stream-clones.c')!;
    assertAnnotated(r.get('stream-clones.c')!);
    assert.match(
      findings[0].message,
      /free it with FwpsDiscardClonedStreamData0, not FwpsFreeCloneNetBufferList0/,
    );
    const fixed = await parseC(applyEdits(file.text, findings[0].fixes[0].edits));
    assert.match(fixed.text, /\n    FwpsDiscardClonedStreamData0\(chain, 0, FALSE\);\n}/);
    assert.deepStrictEqual(
      checkFile(fixed, 'win10').filter((f) => f.ruleId === 'WFP2003').length,
      1,
      'only the other one is left',
    );
  });
});
