// Flow panel: a completion function passed as `(FWPS_INJECT_COMPLETE0) &Fn` is judged like `Fn`.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import type { InjectionFlowModel, StepId } from '../../shared/flowModel';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';

const QUEUE = (completionArg: string, completeBody: string) => `
#include <ntddk.h>
#include <fwpsk.h>

typedef struct _HELD_PACKET {
   NET_BUFFER_LIST* clone;
   COMPARTMENT_ID compartment;
   IF_INDEX ifIndex;
   IF_INDEX subIfIndex;
   void (*onDone)(void);
} HELD_PACKET;

HANDLE gRecvInjector;

static void NTAPI HeldPacketDone(HELD_PACKET* held, NET_BUFFER_LIST* nbl, BOOLEAN atDispatch)
{
   UNREFERENCED_PARAMETER(held);
   UNREFERENCED_PARAMETER(atDispatch);
   ${completeBody}
}

static NTSTATUS HeldPacketRelease(HELD_PACKET* held, ADDRESS_FAMILY family)
{
   return FwpsInjectTransportReceiveAsync0(gRecvInjector, NULL, NULL, 0, family,
      held->compartment, held->ifIndex, held->subIfIndex, held->clone,
      ${completionArg}, held);
}
`;

async function flowOf(text: string): Promise<InjectionFlowModel> {
  const file = await parseSource('file:///held.c', text);
  const index = new WorkspaceIndex();
  index.update(file, 'win10');
  index.complete = true;
  return buildInjectionFlow(
    file,
    text.indexOf('FwpsInjectTransportReceiveAsync0') + 3,
    'win10',
    index,
    checkFile(file, 'win10', index),
  )!;
}

const statusOf = (m: InjectionFlowModel, id: StepId) => m.steps.find((s) => s.id === id)?.status;

describe('flow panel: completion function named through a cast and &', () => {
  it('follows `(FWPS_INJECT_COMPLETE0) &Fn` to the function and sees it free the NBL', async () => {
    const m = await flowOf(
      QUEUE('(FWPS_INJECT_COMPLETE0) &HeldPacketDone', 'FwpsFreeCloneNetBufferList0(nbl, 0);'),
    );
    assert.strictEqual(statusOf(m, 'completionFunction'), 'found');
    assert.strictEqual(statusOf(m, 'completionFrees'), 'found');
  });

  it('follows a plain `&Fn` and still says when the function frees nothing', async () => {
    const m = await flowOf(QUEUE('&HeldPacketDone', 'UNREFERENCED_PARAMETER(nbl);'));
    assert.strictEqual(statusOf(m, 'completionFunction'), 'found');
    assert.notStrictEqual(statusOf(m, 'completionFrees'), 'found');
  });

  it('leaves a completion read from a field unknown', async () => {
    const m = await flowOf(
      QUEUE('(FWPS_INJECT_COMPLETE0) held->onDone', 'FwpsFreeCloneNetBufferList0(nbl, 0);'),
    );
    assert.strictEqual(statusOf(m, 'completionFunction'), 'unknown');
    assert.strictEqual(statusOf(m, 'completionFrees'), 'unknown');
  });

  it('says both completion steps are missing when NULL is passed', async () => {
    const m = await flowOf(QUEUE('NULL', 'FwpsFreeCloneNetBufferList0(nbl, 0);'));
    assert.strictEqual(statusOf(m, 'completionFunction'), 'missing');
    assert.strictEqual(statusOf(m, 'completionFrees'), 'missing');
    assert.deepStrictEqual(
      m.findings.map((f) => f.ruleId),
      ['WFP1005'],
    );
  });
});
