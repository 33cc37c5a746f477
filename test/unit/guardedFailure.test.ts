// `if (status != STATUS_SUCCESS && clone)`: a failure test joined with a test that the NBL is
// there takes every failure that has something to free; joined with anything else it does not.
import * as assert from 'assert';
import * as fs from 'fs';
import { assertAnnotated } from '../helpers/annotations';
import { checkWithFlow } from '../helpers/flowSteps';
import { fixture } from '../helpers/paths';

describe('ownership: a failure test guarded by the NBL', () => {
  it('judges the free on failure behind `failed && clone`, and nothing else joined to the test', async () => {
    const text = fs.readFileSync(fixture('ownership', 'guarded-failure.c'), 'utf8');
    const { file, findings, step } = await checkWithFlow('file:///w/guarded-failure.c', text);
    assertAnnotated({ file, findings });
    const freeOnFailure = (fn: string) =>
      step(text.indexOf('FwpsInjectNetworkSendAsync0', text.indexOf(`void ${fn}(`)), 'freeOnFailure').split(
        ':',
      )[0];
    assert.strictEqual(freeOnFailure('SendFreeingAtExit'), 'found');
    assert.strictEqual(freeOnFailure('SendFreeingWhenNotNull'), 'found');
    assert.strictEqual(freeOnFailure('SendLoggingOnly'), 'missing');
    // `&& retry` lets a failure through without a free: not judged either way.
    assert.strictEqual(freeOnFailure('SendRetryingOnce'), 'unknown');
    file.dispose();
  });
});
