/* The end-to-end tests insert a classify function here from a snippet. */
#include <ntddk.h>
#include <fwpsk.h>

extern HANDLE gInjectionHandle;
VOID NTAPI InjectComplete(VOID* context, NET_BUFFER_LIST* netBufferList, BOOLEAN dispatchLevel);

