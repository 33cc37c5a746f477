// The flow panel judges the free on failure of an injection whose status a wrapper hands back
// at the wrapper's callers in the same file.
import * as assert from 'assert';
import * as fs from 'fs';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { assertAnnotated } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

describe('flow panel: free on failure behind a wrapper', () => {
  it('is found where the callers free on failure and missing where one does not', async () => {
    const text = fs.readFileSync(fixture('flow', 'wrapper-status.c'), 'utf8');
    const file = await parseSource('file:///w/wrapper-status.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const findings = checkFile(file, 'win10', index);
    assertAnnotated({ file, findings });
    const freeOnFailure = (needle: string) => {
      const model = buildInjectionFlow(file, text.indexOf(needle), 'win10', index, findings)!;
      const s = model.steps.find((x) => x.id === 'freeOnFailure')!;
      return `${s.status}: ${s.detail}`;
    };
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
