// The unload routine read from the text of a file that names nothing of WFP (DriverEntry's).
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { indexUnrelated, unloadRoutinesInText } from '../../server/src/workspace/unloadRoutines';

describe('unload routines from the text of a file that is not indexed', () => {
  it('reads the routines assigned, and the calls of those whose names say teardown', () => {
    const text = [
      'VOID DriverUnload(PDRIVER_OBJECT d);',
      'static VOID EvtUnload(WDFDRIVER d) { Stop(d); }',
      'VOID',
      'DriverUnload(',
      '    _In_ PDRIVER_OBJECT driverObject',
      '    )',
      '/*++ Routine description: StopNot(x) stays in the comment. --*/',
      '{',
      '    if (gReady) { StopCallouts(); }',
      '    // LogNot(1);',
      '    DbgPrint("unloaded (%d)\\n", 1);',
      '    FwpsInjectionHandleDestroy0(gHandle);',
      '}',
      'NTSTATUS DriverEntry(PDRIVER_OBJECT driverObject, PUNICODE_STRING path)',
      '{',
      '    driverObject->DriverUnload = DriverUnload;',
      '    config.EvtDriverUnload = (PFN_WDF_DRIVER_UNLOAD)EvtUnload;',
      '    attributes.EvtCleanupCallback = OnDelete;',
      '    if (driverObject->DriverUnload == NULL) return STATUS_UNSUCCESSFUL;',
      '    return STATUS_SUCCESS;',
      '}',
    ].join('\n');
    assert.deepStrictEqual(unloadRoutinesInText(text), [
      { fn: 'DriverUnload', unload: true, callees: [] },
      { fn: 'DriverUnload', unload: false, callees: ['StopCallouts', 'DbgPrint'] },
      { fn: 'EvtUnload', unload: true, callees: [] },
      { fn: 'EvtUnload', unload: false, callees: ['Stop'] },
      // Not defined here, and its name says nothing: only that it is the unload routine.
      { fn: 'OnDelete', unload: true, callees: [] },
    ]);
    assert.deepStrictEqual(unloadRoutinesInText('int Add(int a, int b) { return a + b; }'), []);
  });

  it('indexes such a file by its unload path alone, and forgets it when the assignment goes', () => {
    const index = new WorkspaceIndex();
    const uri = 'file:///w/entry.c';
    assert.strictEqual(
      indexUnrelated(index, uri, 'void F(PDRIVER_OBJECT d) { d->DriverUnload = Unload; }'),
      true,
    );
    assert.deepStrictEqual(index.factsOf(uri)?.facts.teardown, [{ fn: 'Unload', unload: true, callees: [] }]);
    assert.ok(index.inUnloadPath('Unload'));
    assert.strictEqual(indexUnrelated(index, uri, 'void F(PDRIVER_OBJECT d) { }'), true);
    assert.strictEqual(index.has(uri), false);
  });
});
