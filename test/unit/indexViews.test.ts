// One driver's view of the workspace index: its own files and the files of no driver, kept in
// step with the index as files are indexed again or removed.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';

const fn = (name: string) => `void ${name}(void) { }\n`;
const groupOf = (uri: string) => /\/(a|b)\//.exec(uri)?.[1] ?? '';

async function put(index: WorkspaceIndex, uri: string, text: string): Promise<void> {
  const file = await parseSource(uri, text);
  index.update(file, 'win10');
  file.dispose();
}

describe('workspace index: views by driver', () => {
  it("sees its driver's files and the shared ones, not another driver's, through later changes", async () => {
    const index = new WorkspaceIndex();
    index.setGrouping(groupOf);
    await put(index, 'file:///repo/a/one.c', fn('OnlyInA'));
    await put(index, 'file:///repo/b/one.c', fn('OnlyInB'));
    await put(index, 'file:///repo/shared.c', fn('Shared'));
    const a = index.viewFor('file:///repo/a/one.c');
    assert.notStrictEqual(a, index);
    assert.strictEqual(index.viewFor('file:///repo/a/two.c'), a, 'one view per driver');
    assert.strictEqual(index.viewFor('file:///repo/shared.c'), index, 'a shared file sees everything');
    assert.ok(a.functionSummary('OnlyInA') && a.functionSummary('Shared'));
    assert.strictEqual(a.functionSummary('OnlyInB'), undefined);

    await put(index, 'file:///repo/a/two.c', fn('AddedToA'));
    await put(index, 'file:///repo/b/two.c', fn('AddedToB'));
    await put(index, 'file:///repo/other.c', fn('AddedShared'));
    assert.ok(a.functionSummary('AddedToA') && a.functionSummary('AddedShared'));
    assert.strictEqual(a.functionSummary('AddedToB'), undefined);

    index.remove('file:///repo/a/one.c');
    index.remove('file:///repo/shared.c');
    assert.strictEqual(a.functionSummary('OnlyInA'), undefined);
    assert.strictEqual(a.functionSummary('Shared'), undefined);

    assert.strictEqual(a.complete, false);
    index.complete = true;
    assert.strictEqual(a.complete, true, 'as complete as the whole index');
  });

  it('is the whole index without grouping', () => {
    const index = new WorkspaceIndex();
    assert.strictEqual(index.viewFor('file:///repo/a/one.c'), index);
  });
});
