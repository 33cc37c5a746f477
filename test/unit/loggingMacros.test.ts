// Logging macros the workspace defines (`#define DRV_ERROR(fmt, ...) DbgPrintEx(…)`, in a header)
// take nothing they are given, as DbgPrintEx itself does; nor does a call given `nbl->Status`.
import * as assert from 'assert';
import { onlyLogs } from '../../server/src/project/learnedMacros';
import { assertAnnotated } from '../helpers/annotations';
import { checkInProject } from '../helpers/check';

const FOLDER = ['ownership', 'logging-macros'];

describe('logging macros of the workspace', () => {
  it('reads a macro that only calls DbgPrint and kin, or another such macro, as one that logs', () => {
    const none = () => false;
    assert.ok(onlyLogs('DbgPrintEx(DPFLTR_IHVNETWORK_ID, level, fmt, __VA_ARGS__)', none));
    assert.ok(onlyLogs('do { KdPrint(("x %p\\n", (p))); } while (0)', none));
    assert.ok(onlyLogs('(void)DbgPrint("a"); DbgPrint(b)', none));
    assert.ok(onlyLogs('DRV_LOG(DPFLTR_ERROR_LEVEL, fmt)', (n) => n === 'DRV_LOG'));
    assert.ok(!onlyLogs('DRV_LOG(DPFLTR_ERROR_LEVEL, fmt)', none));
    assert.ok(!onlyLogs('do { DbgPrint("freeing"); FwpsFreeCloneNetBufferList0(n, 0); } while (0)', none));
    assert.ok(!onlyLogs('DbgPrint("x") + 1', none));
  });

  it('finds the completion functions and the failure path that only log the NBL', async () => {
    const { file, env, findings } = await checkInProject(FOLDER, ['log.h', 'inject.c'], 'inject.c');
    try {
      assert.deepStrictEqual([...env.quiet].sort(), ['DRV_ERROR', 'DRV_LOG', 'TRACE_NBL']);
      assertAnnotated({ file, findings });
    } finally {
      file.dispose();
    }
  });
});
