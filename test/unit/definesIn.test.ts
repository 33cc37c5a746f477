// definesIn reads only the lines that hold the word `define`; it must find what one expression
// anchored at every line start finds, continuation lines, odd line ends and all.
import * as assert from 'assert';
import * as fc from 'fast-check';
import { definesIn } from '../../server/src/project/learnedMacros';

/** The plain reading: every line start of the text tried (multiline `^`). */
function everyLine(text: string): { name: string; takesArgs: boolean; params?: string[]; value: string }[] {
  const define = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)\n]*\))?((?:[^\n\\]|\\\r?\n|\\(?!\r?\n))*)/gm;
  return [...text.matchAll(define)].map((m) => {
    const params = m[2]
      ?.slice(1, -1)
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    return {
      name: m[1],
      takesArgs: !!m[2],
      ...(params ? { params } : {}),
      value: m[3].replace(/\\\r?\n/g, ' ').trim(),
    };
  });
}

describe('definesIn', () => {
  it('finds what an expression tried at every line start finds', () => {
    const piece = fc.constantFrom(
      '#define ',
      '# define',
      'define',
      '#',
      ' ',
      '\t',
      '\n',
      '\r\n',
      '\r',
      '\u2028',
      '\\',
      '\\\n',
      'A',
      'x1',
      '(a, b)',
      '(',
      ')',
      '//',
      'defined(X)',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        assert.deepStrictEqual(definesIn(text), everyLine(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a definition whose continuation lines hold another #define as one', () => {
    const text = '#define A(x) \\\n#define B 1\n  #  define C\tTRACE(x)\n// #define D\nint define;\n';
    assert.deepStrictEqual(
      definesIn(text).map((d) => [d.name, d.value]),
      [
        ['A', '#define B 1'],
        ['C', 'TRACE(x)'],
      ],
    );
  });

  it('stays linear on one long line full of the word', () => {
    const text = 'define '.repeat(200_000);
    const started = Date.now();
    assert.deepStrictEqual(definesIn(text), []);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
