import * as assert from 'assert';
import { enclosingCall, openFramesAt, wordAt } from '../../server/src/parse/callContext';
import { withCursor } from '../helpers/source';

function activeArg(marked: string): { callee: string; arg: number } | undefined {
  const { text, offset } = withCursor(marked);
  const frame = enclosingCall(text, 0, offset, (n) => n.startsWith('Fwps'));
  return frame && { callee: frame.callee, arg: frame.argIndex };
}

describe('call context lexer', () => {
  it('counts top-level commas only', () => {
    assert.deepStrictEqual(activeArg('x = FwpsInjectForwardAsync0(h, NULL, 0, |'), {
      callee: 'FwpsInjectForwardAsync0',
      arg: 3,
    });
  });

  it('ignores commas inside nested calls, casts and macros', () => {
    const r = activeArg('FwpsInjectForwardAsync0(h, (HANDLE)ctx, 0, FIELD(a, b), RtlMax(x, y), |');
    assert.deepStrictEqual(r, { callee: 'FwpsInjectForwardAsync0', arg: 5 });
  });

  it('reports the outer catalog call from inside a nested non-catalog call', () => {
    assert.deepStrictEqual(activeArg('FwpsInjectNetworkSendAsync0(h, NULL, 0, GetCompartment(meta, |'), {
      callee: 'FwpsInjectNetworkSendAsync0',
      arg: 3,
    });
  });

  it('skips commas and parentheses in strings, chars and comments', () => {
    const r = activeArg('FwpsInjectForwardAsync0(h, /* a, b ( */ NULL, // c, d )\n "x,y)", \',\', |');
    assert.deepStrictEqual(r, { callee: 'FwpsInjectForwardAsync0', arg: 4 });
  });

  it('follows calls spanning many lines', () => {
    const r = activeArg('status = FwpsInjectTransportReceiveAsync0(\n  handle,\n  NULL,\n  NULL,\n  0,\n  |');
    assert.deepStrictEqual(r, { callee: 'FwpsInjectTransportReceiveAsync0', arg: 4 });
  });

  it('ends at the closing parenthesis and at a statement end', () => {
    assert.strictEqual(activeArg('FwpsInjectForwardAsync0(a, b); x = |'), undefined);
    assert.strictEqual(activeArg('FwpsInjectForwardAsync0(a, b) |'), undefined);
    assert.strictEqual(activeArg('FwpsInjectForwardAsync0(a, b;\n y(|'), undefined);
  });

  it('does not treat preprocessor lines as calls', () => {
    assert.strictEqual(activeArg('#define X FwpsInjectForwardAsync0(a, \nint y = |'), undefined);
  });

  it('keeps `for (;;)` headers open across semicolons', () => {
    const frames = openFramesAt('for (i = 0; i < n; |', 0, 'for (i = 0; i < n; '.length);
    assert.strictEqual(frames[0].callee, 'for');
  });

  it('finds the word at or before the cursor', () => {
    assert.deepStrictEqual(wordAt('a FwpsInject(', 5), { word: 'FwpsInject', start: 2, end: 12 });
    assert.strictEqual(wordAt('a  b', 2), undefined);
  });
});
