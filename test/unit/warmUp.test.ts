// The sample the server checks while `initialize` is answered: it must exercise the engine (calls,
// ownership through a helper and a cleanup label) and be a correct driver, or the warm-up would
// be checking nothing, or logging findings nobody sees.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { findCatalogCalls } from '../../server/src/analysis/calls';
import { DEFAULT_TARGET } from '../../server/src/catalog';
import { checkFile } from '../../server/src/rules';
import { WARM_UP_DRIVER, warmUp } from '../../server/src/warmUp';
import { errorCount, parseC } from '../helpers/source';

describe('warm-up sample', () => {
  it('parses without errors and calls what drivers call', async () => {
    const file = await parseC(WARM_UP_DRIVER);
    assert.strictEqual(errorCount(file), 0);
    const names = new Set(findCatalogCalls(file).map((c) => c.fn.name));
    for (const fn of [
      'FwpsInjectionHandleCreate0',
      'FwpsAllocateCloneNetBufferList0',
      'FwpsInjectNetworkSendAsync0',
      'FwpsInjectForwardAsync0',
      'FwpsQueryPacketInjectionState0',
      'FwpsFreeCloneNetBufferList0',
    ])
      assert.ok(names.has(fn), fn);
  });

  it('is a correct driver: no finding, with its helpers indexed', async () => {
    const file = await parseC(WARM_UP_DRIVER);
    const index = new WorkspaceIndex();
    index.update(file, DEFAULT_TARGET);
    assert.deepStrictEqual(
      checkFile(file, DEFAULT_TARGET, index).map((f) => `${f.ruleId} ${f.message}`),
      [],
    );
  });

  it('finds the leak when the helper no longer frees on failure (the sample is judged, not skipped)', async () => {
    const leaky = WARM_UP_DRIVER.replace(
      /(WarmSend\([^]*?if \(!NT_SUCCESS\(status\)\) \{)\s*FwpsFreeCloneNetBufferList0\(nbl, 0\);/,
      '$1',
    );
    assert.notStrictEqual(leaky, WARM_UP_DRIVER);
    const file = await parseC(leaky);
    const index = new WorkspaceIndex();
    index.update(file, DEFAULT_TARGET);
    assert.ok(checkFile(file, DEFAULT_TARGET, index).some((f) => f.ruleId.startsWith('WFP2')));
  });

  it('runs to the end', async () => {
    await warmUp();
  });
});
