// The unit and LSP suites (.mocharc.json) under the Windows node.exe: path.sep is `\`,
// os.tmpdir() is C:\users\…\Temp, the LSP tests' servers run with Windows pipes, and the URI
// tests see drive letters. The few tests that need Linux tools say so and are skipped there.
import * as assert from 'assert';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/paths';
import { runWindows, winPath } from './harness/wine';

/** Tests that skip themselves on win32 (their Linux tool is run by this lane from outside). */
const SKIPPED_ON_WINDOWS = 3;

describe('Windows: the unit and LSP suites under node.exe', function () {
  this.timeout(600000);

  it('pass', async () => {
    const mocha = winPath(path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'));
    // --exit: a handle left open under node.exe (seen once, after a failure) must not hang the lane.
    const run = await runWindows(
      [mocha, '--config', '.mocharc.json', '--reporter', 'dot', '--exit'],
      REPO_ROOT,
      { timeoutMs: 540000 },
    );
    const summary = (word: string) => Number(new RegExp(`(\\d+) ${word}`).exec(run.out)?.[1] ?? 0);
    assert.strictEqual(run.code, 0, run.out.slice(-6000) + run.err.slice(-2000));
    assert.strictEqual(summary('failing'), 0, run.out);
    assert.strictEqual(summary('pending'), SKIPPED_ON_WINDOWS, run.out);
    assert.ok(summary('passing') >= 200, run.out);
    process.stdout.write(
      `      (${summary('passing')} passing, ${summary('pending')} pending under node.exe)\n`,
    );
  });
});
