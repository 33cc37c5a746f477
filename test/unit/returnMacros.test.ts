// A tracing macro that returns its argument (`DRV_RETURN_NTSTATUS(status);`) is read as the
// `return` it stands for: the helper returns the injection's status to its callers.
import * as assert from 'assert';
import { returnsItsArgument } from '../../server/src/project/learnedMacros';
import { assertAnnotated } from '../helpers/annotations';
import { checkInProject } from '../helpers/check';
import { errorCount } from '../helpers/source';

const FOLDER = ['ownership', 'return-macro'];

describe('macros that return their argument', () => {
  it('knows one by a single return of the argument, or of a local set from it', () => {
    assert.ok(returnsItsArgument(['s'], 'do { return (s); } while (0)'));
    assert.ok(returnsItsArgument(['s'], 'do { NTSTATUS r = (s); Log(r); return r; } while (FALSE)'));
    assert.ok(!returnsItsArgument(['p'], 'do { if ((p) == NULL) return STATUS_NO_MEMORY; } while (FALSE)'));
    assert.ok(!returnsItsArgument(['a', 'b'], 'return (b);'));
    assert.ok(!returnsItsArgument(['s'], 'if (s) return s; return 0;'));
    assert.ok(!returnsItsArgument(undefined, 'return x;'));
  });

  it('reads the helper as returning the status, and finds the caller that leaks', async () => {
    const { file, env, findings } = await checkInProject(FOLDER, ['trace.h', 'inject.c'], 'inject.c');
    try {
      assert.deepStrictEqual([...env.returns], ['DRV_RETURN_NTSTATUS']);
      assert.strictEqual(errorCount(file), 0);
      assert.match(file.parsedText, /^ {4}return {13}\(status\);$/m);
      assertAnnotated({ file, findings });
    } finally {
      file.dispose();
    }
  });
});
