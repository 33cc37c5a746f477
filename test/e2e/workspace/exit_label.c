/* A forwarding path whose failure branch jumps to the exit label, which looks at the clone again:
   the quick fix must free it in the branch and set it to NULL, so the label cannot touch a
   freed NBL. */
#include <ntddk.h>
#include <fwpsk.h>

extern HANDLE gInjectionHandle;
VOID NTAPI SendDone(VOID* context, NET_BUFFER_LIST* netBufferList, BOOLEAN dispatchLevel);

NTSTATUS
ForwardCopy(NET_BUFFER_LIST* original, IF_INDEX interfaceIndex)
{
   NET_BUFFER_LIST* clone = NULL;
   NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);
   if (!NT_SUCCESS(status))
   {
      goto Exit;
   }
   status = FwpsInjectForwardAsync0(gInjectionHandle, NULL, 0, AF_INET, UNSPECIFIED_COMPARTMENT_ID, interfaceIndex, clone, SendDone, NULL);
   if (!NT_SUCCESS(status))
   {
      goto Exit;
   }
   clone = NULL;
Exit:
   if (clone != NULL)
   {
      DbgPrint("clone %p not sent\n", clone);
   }
   return status;
}
