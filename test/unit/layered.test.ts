import * as assert from 'assert';
import { LayeredMap, LayeredSet } from '../../server/src/analysis/layered';

describe('layered maps and sets', () => {
  it('read and iterate as a copy of the base then changed would', () => {
    const base = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    const copy = new Map(base);
    const layered = LayeredMap.over(base);
    for (const [k, v] of [
      ['b', 20],
      ['d', 4],
      ['a', 10],
      ['e', 5],
      ['d', 40],
    ] as const) {
      copy.set(k, v);
      layered.set(k, v);
    }
    assert.deepStrictEqual([...layered], [...copy]);
    assert.deepStrictEqual([...layered.keys()], [...copy.keys()]);
    assert.deepStrictEqual([...layered.values()], [...copy.values()]);
    assert.strictEqual(layered.size, copy.size);
    assert.strictEqual(layered.get('b'), 20);
    assert.strictEqual(layered.get('c'), 3);
    assert.strictEqual(layered.get('z'), undefined);
    assert.ok(layered.has('e') && layered.has('c') && !layered.has('z'));
    assert.deepStrictEqual(
      [...base],
      [
        ['a', 1],
        ['b', 2],
        ['c', 3],
      ],
    );
    assert.deepStrictEqual([...layered.flattened()], [...copy]);
  });

  it('stay one layer deep over a layered base, and leave that base as it was', () => {
    const first = LayeredMap.over(new Map([['a', 1]]));
    first.set('b', 2);
    const second = LayeredMap.over(first);
    second.set('a', 10).set('c', 3);
    assert.deepStrictEqual(
      [...first],
      [
        ['a', 1],
        ['b', 2],
      ],
    );
    assert.deepStrictEqual(
      [...second],
      [
        ['a', 10],
        ['b', 2],
        ['c', 3],
      ],
    );
    assert.strictEqual(second.layered, 3);
  });

  it('add to a set without changing its base', () => {
    const base = new Set(['x', 'y']);
    const layered = new LayeredSet(base);
    layered.add('y').add('z').add('z');
    assert.deepStrictEqual([...layered], ['x', 'y', 'z']);
    assert.strictEqual(layered.size, 3);
    assert.ok(layered.has('x') && layered.has('z') && !base.has('z'));
    const seen: string[] = [];
    layered.forEach((v) => seen.push(v));
    assert.deepStrictEqual(seen, ['x', 'y', 'z']);
  });
});
