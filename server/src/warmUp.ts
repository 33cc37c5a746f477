// A first check costs most on a cold server: the engine's functions are compiled on first call and
// run slowly until V8 has seen them at work, and tree-sitter's wasm runs unoptimised until it is
// hot. Checking a small driver once while `initialize` is answered pays that cost on 140 lines
// instead of on the first file the user opens, where it cost about as much as the check itself.
// Nothing of it is kept: the sample has its own index and is never published.
import { WorkspaceIndex } from './analysis/workspaceIndex';
import { DEFAULT_TARGET } from './catalog';
import { hoverAt } from './features/hover';
import { signatureHelpAt } from './features/signatureHelp';
import { parseSource } from './parse/document';
import type { SourceLanguage } from './parse/parser';
import { DeclarationFindings } from './rules/declarationFindings';

/** Clone, inject, free on failure, completion frees, a helper, SAL and a version split: what drivers do. */
export const WARM_UP_DRIVER = `
#include <ntddk.h>
#include <fwpsk.h>

typedef struct _WARM_CONTEXT {
    LIST_ENTRY link;
    NET_BUFFER_LIST* nbl;
    ADDRESS_FAMILY family;
    UINT32 interfaceIndex;
    UINT32 subInterfaceIndex;
    COMPARTMENT_ID compartmentId;
} WARM_CONTEXT;

HANDLE gInjectionHandle = NULL;
NDIS_HANDLE gPoolHandle = NULL;

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
WarmCreateHandles(VOID)
{
    NTSTATUS status;
#if (NTDDI_VERSION >= NTDDI_WIN8)
    status = FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_NETWORK | FWPS_INJECTION_TYPE_FORWARD, &gInjectionHandle);
#else
    status = FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_NETWORK, &gInjectionHandle);
#endif
    return status;
}

void NTAPI
WarmInjectComplete(
    _In_ VOID* context,
    _Inout_ NET_BUFFER_LIST* netBufferList,
    _In_ BOOLEAN dispatchLevel)
{
    WARM_CONTEXT* warm = (WARM_CONTEXT*)context;
    UNREFERENCED_PARAMETER(dispatchLevel);
    if (!NT_SUCCESS(netBufferList->Status)) {
        DbgPrint("injection failed %x\\n", netBufferList->Status);
    }
    FwpsFreeCloneNetBufferList0(netBufferList, 0);
    ExFreePoolWithTag(warm, 'mraW');
}

static NTSTATUS
WarmClone(_In_ NET_BUFFER_LIST* original, _Outptr_ NET_BUFFER_LIST** clone)
{
    return FwpsAllocateCloneNetBufferList0(original, gPoolHandle, NULL, 0, clone);
}

static NTSTATUS
WarmSend(_In_ WARM_CONTEXT* warm, _In_ NET_BUFFER_LIST* nbl)
{
    NTSTATUS status = FwpsInjectNetworkSendAsync0(gInjectionHandle, NULL, 0,
        warm->compartmentId, nbl, WarmInjectComplete, warm);
    if (!NT_SUCCESS(status)) {
        FwpsFreeCloneNetBufferList0(nbl, 0);
    }
    return status;
}

void NTAPI
WarmClassify(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER2* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    NTSTATUS status;
    NET_BUFFER_LIST* clone = NULL;
    WARM_CONTEXT* warm = NULL;
    FWPS_PACKET_INJECTION_STATE state;

    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) || layerData == NULL) {
        return;
    }
    state = FwpsQueryPacketInjectionState0(gInjectionHandle, (NET_BUFFER_LIST*)layerData, NULL);
    if (state == FWPS_PACKET_INJECTED_BY_SELF || state == FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF) {
        classifyOut->actionType = FWP_ACTION_PERMIT;
        return;
    }
    warm = (WARM_CONTEXT*)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*warm), 'mraW');
    if (warm == NULL) {
        goto Exit;
    }
    warm->compartmentId = (COMPARTMENT_ID)inMetaValues->compartmentId;
    warm->interfaceIndex = inFixedValues->incomingValue[FWPS_FIELD_OUTBOUND_IPPACKET_V4_INTERFACE_INDEX].value.uint32;
    status = WarmClone((NET_BUFFER_LIST*)layerData, &clone);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    status = FwpsInjectNetworkSendAsync0(gInjectionHandle, NULL, 0,
        warm->compartmentId, clone, WarmInjectComplete, warm);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    warm = NULL;
    clone = NULL;
    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;

Exit:
    if (clone != NULL) {
        FwpsFreeCloneNetBufferList0(clone, 0);
    }
    if (warm != NULL) {
        ExFreePoolWithTag(warm, 'mraW');
    }
}

VOID
WarmForward(_In_ WARM_CONTEXT* warm, _In_ NET_BUFFER_LIST* original)
{
    NET_BUFFER_LIST* nbl = NULL;
    NTSTATUS status = WarmClone(original, &nbl);
    if (!NT_SUCCESS(status)) {
        return;
    }
    switch (warm->family) {
    case AF_INET:
        status = FwpsInjectForwardAsync0(gInjectionHandle, NULL, 0, AF_INET,
            UNSPECIFIED_COMPARTMENT_ID, warm->interfaceIndex, nbl, WarmInjectComplete, warm);
        break;
    default:
        status = WarmSend(warm, nbl);
        return;
    }
    if (status != STATUS_SUCCESS) {
        FwpsFreeCloneNetBufferList0(nbl, 0);
    }
}
`;

/** Checks WARM_UP_DRIVER once, and answers a hover and a signature help in it. */
export async function warmUp(language: SourceLanguage = 'c'): Promise<void> {
  const file = await parseSource(`file:///wfp-warm-up/driver.${language}`, WARM_UP_DRIVER, language);
  try {
    const index = new WorkspaceIndex();
    index.update(file, DEFAULT_TARGET, true);
    await new DeclarationFindings().findings(file, DEFAULT_TARGET, index);
    const call = WARM_UP_DRIVER.indexOf('FwpsInjectNetworkSendAsync0(');
    hoverAt(file, call + 2, DEFAULT_TARGET);
    signatureHelpAt(file, call + 40, DEFAULT_TARGET);
  } finally {
    // Its tree is in wasm memory, which never shrinks: it is freed at once.
    file.dispose();
  }
}
