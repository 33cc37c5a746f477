// Facts kept across edits must not hold the file's text: a name sliced from it keeps the whole
// text alive in V8, one copy per version.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { detached } from '../../server/src/detached';
import { exposedGc } from '../../server/src/idleCollection';
import { ProjectEnvironment } from '../../server/src/project/environment';
import { parseIntoIndex } from '../../server/src/workspace/indexSource';

const gc = exposedGc();
if (!gc) throw new Error('this runtime does not expose gc(): the memory tests cannot measure');
const collect: () => void = gc;

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

describe('what the server keeps of files read from disk', () => {
  /** A driver file of about 300 KB whose names are long enough to be slices of it. */
  const driverText = (i: number) =>
    `#define WFP_SAMPLE_CALLOUT_API_${i} NTAPI\n` +
    `// ${'padding '.repeat(36_000)}\n` +
    `NTSTATUS SendClonedPacketThroughInjection${i}(HANDLE injectionHandleForSend, NET_BUFFER_LIST* clonedNetBufferList)\n` +
    `{\n  NTSTATUS status = FwpsInjectTransportSendAsync1(injectionHandleForSend, NULL, 0, 0, NULL, AF_INET,\n` +
    `      UNSPECIFIED_COMPARTMENT_ID, clonedNetBufferList, CompletionFunctionForClones, NULL);\n` +
    `  if (!NT_SUCCESS(status)) FwpsFreeCloneNetBufferList0(clonedNetBufferList, 0);\n  return status;\n}\n`;

  /** MB the heap grew by while `keep` was given 30 such files (9 MB of text), after one to warm up. */
  async function grownBy(keep: (path: string, text: string) => Promise<void>): Promise<number> {
    await keep('/ws/warm.c', driverText(99));
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 30; i++) await keep(`/ws/driver${i}.c`, driverText(i));
    collect();
    return (process.memoryUsage().heapUsed - before) / 1e6;
  }

  it('indexes their facts without holding their texts', async () => {
    const index = new WorkspaceIndex();
    const project = new ProjectEnvironment();
    const grown = await grownBy(async (path, text) =>
      (await parseIntoIndex(path, `file://${path}`, text, index, project)).dispose(),
    );
    assert.ok(index.factsOf('file:///ws/driver29.c')?.facts.summaries.length, 'the files were indexed');
    assert.ok(grown < 3, `the index holds ${grown.toFixed(1)} MB`);
  });

  it('learns their macros without holding their texts', async () => {
    const project = new ProjectEnvironment();
    const grown = await grownBy(async (path, text) => project.record(path, text));
    assert.ok(project.envFor(undefined).macros.has('WFP_SAMPLE_CALLOUT_API_29'), 'the macros were learned');
    assert.ok(grown < 3, `the macros hold ${grown.toFixed(1)} MB`);
  });
});
