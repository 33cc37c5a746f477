// WFP3007 through a helper's slot parameter, a copy into a context field, and the unload path.
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated, findingsAt, withoutAnnotations } from '../helpers/annotations';

describe('WFP3007: handles through slots and fields', () => {
  it('pairs a destroy of *slot or ctx->handle with the create that filled it; reports one never destroyed and a create on the unload path', async () => {
    const r = await checkFixtures(['handles', 'slot_helpers.c'], ['handles', 'slot_driver.c']);
    assertAnnotated(r.get('slot_helpers.c')!);
    const { file, findings } = r.get('slot_driver.c')!;
    assertAnnotated(r.get('slot_driver.c')!);
    const [unload, lost] = findings;
    assert.match(
      unload.message,
      /InjectDriverUnload is on the driver's unload path .* FwpsInjectionHandleDestroy0 was meant/,
    );
    assert.match(lost.message, /`gLostHandle` is never passed to FwpsInjectionHandleDestroy0/);
    assert.deepStrictEqual(
      unload.fixes.map((f) => f.safe),
      [false],
    );
    assert.match(
      withoutAnnotations(applyEdits(file.text, unload.fixes[0].edits)),
      /\n    FwpsInjectionHandleDestroy0\(gTransportHandle\);\n}/,
    );
  });

  it('without the helpers in the workspace, a handle only they destroy looks never destroyed', async () => {
    // The helper file missing from a complete workspace: the destroy through the slot is not seen.
    const r = await checkFixtures(['handles', 'slot_driver.c']);
    const alone = r.get('slot_driver.c')!;
    assert.deepStrictEqual(
      findingsAt(alone, '$injectionHandleCreate').map((f) => f.ruleId),
      ['WFP3007'],
      'the direct create of injectionHandle has no visible destroy',
    );
    assert.deepStrictEqual(
      findingsAt(alone, '$macHandleCreate').map((f) => f.ruleId),
      ['WFP3007'],
      'nor macHandle, closed by value in the helper',
    );
  });
});
