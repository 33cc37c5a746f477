// The extension's snippets. Injection-call snippets are generated from the catalog (arguments,
// reserved values, the free that pairs with a clone); the skeletons are written here.
import { injectionFunctions, type FunctionSpec } from '../server/src/catalog';

export interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

/** Argument placeholders: the only legal value for reserved ones, the parameter name otherwise. */
function argument(fn: FunctionSpec, i: number): string {
  const p = fn.params[i];
  const n = i + 1;
  if (p.mustBe === 'zero') return `\${${n}:0}`;
  if (p.mustBe === 'null') return `\${${n}:NULL}`;
  if (p.role === 'injectionContext' || p.role === 'completionContext') return `\${${n}:NULL}`;
  if (p.role === 'addressFamily') return `\${${n}|AF_INET,AF_INET6|}`;
  if (p.role === 'layerId' && fn.injection?.layerIdValues) return `\${${n}|${fn.injection.layerIdValues.join(',')}|}`;
  if (p.role === 'netBufferList') return `\${${n}:clonedNbl}`;
  if (p.role === 'injectionHandle') return `\${${n}:gInjectionHandle}`;
  if (p.role === 'completionFn') return `\${${n}:InjectComplete}`;
  return `\${${n}:${p.name}}`;
}

function injectionSnippet(fn: FunctionSpec): Snippet {
  const nbl = fn.params.findIndex((p) => p.role === 'netBufferList');
  const free =
    fn.name === 'FwpsStreamInjectAsync0'
      ? '    FwpsFreeCloneNetBufferList0(${' + (nbl + 1) + ':clonedNbl}, 0); /* or FwpsDiscardClonedStreamData0 for an FwpsCloneStreamData0 chain */'
      : '    FwpsFreeCloneNetBufferList0(${' + (nbl + 1) + ':clonedNbl}, 0);';
  const args = fn.params.map((_, i) => argument(fn, i));
  return {
    prefix: fn.name,
    description: `${fn.name} with free-on-failure: the completion function runs only on STATUS_SUCCESS.`,
    body: [
      `status = ${fn.name}(`,
      ...args.map((a, i) => `    ${a}${i < args.length - 1 ? ',' : ');'}`),
      'if (!NT_SUCCESS(status))',
      '{',
      '    /* Not injected: the completion function will not run, the NBL is still ours. */',
      free,
      '}',
      '$0',
    ],
  };
}

