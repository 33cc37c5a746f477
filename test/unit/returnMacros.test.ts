// A tracing macro that returns its argument (`DRV_RETURN_NTSTATUS(status);`) is read as the
// `return` it stands for: the helper returns the injection's status to its callers.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { ProjectEnvironment } from '../../server/src/project/environment';
import { returnsItsArgument } from '../../server/src/project/learnedMacros';
import { checkFile } from '../../server/src/rules';
import { assertAnnotated } from '../helpers/annotations';
import { errorCount } from '../helpers/source';
import { fixture } from '../helpers/paths';

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
    const dir = fixture(...FOLDER);
    const project = new ProjectEnvironment([dir]);
    const texts = new Map(
      ['trace.h', 'inject.c'].map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]),
    );
    for (const [name, text] of texts) project.record(path.join(dir, name), text);
    const env = project.envFor(path.join(dir, 'inject.c'));
    assert.deepStrictEqual([...env.returns], ['DRV_RETURN_NTSTATUS']);
    const file = await parseSource('file:///w/inject.c', texts.get('inject.c')!, undefined, env);
    try {
      assert.strictEqual(errorCount(file), 0);
      assert.match(file.parsedText, /^ {4}return {13}\(status\);$/m);
      const index = new WorkspaceIndex();
      index.update(file, 'win10');
      index.complete = true;
      assertAnnotated({ file, findings: checkFile(file, 'win10', index) });
    } finally {
      file.dispose();
    }
  });
});
