// A status tested through the project's own helper (`if (!CheckStatus(status, "inject"))`),
// defined in a file that names nothing of WFP.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { sourceRole } from '../../server/src/workspace/sourceText';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { checkFile } from '../../server/src/rules';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { CLI_JS, fixture } from '../helpers/paths';

const FOLDER = ['ownership', 'status-helper'];

describe('status tests through helpers', () => {
  it('reads an if/else that answers TRUE or FALSE by NT_SUCCESS as a status test', async () => {
    const text = fs.readFileSync(fixture(...FOLDER, 'util.c'), 'utf8');
    const file = await parseSource('file:///w/util.c', text);
    try {
      const index = new WorkspaceIndex();
      index.update(file, 'win10');
      assert.deepStrictEqual(index.statusTest('CheckStatus'), { param: 0, successWhenTrue: true });
      assert.deepStrictEqual(index.statusTest('Failed'), { param: 0, successWhenTrue: false });
      assert.strictEqual(index.statusTest('Logged'), undefined);
    } finally {
      file.dispose();
    }
  });

  it('finds the leak on the failure branch of a helper test, and the free in the other function', async () => {
    const r = await checkFixtures([...FOLDER, 'inject.c'], [...FOLDER, 'util.c']);
    for (const checked of r.values()) assertAnnotated(checked);
  });

  it('indexes the helper file in a workspace or CLI run, though it names nothing of WFP', () => {
    const util = fs.readFileSync(fixture(...FOLDER, 'util.c'), 'utf8');
    assert.strictEqual(sourceRole(util).role, 'indexed');
    assert.strictEqual(sourceRole('int Add(int a, int b) { return a + b; }').role, 'unrelated');
    const r = spawnSync(process.execPath, [CLI_JS, 'check', '--format', 'json', fixture(...FOLDER)], {
      encoding: 'utf8',
    });
    const results = JSON.parse(r.stdout) as { code: string }[];
    assert.deepStrictEqual(
      results.map((x) => x.code),
      ['WFP2002'],
      r.stderr,
    );
  });

  it('judges the flow step through the helper', async () => {
    const texts = ['inject.c', 'util.c'].map((n) => fs.readFileSync(fixture(...FOLDER, n), 'utf8'));
    const files = await Promise.all([
      parseSource('file:///w/inject.c', texts[0]),
      parseSource('file:///w/util.c', texts[1]),
    ]);
    try {
      const index = new WorkspaceIndex();
      files.forEach((f) => index.update(f, 'win10'));
      index.complete = true;
      const findings = checkFile(files[0], 'win10', index);
      const freeOnFailureAt = (at: number) =>
        buildInjectionFlow(files[0], at, 'win10', index, findings)?.steps.find(
          (s) => s.id === 'freeOnFailure',
        )?.status;
      const first = texts[0].indexOf('FwpsStreamInjectAsync0(');
      const second = texts[0].indexOf('FwpsStreamInjectAsync0(', first + 1);
      assert.deepStrictEqual([freeOnFailureAt(first), freeOnFailureAt(second)], ['missing', 'found']);
    } finally {
      files.forEach((f) => f.dispose());
    }
  });
});
