// `if (status != STATUS_SUCCESS && clone)`: a failure test joined with a test that the NBL is
// there takes every failure that has something to free; joined with anything else it does not.
import * as assert from 'assert';
import * as fs from 'fs';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { assertAnnotated } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

describe('ownership: a failure test guarded by the NBL', () => {
  it('judges the free on failure behind `failed && clone`, and nothing else joined to the test', async () => {
    const text = fs.readFileSync(fixture('ownership', 'guarded-failure.c'), 'utf8');
    const file = await parseSource('file:///w/guarded-failure.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const findings = checkFile(file, 'win10', index);
    assertAnnotated({ file, findings });
    const freeOnFailure = (fn: string): string => {
      const at = text.indexOf('FwpsInjectNetworkSendAsync0', text.indexOf(`void ${fn}(`));
      const model = buildInjectionFlow(file, at, 'win10', index, findings)!;
      return model.steps.find((x) => x.id === 'freeOnFailure')!.status;
    };
    assert.strictEqual(freeOnFailure('SendFreeingAtExit'), 'found');
    assert.strictEqual(freeOnFailure('SendFreeingWhenNotNull'), 'found');
    assert.strictEqual(freeOnFailure('SendLoggingOnly'), 'missing');
    // `&& retry` lets a failure through without a free: not judged either way.
    assert.strictEqual(freeOnFailure('SendRetryingOnce'), 'unknown');
    file.dispose();
  });
});
