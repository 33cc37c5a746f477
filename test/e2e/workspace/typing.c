/* The end-to-end tests type a call into Scratch() to see signature help. */
#include <ntddk.h>
#include <fwpsk.h>

extern HANDLE gInjectionHandle;

VOID
Scratch(NET_BUFFER_LIST* clone, COMPARTMENT_ID compartmentId)
{
    NTSTATUS status;

}

