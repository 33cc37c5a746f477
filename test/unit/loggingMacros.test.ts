// Logging macros the workspace defines (`#define DRV_ERROR(fmt, ...) DbgPrintEx(…)`, in a header)
// take nothing they are given, as DbgPrintEx itself does; nor does a call given `nbl->Status`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { ProjectEnvironment } from '../../server/src/project/environment';
import { onlyLogs } from '../../server/src/project/learnedMacros';
import { checkFile } from '../../server/src/rules';
import { assertAnnotated } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

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
    const dir = fixture(...FOLDER);
    const project = new ProjectEnvironment([dir]);
    const texts = new Map(['log.h', 'inject.c'].map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
    for (const [name, text] of texts) project.record(path.join(dir, name), text);
    const injectPath = path.join(dir, 'inject.c');
    const env = project.envFor(injectPath);
    assert.deepStrictEqual([...env.quiet].sort(), ['DRV_ERROR', 'DRV_LOG', 'TRACE_NBL']);
    const file = await parseSource('file:///w/inject.c', texts.get('inject.c')!, undefined, env);
    try {
      const index = new WorkspaceIndex();
      index.update(file, 'win10');
      index.complete = true;
      assertAnnotated({ file, findings: checkFile(file, 'win10', index) });
    } finally {
      file.dispose();
    }
  });
});
