// Flow panel: the allocate step of an injection in a wrapper that returns its status, for the
// NBL the wrapper is handed: found where a caller clones or allocates what it hands in.
import * as assert from 'assert';
import { checkWithFlow } from '../helpers/flowSteps';

const DRIVER = (caller: string) => `
HANDLE gInjector;
NDIS_HANDLE gPool;
VOID NTAPI Sent(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN atDispatch) { FwpsFreeCloneNetBufferList0(nbl, 0); }

NTSTATUS SendNbl(NET_BUFFER_LIST* nbl, COMPARTMENT_ID cid)
{
   return FwpsInjectNetworkSendAsync0(gInjector, NULL, 0, cid, nbl, Sent, NULL);
}

${caller}
`;

async function allocateStep(text: string): Promise<string> {
  const checked = await checkWithFlow('file:///wrapper.c', text);
  return checked.step(text.indexOf('FwpsInjectNetworkSendAsync0') + 3, 'allocate');
}

describe("flow panel: the allocate step of a wrapper's NBL", () => {
  it('is found in the caller that clones what it hands in', async () => {
    const s = await allocateStep(
      DRIVER(`VOID Reinject(NET_BUFFER_LIST* indicated, COMPARTMENT_ID cid)
{
   NET_BUFFER_LIST* clone = NULL;
   NTSTATUS status = FwpsAllocateCloneNetBufferList0(indicated, gPool, NULL, 0, &clone);
   if (!NT_SUCCESS(status)) return;
   status = SendNbl(clone, cid);
   if (!NT_SUCCESS(status)) FwpsFreeCloneNetBufferList0(clone, 0);
}`),
    );
    assert.match(
      s,
      /^found: `nbl` is given by Reinject, where `clone` comes from FwpsAllocateCloneNetBufferList0\.$/,
    );
  });

  it('stays unknown where the caller hands in an NBL of its own caller', async () => {
    const s = await allocateStep(
      DRIVER(`VOID Forward(NET_BUFFER_LIST* given, COMPARTMENT_ID cid)
{
   NTSTATUS status = SendNbl(given, cid);
   if (!NT_SUCCESS(status)) DbgPrint("not sent\\n");
}`),
    );
    assert.match(s, /^unknown: /);
  });
});
