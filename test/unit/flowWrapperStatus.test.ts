// The flow panel judges the free on failure of an injection whose status a wrapper hands back
// at the wrapper's callers in the same file.
import * as assert from 'assert';
import * as fs from 'fs';
import { assertAnnotated } from '../helpers/annotations';
import { checkWithFlow } from '../helpers/flowSteps';
import { fixture } from '../helpers/paths';

describe('flow panel: free on failure behind a wrapper', () => {
  it('is found where the callers free on failure and missing where one does not', async () => {
    const text = fs.readFileSync(fixture('flow', 'wrapper-status.c'), 'utf8');
    const { file, findings, step } = await checkWithFlow('file:///w/wrapper-status.c', text);
    assertAnnotated({ file, findings });
    const freeOnFailure = (needle: string) => step(text.indexOf(needle), 'freeOnFailure');
    assert.strictEqual(
      freeOnFailure('return FwpsInjectNetworkSendAsync0'),
      'found: The status goes back through SendCloned to ForwardFreeing, which frees the NBL on failure.',
    );
    assert.strictEqual(
      freeOnFailure('NTSTATUS status = FwpsInjectNetworkSendAsync0'),
      'missing: The status goes back through SendClonedLogged to ForwardForgetting, which does not free the NBL on failure.',
    );
    // Tested and logged before it goes back: the callers decide all the same.
    assert.strictEqual(
      freeOnFailure(
        'status = FwpsInjectNetworkSendAsync0(gSendInjection, NULL, 0, compartment, clone, ClonedSent, NULL);\n    if',
      ),
      'missing: The status goes back through SendLoopback to LoopbackForgetting, which does not free the NBL on failure.',
    );
    file.dispose();
  });
});
