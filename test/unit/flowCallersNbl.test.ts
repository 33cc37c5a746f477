// Flow panel: an NBL the caller hands in (`packet->nbl`) is not this code's own, but a failure path
// that frees it (itself or through a helper) is still seen doing so.
import * as assert from 'assert';
import { checkWithFlow } from '../helpers/flowSteps';

const SEND = (onFailure: string, filler = '') => `
#include <fwpsk.h>

typedef struct _QUEUED_PACKET {
   NET_BUFFER_LIST* nbl;
   MDL* mdl;
   VOID* bytes;
   COMPARTMENT_ID compartment;
} QUEUED_PACKET;

HANDLE gSendInjector;
VOID NTAPI PacketSent(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN atDispatch);

static VOID ReleasePacket(QUEUED_PACKET* packet)
{
   if (packet->nbl != NULL) FwpsFreeNetBufferList0(packet->nbl);
   if (packet->mdl != NULL) IoFreeMdl(packet->mdl);
   if (packet->bytes != NULL) ExFreePoolWithTag(packet->bytes, 'tkcP');
   ExFreePoolWithTag(packet, 'tkcP');
}

VOID NTAPI PacketSent(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN atDispatch)
{
   UNREFERENCED_PARAMETER(nbl);
   UNREFERENCED_PARAMETER(atDispatch);
   ReleasePacket((QUEUED_PACKET*)context);
}

${filler}
BOOLEAN SendQueued(QUEUED_PACKET* packet)
{
   NTSTATUS status = FwpsInjectNetworkSendAsync0(gSendInjector, NULL, 0, packet->compartment,
      packet->nbl, PacketSent, packet);
   if (!NT_SUCCESS(status))
   {
      ${onFailure}
      return FALSE;
   }
   return TRUE;
}
`;

/** `status: detail` of the step `id` at the file's injection. */
async function stepOf(text: string, id: string): Promise<string> {
  const checked = await checkWithFlow('file:///queued.c', text);
  return checked.step(text.indexOf('FwpsInjectNetworkSendAsync0') + 3, id);
}

describe("flow panel: free on failure of the caller's NBL", () => {
  it('is found when a helper frees it on the failure path', async () => {
    assert.match(await stepOf(SEND('ReleasePacket(packet);'), 'freeOnFailure'), /^found: .*ReleasePacket/);
  });

  it('is found when the failure path frees it itself', async () => {
    assert.match(await stepOf(SEND('FwpsFreeNetBufferList0(packet->nbl);'), 'freeOnFailure'), /^found: /);
  });

  it('stays unknown when the failure path leaves it to the caller', async () => {
    assert.match(
      await stepOf(SEND('DbgPrint("send failed: %x", status);'), 'freeOnFailure'),
      /^unknown: .*not known to be this code's own/,
    );
  });

  it("says where the record gets its NBL when the workspace fills the field with an allocator's result", async () => {
    const filler = `
QUEUED_PACKET* AllocatePacket(NDIS_HANDLE pool, MDL* mdl, ULONG length)
{
   QUEUED_PACKET* packet = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(QUEUED_PACKET), 'tkcP');
   if (packet == NULL) return NULL;
   packet->mdl = mdl;
   packet->nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, mdl, 0, length);
   return packet;
}
`;
    assert.match(
      await stepOf(SEND('ReleasePacket(packet);', filler), 'allocate'),
      /^found: .*NdisAllocateNetBufferAndNetBufferList/,
    );
  });

  it('stays unknown when the failure path only hands it to a function that keeps it', async () => {
    assert.match(await stepOf(SEND('RequeuePacket(packet);'), 'freeOnFailure'), /^unknown: /);
  });
});
