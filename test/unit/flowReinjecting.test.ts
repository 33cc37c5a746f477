// Flow panel: a packet built and injected outside any classifyFn needs no self-injection check
// when no classifyFn of the driver keeps or injects packets; it stays unknown when one does, or
// when no classifyFn is in sight at all.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';

const DRIVER = (classifyBody: string) => `
#include <fwpsk.h>

HANDLE gInjectHandle;
NDIS_HANDLE gNblPool;

VOID NTAPI SentDone(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN dispatchLevel)
{
    MDL* mdl = NET_BUFFER_FIRST_MDL(NET_BUFFER_LIST_FIRST_NB(nbl));
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(dispatchLevel);
    FwpsFreeNetBufferList0(nbl);
    IoFreeMdl(mdl);
}

/* An IOCTL hands down a datagram built in user mode: the driver sends it. */
NTSTATUS SendFromUser(VOID* buffer, ULONG length, COMPARTMENT_ID cid)
{
    NET_BUFFER_LIST* nbl = NULL;
    MDL* mdl = IoAllocateMdl(buffer, length, FALSE, FALSE, NULL);
    NTSTATUS status;
    if (mdl == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;
    MmBuildMdlForNonPagedPool(mdl);
    status = FwpsAllocateNetBufferAndNetBufferList0(gNblPool, 0, 0, mdl, 0, length, &nbl);
    if (!NT_SUCCESS(status))
    {
        IoFreeMdl(mdl);
        return status;
    }
    status = FwpsInjectNetworkSendAsync0(gInjectHandle, NULL, 0, cid, nbl, SentDone, NULL);
    if (!NT_SUCCESS(status))
    {
        FwpsFreeNetBufferList0(nbl);
        IoFreeMdl(mdl);
    }
    return status;
}

VOID NTAPI WatchClassify(const FWPS_INCOMING_VALUES0* inFixedValues, const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    VOID* layerData, const VOID* classifyContext, const FWPS_FILTER2* filter, UINT64 flowContext, FWPS_CLASSIFY_OUT0* classifyOut)
{
    NET_BUFFER_LIST* packet = (NET_BUFFER_LIST*)layerData;
    ${classifyBody}
}
`;

async function selfCheckOf(
  classifyBody: string,
  complete = true,
  withClassify = true,
): Promise<string | undefined> {
  const driver = DRIVER(classifyBody);
  const text = withClassify ? driver : driver.slice(0, driver.indexOf('VOID NTAPI WatchClassify'));
  const file = await parseSource('file:///driver.c', text);
  const index = new WorkspaceIndex();
  index.update(file, 'win10');
  index.complete = complete;
  const m = buildInjectionFlow(
    file,
    text.indexOf('FwpsInjectNetworkSendAsync0') + 3,
    'win10',
    index,
    checkFile(file, 'win10', index),
  )!;
  return m.steps.find((s) => s.id === 'selfInjectionCheck')?.status;
}

describe('flow panel: self-injection check of a packet injected outside any classifyFn', () => {
  it('is not applicable when the classifyFns only look at packets and block them', async () => {
    const body = `if (NET_BUFFER_LIST_FIRST_NB(packet) == NULL) return;
    classifyOut->actionType = FWP_ACTION_BLOCK;`;
    assert.strictEqual(await selfCheckOf(body), 'notApplicable');
    assert.strictEqual(await selfCheckOf(body, false), 'unknown', 'not before the workspace is indexed');
  });

  it('stays unknown when a classifyFn clones, references or hands its packet to unseen code', async () => {
    const clone = `NET_BUFFER_LIST* copy = NULL;
    if (NT_SUCCESS(FwpsAllocateCloneNetBufferList0(packet, NULL, NULL, 0, &copy))) QueueCopy(copy);`;
    assert.strictEqual(await selfCheckOf(clone), 'unknown');
    assert.strictEqual(
      await selfCheckOf('FwpsReferenceNetBufferList0(packet, TRUE); Keep(packet);'),
      'unknown',
    );
    assert.strictEqual(await selfCheckOf('KeepForLater(layerData);'), 'unknown');
  });

  it('stays unknown when no classifyFn of the driver is in sight', async () => {
    assert.strictEqual(await selfCheckOf('', true, false), 'unknown');
  });
});
