// The workspace index as typing changes it: one file edited over and over among others (whose
// facts it keeps gathered), now and then another file changed or removed. After every step it
// must answer as an index built at once from the same texts, call graph included.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { fixtureTexts, randomEdit } from '../helpers/mutate';
import { iterations, Random, runSeed } from '../helpers/random';

/** Fixtures whose functions call, register and create handles across files. */
const WORKSPACE = /^(handles|layers|ownership)[\\/]/;

async function put(index: WorkspaceIndex, uri: string, text: string, edited: boolean): Promise<void> {
  const file = await parseSource(uri, text);
  try {
    index.update(file, 'win10', edited);
  } finally {
    file.dispose();
  }
}

const sorted = <T>(items: T[]): T[] => items.map((x) => JSON.stringify(x)).sort() as unknown as T[];

/** Everything the rules ask the index, in an order that does not depend on which file changed last. */
function answers(index: WorkspaceIndex): unknown {
  const names = index.definedNames().sort();
  const handles = index.allHandles();
  return JSON.parse(
    JSON.stringify({
      names,
      effects: sorted(index.callGraph().functions()),
      callers: names.map((n) => [n, index.callGraph().callers(n), index.callGraph().referrers(n)]),
      handles: sorted(handles),
      destroyed: handles.map((h) => [h.key, index.isDestroyed(h.key)]).sort(),
      layers: names.map((n) => [n, sorted(index.layersOf(n))]),
      unload: names.filter((n) => index.inUnloadPath(n)),
      checks: names.map((n) => [
        n,
        index.asksInjectionState(n),
        index.injects(n),
        sorted(index.stateChecks(n)),
      ]),
      wrappers: index.injectionWrappers().sort(),
      completion: [...index.completionFunctions()].sort(),
    }),
  );
}

/** Each fixture folder stands for a driver of its own; `ownership/` files belong to none. */
const groupOf = (uri: string) => /\/w\/(handles|layers)\//.exec(uri)?.[1] ?? '';

describe('workspace index: one file typed in among others', () => {
  for (const grouped of [false, true])
    it(`answers as an index built at once after every edit, and after other files change${grouped ? ', through a driver view' : ''}`, async function () {
      await typedAmongOthers(this, grouped);
    });
});

async function typedAmongOthers(test: Mocha.Context, grouped: boolean): Promise<void> {
  test.timeout(600_000);
  const files = fixtureTexts().filter(([name]) => WORKSPACE.test(name));
  assert.ok(files.length > 10, 'fixtures with cross-file facts');
  const seed = runSeed();
  const r = new Random(seed);
  for (let round = 0; round < iterations(3); round++) {
    const texts = new Map(files.map(([name, text]) => [`file:///w/${name.replace(/\\/g, '/')}`, text]));
    const uris = [...texts.keys()];
    const index = new WorkspaceIndex();
    if (grouped) index.setGrouping(groupOf);
    for (const [uri, text] of texts) await put(index, uri, text, false);
    const typed = r.pick(uris);
    // What the typed file's checks read: its driver's view (made before the edits, kept in step).
    const seen = index.viewFor(typed);
    for (let step = 0; step < 25; step++) {
      if (r.chance(0.15)) {
        // Another file changes (saved in another editor) or is deleted.
        const other = r.pick(uris.filter((u) => u !== typed));
        if (r.chance(0.3)) {
          texts.delete(other);
          index.remove(other);
        } else {
          const text = texts.get(other) ?? files[uris.indexOf(other)][1];
          const e = randomEdit(text, r);
          texts.set(other, text.slice(0, e.start) + e.newText + text.slice(e.end));
          await put(index, other, texts.get(other)!, false);
        }
      } else {
        const text = texts.get(typed)!;
        const e = randomEdit(text, r);
        texts.set(typed, text.slice(0, e.start) + e.newText + text.slice(e.end));
        await put(index, typed, texts.get(typed)!, true);
      }
      const fresh = new WorkspaceIndex();
      if (grouped) fresh.setGrouping(groupOf);
      for (const [uri, text] of texts) await put(fresh, uri, text, false);
      assert.deepStrictEqual(
        answers(seen),
        answers(fresh.viewFor(typed)),
        `seed ${seed}, round ${round}, step ${step} (typing in ${typed})`,
      );
    }
  }
}
