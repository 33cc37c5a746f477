// Facts that carry a position move with their declaration after an edit (indexedFile.ts); the
// compiler makes every list of facts say how. The `@ts-expect-error` lines must not compile: if
// one did, the test build would fail.
import * as assert from 'assert';
import { shiftPositions, type HowFactsMove } from '../../server/src/analysis/factPosition';
import type { HandleFact } from '../../server/src/analysis/facts';

// @ts-expect-error facts with a position cannot be declared unpositioned
const positioned: HowFactsMove<HandleFact[]> = 'unpositioned';
// @ts-expect-error facts with part of a position (a start without a line) cannot be declared at all
const partial: HowFactsMove<{ name: string; start: number }[]> = 'unpositioned';
// @ts-expect-error facts without a position are not shifted
const names: HowFactsMove<string[]> = shiftPositions;

describe('fact positions', () => {
  it('the compile-time declarations above are type errors', () => {
    assert.deepStrictEqual([positioned, partial, typeof names], ['unpositioned', 'unpositioned', 'function']);
  });

  it('shiftPositions moves start, end and line, and leaves the rest', () => {
    const facts = [
      { name: 'a', start: 10, end: 20, line: 1 },
      { name: 'b', start: 30, line: 2 },
    ];
    assert.deepStrictEqual(shiftPositions(facts, 5, 1), [
      { name: 'a', start: 15, end: 25, line: 2 },
      { name: 'b', start: 35, line: 3 },
    ]);
    assert.deepStrictEqual(facts[0], { name: 'a', start: 10, end: 20, line: 1 }, 'the input is not changed');
  });
});
