/* Never opened by the end-to-end tests: its finding (WFP1003, flags not 0) must reach the
   Problems panel from the workspace check alone. */
#include <ntddk.h>
#include <fwpsk.h>

extern HANDLE gInjectionHandle;
VOID NTAPI ForwardDone(VOID* context, NET_BUFFER_LIST* netBufferList, BOOLEAN dispatchLevel);

NTSTATUS
ForwardAgain(NET_BUFFER_LIST* clone, IF_INDEX interfaceIndex)
{
    NTSTATUS status = FwpsInjectForwardAsync0(gInjectionHandle, NULL, 1, AF_INET, UNSPECIFIED_COMPARTMENT_ID, interfaceIndex, clone, ForwardDone, NULL);
    return status;
}
