// A static member passed as the completion function (`Class::Fn`) is the function indexed as `Fn`.
import * as assert from 'assert';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { fixture } from '../helpers/paths';
import * as fs from 'fs';

const FIXTURE = ['ownership', 'member-completion.cpp'];

describe('completion functions named by their C++ member name', () => {
  it('reports the member that never frees, and not the one that does', async () => {
    const r = await checkFixtures(FIXTURE);
    const { file, findings } = r.get('member-completion.cpp')!;
    assertAnnotated({ file, findings });
  });

  it('shows the member in the flow panel: found, and whether it frees the NBL', async () => {
    const text = fs.readFileSync(fixture(...FIXTURE), 'utf8');
    const file = await parseSource('file:///w/member-completion.cpp', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const findings = checkFile(file, 'win10', index);
    const steps = (needle: string) => {
      const model = buildInjectionFlow(file, text.indexOf(needle), 'win10', index, findings)!;
      return Object.fromEntries(model.steps.map((s) => [s.id, `${s.status}: ${s.detail}`]));
    };
    const freeing = steps('clone, PacketPump::Sent, NULL)');
    assert.strictEqual(
      freeing.completionFunction,
      'found: Sent runs after a successful injection, once per NBL.',
    );
    assert.strictEqual(freeing.completionFrees, 'found: Sent frees the NBL.');
    const counting = steps('clone, &PacketPump::Counted, NULL)');
    assert.strictEqual(counting.completionFrees, 'missing: Counted never frees the NBL it receives.');
    file.dispose();
  });
});
