// Engine-level fuzzing: thousands of mutated fixtures and junk inputs through checkFile and every
// cursor feature. Nothing may throw, hang, or point outside the text. FUZZ_SEED replays a
// failure, FUZZ_SCALE multiplies the iteration counts for a longer local run.
import * as assert from 'assert';
import { WINDOWS_TARGETS } from '../../server/src/catalog';
import { findCatalogCalls } from '../../server/src/analysis/calls';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { completionAt } from '../../server/src/features/completion';
import { fixAllAction, quickFixes, toDiagnostic } from '../../server/src/features/diagnostics';
import { applyEdits, safeFixEdits } from '../../server/src/rules/fixes';
import { hoverAt } from '../../server/src/features/hover';
import { signatureHelpAt } from '../../server/src/features/signatureHelp';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { fixtureTexts, mutatedFixture, randomBytes } from '../helpers/mutate';
import { catalogCallsByQuery } from '../helpers/queryCalls';
import { errorCount } from '../helpers/source';
import { iterations, Random, runSeed } from '../helpers/random';

const MAX_MS = 2000;

/** Everything the server would do with one text; throws on any broken promise. */
async function exercise(uri: string, text: string, r: Random, companion?: string): Promise<void> {
  const target = r.pick(WINDOWS_TARGETS);
  const t0 = Date.now();
  const file = await parseSource(uri, text);
  // Another file of the workspace (the helpers' fixture, mutated or not), so that summaries cross files.
  const other =
    companion !== undefined ? await parseSource('file:///fuzz/other/packet.c', companion) : undefined;
  try {
    const index = new WorkspaceIndex();
    if (other) index.update(other, target);
    index.update(file, target, r.chance(0.5));
    index.complete = true;
    const findings = checkFile(file, target, index);
    if (file.tree)
      assert.deepStrictEqual(
        findCatalogCalls(file, target).map((c) => [
          c.written,
          c.call.startIndex,
          c.call.endIndex,
          c.enclosingFunction?.startIndex ?? -1,
        ]),
        catalogCallsByQuery(file, target),
        'catalog calls = query',
      );
    for (const f of findings) {
      assert.ok(
        0 <= f.start && f.start <= f.end && f.end <= text.length,
        `${f.ruleId} range ${f.start}-${f.end} in ${text.length}`,
      );
      for (const fix of f.fixes)
        for (const e of fix.edits)
          assert.ok(
            0 <= e.start && e.start <= e.end && e.end <= text.length,
            `${f.ruleId} fix edit in range`,
          );
      const d = toDiagnostic(file, f);
      quickFixes(file, findings, d.range);
    }
    const all = fixAllAction(file, findings);
    if (all) {
      const fixed = await parseSource(uri, applyEdits(text, safeFixEdits(file, findings)));
      try {
        assert.ok(errorCount(fixed) <= errorCount(file), 'fix-all adds no syntax errors');
      } finally {
        fixed.dispose();
      }
    }
    const offsets = [0, text.length, ...Array.from({ length: 6 }, () => r.int(text.length + 1))];
    const fwps = text.indexOf('Fwps', r.int(text.length + 1));
    if (fwps >= 0) offsets.push(fwps + 2, text.indexOf('(', fwps) + 1);
    for (const offset of offsets) {
      hoverAt(file, offset, target);
      signatureHelpAt(file, offset, target);
      completionAt(file, offset, target);
      file.positionAt(offset);
    }
    index.callGraph();
  } finally {
    file.dispose();
    other?.dispose();
  }
  assert.ok(Date.now() - t0 < MAX_MS, `took ${Date.now() - t0} ms`);
}

/** Runs `count` cases, each from its own seed so that one failure replays on its own. */
async function fuzz(count: number, one: (r: Random) => Promise<string | void>): Promise<void> {
  const seed = runSeed();
  for (let i = 0; i < count; i++) {
    const caseSeed = (seed + i) >>> 0;
    let what: string | void = undefined;
    try {
      what = await one(new Random(caseSeed));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        `fuzz case failed, replay with FUZZ_SEED=${caseSeed}${what ? ` (${what})` : ''}: ${message}`,
        { cause: err },
      );
    }
  }
}

describe('engine: fuzz', function () {
  this.timeout(120000);
  const fixtures = fixtureTexts();

  it('survives mutated fixtures', async () => {
    await fuzz(iterations(1500), async (r) => {
      const { name, text } = mutatedFixture(fixtures, r);
      const helpers = fixtures.find(([n]) => n.endsWith('packet.c'))![1];
      let companion: string | undefined;
      if (r.chance(0.4))
        companion = r.chance(0.5) ? helpers : mutatedFixture([['packet.c', helpers]], r).text;
      await exercise(`file:///fuzz/${name}`, text, r, companion);
      return name;
    });
  });

  it('survives random bytes', async () => {
    await fuzz(iterations(200), async (r) => {
      await exercise(
        r.chance(0.5) ? 'file:///fuzz/junk.c' : 'file:///fuzz/junk.cpp',
        randomBytes(r, r.int(6000)),
        r,
      );
    });
  });

  it('skips a 6 MB file and a NUL-laden one without parsing them', async () => {
    const big = await parseSource('file:///fuzz/big.c', 'int x;\n'.repeat(900_000));
    assert.match(big.skipped ?? '', /larger than/);
    assert.deepStrictEqual(checkFile(big, 'win10'), []);
    const binary = await parseSource('file:///fuzz/bin.c', 'int x;\0\0\0');
    assert.match(binary.skipped ?? '', /binary/);
  });
});
