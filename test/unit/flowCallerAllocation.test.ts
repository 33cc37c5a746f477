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

const BY_DIRECTION = (onFailure: string) => `
HANDLE gSend;
HANDLE gReceive;
NDIS_HANDLE gPool;
VOID NTAPI Done(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN atDispatch) { FwpsFreeCloneNetBufferList0(nbl, 0); }

NTSTATUS InjectByDirection(NET_BUFFER_LIST* nbl, COMPARTMENT_ID cid, IF_INDEX ifIndex, BOOLEAN outbound)
{
   NTSTATUS status;
   if (outbound)
      status = FwpsInjectNetworkSendAsync0(gSend, NULL, 0, cid, nbl, Done, NULL);
   else
      status = FwpsInjectNetworkReceiveAsync0(gReceive, NULL, 0, cid, ifIndex, 0, nbl, Done, NULL);
   return status;
}

VOID Reinject(NET_BUFFER_LIST* indicated, COMPARTMENT_ID cid, IF_INDEX ifIndex, BOOLEAN outbound)
{
   NET_BUFFER_LIST* clone = NULL;
   NTSTATUS status = FwpsAllocateCloneNetBufferList0(indicated, gPool, NULL, 0, &clone);
   if (!NT_SUCCESS(status)) return;
   status = InjectByDirection(clone, cid, ifIndex, outbound);
   ${onFailure}
}
`;

describe("flow panel: free on failure of a wrapper's NBL, at each of its injections", () => {
  const both = async (text: string) => {
    const checked = await checkWithFlow('file:///direction.c', text);
    return ['FwpsInjectNetworkSendAsync0', 'FwpsInjectNetworkReceiveAsync0'].map((n) =>
      checked.step(text.indexOf(n + '(') + 3, 'freeOnFailure'),
    );
  };

  it('is missing at both when the caller drops the failed NBL', async () => {
    for (const s of await both(BY_DIRECTION('DbgPrint("%x", status);')))
      assert.match(s, /^missing: The status goes back through InjectByDirection to Reinject/);
  });

  it('is found at both when the caller frees it on failure', async () => {
    for (const s of await both(
      BY_DIRECTION('if (!NT_SUCCESS(status)) FwpsFreeCloneNetBufferList0(clone, 0);'),
    ))
      assert.match(s, /^found: /);
  });
});
