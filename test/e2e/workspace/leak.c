/* A worker that re-sends a packet and forgets the clone when the injection fails (WFP2002). */
#include <ntddk.h>
#include <fwpsk.h>

extern HANDLE gInjectionHandle;
VOID NTAPI ResendComplete(VOID* context, NET_BUFFER_LIST* netBufferList, BOOLEAN dispatchLevel);

VOID NTAPI
ResendComplete(VOID* context, NET_BUFFER_LIST* netBufferList, BOOLEAN dispatchLevel)
{
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(dispatchLevel);
    FwpsFreeCloneNetBufferList0(netBufferList, 0);
}

NTSTATUS
ResendPacket(NET_BUFFER_LIST* original, COMPARTMENT_ID compartmentId)
{
    NET_BUFFER_LIST* clone = NULL;
    NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);
    if (!NT_SUCCESS(status))
    {
        return status;
    }
    status = FwpsInjectNetworkSendAsync0(gInjectionHandle, NULL, 0, compartmentId, clone, ResendComplete, NULL);
    if (!NT_SUCCESS(status))
    {
        DbgPrint("resend failed: 0x%x\n", status);
        return status;
    }
    return STATUS_SUCCESS;
}
