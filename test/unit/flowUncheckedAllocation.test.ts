// Flow panel: the allocate step is missing, with WFP2008's words, where the clone's status is
// never tested before the NBL is injected; found where it is.
import * as assert from 'assert';
import { checkWithFlow } from '../helpers/flowSteps';

const SEND = (afterClone: string) => `
HANDLE gInjector;
NDIS_HANDLE gPool;
VOID NTAPI Sent(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN atDispatch) { FwpsFreeCloneNetBufferList0(nbl, 0); }

NTSTATUS Reinject(NET_BUFFER_LIST* indicated, COMPARTMENT_ID cid)
{
   NET_BUFFER_LIST* clone = NULL;
   NTSTATUS status = FwpsAllocateCloneNetBufferList0(indicated, gPool, NULL, 0, &clone);
   ${afterClone}
   status = FwpsInjectNetworkSendAsync0(gInjector, NULL, 0, cid, clone, Sent, NULL);
   if (!NT_SUCCESS(status)) FwpsFreeCloneNetBufferList0(clone, 0);
   return status;
}
`;

async function allocateStep(text: string): Promise<string> {
  const checked = await checkWithFlow('file:///unchecked.c', text);
  return checked.step(text.indexOf('FwpsInjectNetworkSendAsync0') + 3, 'allocate');
}

describe('flow panel: the allocate step of a clone whose status nobody tests', () => {
  it('is missing, in the words of WFP2008', async () => {
    assert.match(
      await allocateStep(SEND('')),
      /^missing: FwpsAllocateCloneNetBufferList0's status is not tested/,
    );
  });

  it('is found once the status is tested', async () => {
    assert.match(
      await allocateStep(SEND('if (!NT_SUCCESS(status)) return status;')),
      /^found: `clone` comes from a clone/,
    );
  });
});
