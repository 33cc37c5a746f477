// commonEnds compares whole blocks before single characters; it must find what a character-by-
// character comparison finds, wherever the two texts differ and however long they are.
import * as assert from 'assert';
import * as fc from 'fast-check';
import { commonEnds } from '../../server/src/parse/edits';

function byCharacter(before: string, after: string): { prefix: number; suffix: number } {
  const max = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < max && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix])
    suffix++;
  return { prefix, suffix };
}

describe('commonEnds', () => {
  it('agrees with a character-by-character comparison on edited texts of any length', () => {
    const piece = fc.string({ unit: fc.constantFrom('a', 'b', '\n', 'é', '😀'), maxLength: 40 });
    fc.assert(
      fc.property(piece, fc.nat(9000), fc.nat(9000), piece, piece, (seed, head, tail, removed, inserted) => {
        const body = seed.repeat(1 + Math.floor((head + tail) / Math.max(1, seed.length)));
        const start = body.slice(0, head);
        const end = body.slice(0, tail);
        const before = start + removed + end;
        const after = start + inserted + end;
        assert.deepStrictEqual(commonEnds(before, after), byCharacter(before, after));
      }),
      { numRuns: 300 },
    );
  });

  it('handles identical, empty and fully different texts', () => {
    const long = 'x'.repeat(10000);
    for (const [a, b] of [
      ['', ''],
      [long, long],
      ['', long],
      [long, 'y'.repeat(5000)],
      [long + 'a', long + 'b' + long],
    ])
      assert.deepStrictEqual(commonEnds(a, b), byCharacter(a, b));
  });
});
