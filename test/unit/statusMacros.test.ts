// A project's own status-test macros (`#define NG(val) (!OK(val))`) are read as the tests they
// stand for, wherever the workspace defines them; and a clone kept in a record outlives its block.
import * as assert from 'assert';
import { LearnedMacros } from '../../server/src/project/learnedMacros';
import { textPolarity } from '../../server/src/analysis/statusTests';
import { assertAnnotated } from '../helpers/annotations';
import { checkInProject } from '../helpers/check';
import { errorCount } from '../helpers/source';

const FOLDER = ['ownership', 'status-macro'];

function learned(...texts: string[]): Map<string, boolean> {
  const macros = new LearnedMacros();
  texts.forEach((t, i) => macros.update(`f${i}`, t));
  return macros.statusTests();
}

describe('status-test macros', () => {
  it('learns a macro by what its body tests, through other macros, and agreeing definitions only', () => {
    assert.deepStrictEqual(
      learned('#define NG(val) (!OK(val))\n#define OK(val) ((val) == STATUS_SUCCESS)\n'),
      new Map([
        ['OK', false],
        ['NG', true],
      ]),
    );
    assert.deepStrictEqual(
      learned('#define BAD(s) /* failed */ (s < 0) // sign\n'),
      new Map([['BAD', true]]),
    );
    // A field read, two parameters, a body with its own `S`, or definitions that disagree.
    assert.deepStrictEqual(
      learned(
        '#define IS_READY(p) ((p)->Ready)\n#define SAME(a, b) ((a) == (b))\n#define T(x) (S(x))\n',
        '#define CHECK(s) NT_SUCCESS(s)\n',
        '#define CHECK(s) (!NT_SUCCESS(s))\n',
      ),
      new Map(),
    );
  });

  it('reads a status in parentheses as the status', () => {
    assert.strictEqual(textPolarity('(S)!=STATUS_SUCCESS'), true);
    assert.strictEqual(textPolarity('((S)==STATUS_SUCCESS)'), false);
    assert.strictEqual(textPolarity('!NT_SUCCESS((S))'), true);
    assert.strictEqual(textPolarity('(S)'), undefined);
  });

  it('finds the leaks behind the macros and stays silent where the record is freed', async () => {
    const { file, env, findings } = await checkInProject(FOLDER, ['status.h', 'inject.c'], 'inject.c');
    try {
      assert.deepStrictEqual([...env.statusTests].sort(), [
        ['FAILED_NT', true],
        ['NG', true],
        ['OK', false],
      ]);
      assert.strictEqual(errorCount(file), 0);
      assertAnnotated({ file, findings });
    } finally {
      file.dispose();
    }
  });
});
