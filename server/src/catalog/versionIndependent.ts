// Version-independent (numberless) names from fwpvi.h and the numbered function each one means
// for a target Windows version. fwpvi.h ships with the Windows 7 and later kits; a function with a
// single version maps to it for every target, starting at that function's minimum OS.
// Sources: FACTS.md section 6, concept page wfp-version-independent-names-and-targeting-specific-
// versions-of-windows, and the req.target-min-winverclnt line of each DDI page
// (Windows Server 2008 = Vista SP1 is filed under 'vista').
import type { VersionIndependentName } from './types';

export const VERSION_INDEPENDENT_NAMES: VersionIndependentName[] = [
  // ---------------------------------------------------------------- injection
  {
    name: 'FwpsInjectTransportReceiveAsync',
    targets: [{ minTarget: 'vista', fn: 'FwpsInjectTransportReceiveAsync0' }],
  },
  {
    name: 'FwpsInjectTransportSendAsync',
    targets: [
      { minTarget: 'win7', fn: 'FwpsInjectTransportSendAsync1' },
      { minTarget: 'vista', fn: 'FwpsInjectTransportSendAsync0' },
    ],
  },
  {
    name: 'FwpsInjectNetworkSendAsync',
    targets: [{ minTarget: 'vista', fn: 'FwpsInjectNetworkSendAsync0' }],
  },
  {
    name: 'FwpsInjectNetworkReceiveAsync',
    targets: [{ minTarget: 'vista', fn: 'FwpsInjectNetworkReceiveAsync0' }],
  },
  { name: 'FwpsInjectForwardAsync', targets: [{ minTarget: 'vista', fn: 'FwpsInjectForwardAsync0' }] },
  { name: 'FwpsInjectMacReceiveAsync', targets: [{ minTarget: 'win8', fn: 'FwpsInjectMacReceiveAsync0' }] },
  { name: 'FwpsInjectMacSendAsync', targets: [{ minTarget: 'win8', fn: 'FwpsInjectMacSendAsync0' }] },
  {
    name: 'FwpsInjectvSwitchEthernetIngressAsync',
    targets: [{ minTarget: 'win8', fn: 'FwpsInjectvSwitchEthernetIngressAsync0' }],
  },
  { name: 'FwpsStreamInjectAsync', targets: [{ minTarget: 'vista', fn: 'FwpsStreamInjectAsync0' }] },

  // ---------------------------------------------------------------- injection handles and state
  { name: 'FwpsInjectionHandleCreate', targets: [{ minTarget: 'vista', fn: 'FwpsInjectionHandleCreate0' }] },
  {
    name: 'FwpsInjectionHandleDestroy',
    targets: [{ minTarget: 'vista', fn: 'FwpsInjectionHandleDestroy0' }],
  },
  {
    name: 'FwpsQueryPacketInjectionState',
    targets: [{ minTarget: 'vista', fn: 'FwpsQueryPacketInjectionState0' }],
  },

  // ---------------------------------------------------------------- NET_BUFFER_LIST helpers
  {
    name: 'FwpsAllocateCloneNetBufferList',
    targets: [{ minTarget: 'vista', fn: 'FwpsAllocateCloneNetBufferList0' }],
  },
  {
    name: 'FwpsFreeCloneNetBufferList',
    targets: [{ minTarget: 'vista', fn: 'FwpsFreeCloneNetBufferList0' }],
  },
  {
    name: 'FwpsAllocateNetBufferAndNetBufferList',
    targets: [{ minTarget: 'vista', fn: 'FwpsAllocateNetBufferAndNetBufferList0' }],
  },
  { name: 'FwpsFreeNetBufferList', targets: [{ minTarget: 'vista', fn: 'FwpsFreeNetBufferList0' }] },
  {
    name: 'FwpsReferenceNetBufferList',
    targets: [{ minTarget: 'vista', fn: 'FwpsReferenceNetBufferList0' }],
  },
  {
    name: 'FwpsDereferenceNetBufferList',
    targets: [{ minTarget: 'vista', fn: 'FwpsDereferenceNetBufferList0' }],
  },
  {
    name: 'FwpsReassembleForwardFragmentGroup',
    targets: [{ minTarget: 'vista', fn: 'FwpsReassembleForwardFragmentGroup0' }],
  },
  {
    name: 'FwpsConstructIpHeaderForTransportPacket',
    targets: [{ minTarget: 'vista', fn: 'FwpsConstructIpHeaderForTransportPacket0' }],
  },

  // ---------------------------------------------------------------- pending and classify handles
  { name: 'FwpsPendOperation', targets: [{ minTarget: 'vista', fn: 'FwpsPendOperation0' }] },
  { name: 'FwpsCompleteOperation', targets: [{ minTarget: 'vista', fn: 'FwpsCompleteOperation0' }] },
  { name: 'FwpsPendClassify', targets: [{ minTarget: 'win7', fn: 'FwpsPendClassify0' }] },
  { name: 'FwpsCompleteClassify', targets: [{ minTarget: 'win7', fn: 'FwpsCompleteClassify0' }] },
  { name: 'FwpsAcquireClassifyHandle', targets: [{ minTarget: 'win7', fn: 'FwpsAcquireClassifyHandle0' }] },
  { name: 'FwpsReleaseClassifyHandle', targets: [{ minTarget: 'win7', fn: 'FwpsReleaseClassifyHandle0' }] },

  // ---------------------------------------------------------------- security info and stream data
  {
    name: 'FwpsGetPacketListSecurityInformation',
    targets: [{ minTarget: 'vista', fn: 'FwpsGetPacketListSecurityInformation0' }],
  },
  { name: 'FwpsCloneStreamData', targets: [{ minTarget: 'vista', fn: 'FwpsCloneStreamData0' }] },
  {
    name: 'FwpsDiscardClonedStreamData',
    targets: [{ minTarget: 'vista', fn: 'FwpsDiscardClonedStreamData0' }],
  },
  { name: 'FwpsStreamContinue', targets: [{ minTarget: 'vista', fn: 'FwpsStreamContinue0' }] },
];