// No SAL annotations or NTAPI in the skeletons: without the WDK headers they are unknown
// macros to any parser, and every snippet must parse cleanly.
const SKELETONS: Record<string, Snippet> = {
  'WFP classify function (clone, inject, absorb)': {
    prefix: 'wfp-classify',
    description: 'classifyFn skeleton with the self-injection check, clone, inject and absorb',
    body: [
      'VOID',
      '${1:MyClassify}(',
      '    const FWPS_INCOMING_VALUES0* inFixedValues,',
      '    const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,',
      '    VOID* layerData,',
      '    const VOID* classifyContext,',
      '    const FWPS_FILTER2* filter,',
      '    UINT64 flowContext,',
      '    FWPS_CLASSIFY_OUT0* classifyOut)',
      '{',
      '    NTSTATUS status;',
      '    NET_BUFFER_LIST* clonedNbl = NULL;',
      '    FWPS_PACKET_INJECTION_STATE injectionState;',
      '',
      '    UNREFERENCED_PARAMETER(classifyContext);',
      '    UNREFERENCED_PARAMETER(filter);',
      '    UNREFERENCED_PARAMETER(flowContext);',
      '',
      '    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) || layerData == NULL)',
      '    {',
      '        return;',
      '    }',
      '',
      '    /* Let our own injected packets pass, or they loop forever. */',
      '    injectionState = FwpsQueryPacketInjectionState0(${2:gInjectionHandle}, (NET_BUFFER_LIST*)layerData, NULL);',
      '    if (injectionState == FWPS_PACKET_INJECTED_BY_SELF ||',
      '        injectionState == FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF)',
      '    {',
      '        classifyOut->actionType = FWP_ACTION_PERMIT;',
      '        return;',
      '    }',
      '',
      '    status = FwpsAllocateCloneNetBufferList0((NET_BUFFER_LIST*)layerData, NULL, NULL, 0, &clonedNbl);',
      '    if (!NT_SUCCESS(status))',
      '    {',
      '        return;',
      '    }',
      '',
      '    status = FwpsInjectNetworkReceiveAsync0(',
      '        ${2:gInjectionHandle},',
      '        NULL,',
      '        0,',
      '        inMetaValues->compartmentId,',
      '        inFixedValues->incomingValue[${3:FWPS_FIELD_INBOUND_IPPACKET_V4_INTERFACE_INDEX}].value.uint32,',
      '        inFixedValues->incomingValue[${4:FWPS_FIELD_INBOUND_IPPACKET_V4_SUB_INTERFACE_INDEX}].value.uint32,',
      '        clonedNbl,',
      '        ${5:InjectComplete},',
      '        NULL);',
      '    if (!NT_SUCCESS(status))',
      '    {',
      '        FwpsFreeCloneNetBufferList0(clonedNbl, 0);',
      '        return;',
      '    }',
      '',
      '    /* The clone goes on; drop the original silently. */',
      '    classifyOut->actionType = FWP_ACTION_BLOCK;',
      '    classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;',
      '    classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;',
      '}',
    ],
  },
  'WFP injection completion function': {
    prefix: 'wfp-complete',
    description: 'FWPS_INJECT_COMPLETE0 that checks the status and frees the cloned NBL',
    body: [
      'VOID',
      '${1:InjectComplete}(',
      '    VOID* context,',
      '    NET_BUFFER_LIST* netBufferList,',
      '    BOOLEAN dispatchLevel)',
      '{',
      '    UNREFERENCED_PARAMETER(context);',
      '    UNREFERENCED_PARAMETER(dispatchLevel);',
      '',
      '    if (!NT_SUCCESS(netBufferList->Status))',
      '    {',
      '        /* The packet was dropped after the injection call returned. */',
      '    }',
      '    FwpsFreeCloneNetBufferList0(netBufferList, 0);',
      '}',
    ],
  },
  'WFP injection handle create/destroy': {
    prefix: 'wfp-handle',
    description: 'FwpsInjectionHandleCreate0 with a status check, and the matching destroy for unload',
    body: [
      'status = FwpsInjectionHandleCreate0(${1|AF_UNSPEC,AF_INET,AF_INET6|}, ${2|FWPS_INJECTION_TYPE_TRANSPORT,FWPS_INJECTION_TYPE_NETWORK,FWPS_INJECTION_TYPE_FORWARD,FWPS_INJECTION_TYPE_STREAM,FWPS_INJECTION_TYPE_L2|}, &${3:gInjectionHandle});',
      'if (!NT_SUCCESS(status))',
      '{',
      '    goto Exit;',
      '}',
      '',
      '/* In the unload routine: */',
      '/* FwpsInjectionHandleDestroy0(${3:gInjectionHandle}); */',
      '$0',
    ],
  },
  'WFP queue injection to a DPC': {
    prefix: 'wfp-dpc',
    description: 'Queue a TCP transport injection out of band: classifyFn stores the packet, a DPC injects it',
    body: [
      'typedef struct _${1:PENDED_PACKET}',
      '{',
      '    LIST_ENTRY listEntry;',
      '    NET_BUFFER_LIST* clonedNbl;',
      '    UINT64 endpointHandle;',
      '    ADDRESS_FAMILY addressFamily;',
      '    COMPARTMENT_ID compartmentId;',
      '} ${1:PENDED_PACKET};',
      '',
      'VOID',
      '${2:InjectDpc}(',
      '    KDPC* dpc,',
      '    PVOID context,',
      '    PVOID arg1,',
      '    PVOID arg2)',
      '{',
      '    ${1:PENDED_PACKET}* packet = (${1:PENDED_PACKET}*)context;',
      '    NTSTATUS status;',
      '',
      '    UNREFERENCED_PARAMETER(dpc);',
      '    UNREFERENCED_PARAMETER(arg1);',
      '    UNREFERENCED_PARAMETER(arg2);',
      '    if (packet == NULL)',
      '    {',
      '        return;',
      '    }',
      '    status = FwpsInjectTransportSendAsync1(${3:gInjectionHandle}, NULL, packet->endpointHandle, 0, NULL,',
      '        packet->addressFamily, packet->compartmentId, packet->clonedNbl, ${4:InjectComplete}, packet);',
      '    if (!NT_SUCCESS(status))',
      '    {',
      '        FwpsFreeCloneNetBufferList0(packet->clonedNbl, 0);',
      '    }',
      '}',
    ],
  },
  'WFP pend and complete at ALE': {
    prefix: 'wfp-pend',
    description: 'Pend an ALE connect/accept classify with FwpsPendOperation0; complete it later',
    body: [
      'status = FwpsPendOperation0(inMetaValues->completionHandle, &${1:pendedPacket}->completionContext);',
      'if (!NT_SUCCESS(status))',
      '{',
      '    /* STATUS_FWP_CANNOT_PEND on a reauthorization: decide inline. */',
      '    classifyOut->actionType = FWP_ACTION_PERMIT;',
      '    return;',
      '}',
      'classifyOut->actionType = FWP_ACTION_BLOCK;',
      'classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;',
      'classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;',
      '',
      '/* Later, from a worker: */',
      '/* FwpsCompleteOperation0(${1:pendedPacket}->completionContext, ${2:clonedNblOrNull}); */',
      '$0',
    ],
  },
};

export function snippets(): Record<string, Snippet> {
  const out: Record<string, Snippet> = {};
  for (const fn of injectionFunctions()) out[`${fn.name} (free on failure)`] = injectionSnippet(fn);
  return { ...out, ...SKELETONS };
}
