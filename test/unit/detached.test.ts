// Facts kept across edits must not hold the file's text: a name sliced from it keeps the whole
// text alive in V8, one copy per version.
import * as assert from 'assert';
import * as v8 from 'v8';
import * as vm from 'vm';
import { detached } from '../../server/src/detached';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

function heapAfterKeeping(copy: (name: string) => string): number {
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < 40; i++) {
    const text = `${i}${'x'.repeat(500_000)}FwpsInjectTransportSendAsync1`;
    kept.push(copy(text.slice(text.length - 29)));
  }
  collect();
  const grown = process.memoryUsage().heapUsed - before;
  assert.ok(kept.every((k) => k === 'FwpsInjectTransportSendAsync1'));
  return grown / 1e6;
}

describe('detached facts', () => {
  it('keep copies of the names, not the texts they were cut from', () => {
    const held = heapAfterKeeping((name) => name);
    const copied = heapAfterKeeping((name) => detached({ fn: [name] }).fn[0]);
    assert.ok(held > 10, `slices hold their texts (${held.toFixed(1)} MB): the test measures nothing`);
    assert.ok(copied < 2, `detached names held ${copied.toFixed(1)} MB`);
  });

  it('copies plain objects and arrays, and leaves other values as they are', () => {
    const shared = new Map([['a', 1]]);
    const value = { a: [1, 'short', { b: 'a longer name here' }], m: shared, n: null, u: undefined };
    const copy = detached(value);
    assert.deepStrictEqual(copy, value);
    assert.notStrictEqual(copy.a, value.a);
    assert.strictEqual(copy.m, shared);
  });
});
