/*
 * Forwarding-layer callout for the end-to-end tests: clones each packet, lets the original
 * pass and injects the clone. Correct code: no findings expected.
 */
#include <ntddk.h>
#include <fwpsk.h>

HANDLE gInjectionHandle = NULL;

VOID NTAPI
ForwardInjectComplete(VOID* context, NET_BUFFER_LIST* netBufferList, BOOLEAN dispatchLevel)
{
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(dispatchLevel);
    FwpsFreeCloneNetBufferList0(netBufferList, 0);
}

VOID NTAPI
ForwardClassify(
    const FWPS_INCOMING_VALUES0* inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    VOID* layerData,
    const VOID* classifyContext,
    const FWPS_FILTER1* filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT0* classifyOut)
{
    NTSTATUS status;
    NET_BUFFER_LIST* clone = NULL;
    FWPS_PACKET_INJECTION_STATE state;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (inFixedValues->layerId != FWPS_LAYER_IPFORWARD_V4)
    {
        return;
    }

    state = FwpsQueryPacketInjectionState0(gInjectionHandle, (NET_BUFFER_LIST*)layerData, NULL);
    if (state == FWPS_PACKET_INJECTED_BY_SELF ||
        state == FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF)
    {
        classifyOut->actionType = FWP_ACTION_PERMIT;
        return;
    }

    status = FwpsAllocateCloneNetBufferList0((NET_BUFFER_LIST*)layerData, NULL, NULL, 0, &clone);
    if (!NT_SUCCESS(status))
    {
        return;
    }

    status = FwpsInjectForwardAsync0(
        gInjectionHandle,
        NULL,
        0,
        AF_INET,
        UNSPECIFIED_COMPARTMENT_ID,
        inFixedValues->incomingValue[FWPS_FIELD_IPFORWARD_V4_DESTINATION_INTERFACE_INDEX].value.uint32,
        clone,
        ForwardInjectComplete,
        NULL);
    if (!NT_SUCCESS(status))
    {
        FwpsFreeCloneNetBufferList0(clone, 0);
        return;
    }

    classifyOut->actionType = FWP_ACTION_BLOCK;
    classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;
    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
}
