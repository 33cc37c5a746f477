// WFP3008: a pend, classify handle or NBL reference that nothing in the workspace ends.
import * as assert from 'assert';
import * as fs from 'fs';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

describe('rules: pends and references never ended', () => {
  it('is silent on a pend another file completes, through the version-independent name', async () => {
    const r = await checkFixtures(['pend', 'connect_pend.c'], ['pend', 'connect_worker.c']);
    for (const checked of r.values()) assertAnnotated(checked);
  });

  it('reports the pend when the file that completes it is not in the workspace', async () => {
    const r = await checkFixtures(['pend', 'connect_pend.c']);
    assertAnnotated(r.get('connect_pend.c')!, { also: [['WFP3008', '$pend']] });
  });

  it('reports a pended classify and a reference never ended, not a handle released', async () => {
    const r = await checkFixtures(['pend', 'forgotten.c']);
    assertAnnotated(r.get('forgotten.c')!);
  });

  it('waits for the whole workspace to be indexed', async () => {
    const text = fs.readFileSync(fixture('pend', 'forgotten.c'), 'utf8');
    const file = await parseSource('file:///fixtures/pend/forgotten.c', text);
    try {
      const index = new WorkspaceIndex();
      index.update(file, 'win10');
      assert.deepStrictEqual(
        checkFile(file, 'win10', index).filter((f) => f.ruleId === 'WFP3008'),
        [],
      );
      index.complete = true;
      assert.strictEqual(checkFile(file, 'win10', index).filter((f) => f.ruleId === 'WFP3008').length, 2);
    } finally {
      file.dispose();
    }
  });
});
