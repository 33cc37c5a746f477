// Named constants that matter around packet injection: injection-handle types, injection
// states, address families, stream flags, classify-out flags and STATUS_FWP_* codes.
// Sources: FACTS.md sections 2, 4 and 6; the DDI pages named in each docUrl. Docs are our own wording.
// Numeric values are deliberately absent: Microsoft's pages do not give them (match by name).
import type { ConstantSpec } from './types';

const DDI = 'https://learn.microsoft.com/windows-hardware/drivers/ddi/fwpsk/';
const HANDLE_CREATE = `${DDI}nf-fwpsk-fwpsinjectionhandlecreate0`;
const INJECTION_STATE = `${DDI}ne-fwpsk-fwps_packet_injection_state_`;
const STREAM_DATA = `${DDI}ns-fwpsk-fwps_stream_data0_`;
const STREAM_INJECT = `${DDI}nf-fwpsk-fwpsstreaminjectasync0`;
const CLASSIFY_OUT =
  'https://learn.microsoft.com/windows/win32/api/fwpstypes/ns-fwpstypes-fwps_classify_out0';

export const CONSTANTS: ConstantSpec[] = [
  // ------------------------------------------------------------ FwpsInjectionHandleCreate0 flags
  {
    name: 'FWPS_INJECTION_TYPE_FORWARD',
    family: 'injectionType',
    doc: 'Handle type for FwpsInjectForwardAsync0. A handle created with flags 0 also covers forward injection.',
    docUrl: HANDLE_CREATE,
  },
  {
    name: 'FWPS_INJECTION_TYPE_NETWORK',
    family: 'injectionType',
    doc: 'Handle type for FwpsInjectNetworkSendAsync0 and FwpsInjectNetworkReceiveAsync0; it must be asked for explicitly and the handle needs AF_INET or AF_INET6 (one handle per IP version).',
    docUrl: HANDLE_CREATE,
  },
  {
    name: 'FWPS_INJECTION_TYPE_STREAM',
    family: 'injectionType',
    doc: 'Handle type for FwpsStreamInjectAsync0. A handle created with flags 0 also covers stream injection.',
    docUrl: HANDLE_CREATE,
  },
  {
    name: 'FWPS_INJECTION_TYPE_TRANSPORT',
    family: 'injectionType',
    doc: 'Handle type for FwpsInjectTransportReceiveAsync0 and FwpsInjectTransportSendAsync0/1. A handle created with flags 0 also covers transport injection.',
    docUrl: HANDLE_CREATE,
  },
  {
    name: 'FWPS_INJECTION_TYPE_L2',
    family: 'injectionType',
    doc: 'Handle type for the layer-2 calls FwpsInjectMacReceiveAsync0, FwpsInjectMacSendAsync0 and FwpsInjectvSwitchEthernetIngressAsync0 (Windows 8 and later); one such handle, created with AF_UNSPEC, serves every MAC and vSwitch Ethernet layer.',
    docUrl: HANDLE_CREATE,
  },

  // ------------------------------------------------------------ FWPS_PACKET_INJECTION_STATE
  {
    name: 'FWPS_PACKET_NOT_INJECTED',
    family: 'injectionState',
    doc: 'No injection function has touched this packet; it came from the TCP/IP stack itself. Safe to inspect, clone and re-inject.',
    docUrl: INJECTION_STATE,
  },
  {
    name: 'FWPS_PACKET_INJECTED_BY_SELF',
    family: 'injectionState',
    doc: 'The packet was injected through the same handle you passed to FwpsQueryPacketInjectionState0, i.e. it is your own. Let it pass (PERMIT or CONTINUE) instead of processing it again, or it loops.',
    docUrl: INJECTION_STATE,
  },
  {
    name: 'FWPS_PACKET_INJECTED_BY_OTHER',
    family: 'injectionState',
    doc: 'The packet was injected through some other injection handle, typically by another callout driver.',
    docUrl: INJECTION_STATE,
  },
  {
    name: 'FWPS_PACKET_PREVIOUSLY_INJECTED_BY_SELF',
    family: 'injectionState',
    doc: 'You injected this packet earlier, and since then it was cloned and injected again, possibly through another handle. Treat it like your own packet and do not process it again.',
    docUrl: INJECTION_STATE,
  },
  {
    name: 'FWPS_PACKET_INJECTION_STATE_MAX',
    family: 'injectionState',
    doc: 'Upper bound of the injection-state enumeration, never returned for a packet; its value may grow in later headers.',
    docUrl: INJECTION_STATE,
  },

  // ------------------------------------------------------------ address families
  {
    name: 'AF_INET',
    family: 'addressFamily',
    doc: 'IPv4. Required (or AF_INET6) for a network-layer injection handle, and the value to pass for IPv4 packets to injection calls that take an address family.',
    docUrl: HANDLE_CREATE,
  },
  {
    name: 'AF_INET6',
    family: 'addressFamily',
    doc: 'IPv6. Required (or AF_INET) for a network-layer injection handle, and the value to pass for IPv6 packets to injection calls that take an address family.',
    docUrl: HANDLE_CREATE,
  },
  {
    name: 'AF_UNSPEC',
    family: 'addressFamily',
    doc: 'No particular IP version. Accepted when creating transport, stream, forward and layer-2 injection handles, but not network-layer handles; never a valid family for an injected packet.',
    docUrl: HANDLE_CREATE,
  },

  // ------------------------------------------------------------ FWPS_STREAM_FLAG_*
  {
    name: 'FWPS_STREAM_FLAG_RECEIVE',
    family: 'streamFlag',
    doc: 'Marks inbound stream data; always present on received data, and required when injecting into the receive direction.',
    docUrl: STREAM_DATA,
  },
  {
    name: 'FWPS_STREAM_FLAG_RECEIVE_EXPEDITED',
    family: 'streamFlag',
    doc: 'The inbound data is urgent (out-of-band) data; when injecting, marks the injected receive data as urgent.',
    docUrl: STREAM_DATA,
  },
  {
    name: 'FWPS_STREAM_FLAG_RECEIVE_DISCONNECT',
    family: 'streamFlag',
    doc: 'The peer closed its side (TCP FIN) with this inbound data. When injecting it asks for a FIN and must be combined with FWPS_STREAM_FLAG_RECEIVE, otherwise STATUS_FWP_INVALID_PARAMETER.',
    docUrl: STREAM_DATA,
  },
  {
    name: 'FWPS_STREAM_FLAG_RECEIVE_ABORT',
    family: 'streamFlag',
    doc: 'The peer reset the connection (TCP RST) with this inbound data. Not implemented on Windows Vista.',
    docUrl: STREAM_DATA,
  },
  {
    name: 'FWPS_STREAM_FLAG_RECEIVE_PUSH',
    family: 'streamFlag',
    doc: 'Injection flag for inbound data that should be delivered at once, as if the TCP PUSH bit were set; leaving it off can delay delivery. Windows Vista SP1 and later.',
    docUrl: STREAM_INJECT,
  },
  {
    name: 'FWPS_STREAM_FLAG_SEND',
    family: 'streamFlag',
    doc: 'Marks outbound stream data; always present on sent data, and required when injecting into the send direction.',
    docUrl: STREAM_DATA,
  },
  {
    name: 'FWPS_STREAM_FLAG_SEND_EXPEDITED',
    family: 'streamFlag',
    doc: 'The outbound data is urgent (out-of-band) data; when injecting, marks the injected send data as urgent.',
    docUrl: STREAM_DATA,
  },
  {
    name: 'FWPS_STREAM_FLAG_SEND_NODELAY',
    family: 'streamFlag',
    doc: 'The sender asked for no buffering (Nagle off); hold such data no longer than needed, and set it when injecting data that must not be delayed.',
    docUrl: STREAM_DATA,
  },
  {
    name: 'FWPS_STREAM_FLAG_SEND_DISCONNECT',
    family: 'streamFlag',
    doc: 'Close the connection (TCP FIN) once this outbound data has gone out. When injecting it must be combined with FWPS_STREAM_FLAG_SEND, otherwise STATUS_FWP_INVALID_PARAMETER.',
    docUrl: STREAM_DATA,
  },
  {
    name: 'FWPS_STREAM_FLAG_SEND_ABORT',
    family: 'streamFlag',
    doc: 'Reset the connection (TCP RST) after this outbound data is sent. Do not call FwpsStreamInjectAsync0 for a stream carrying this flag; not implemented on Windows Vista.',
    docUrl: STREAM_DATA,
  },

  // ------------------------------------------------------------ FWPS_CLASSIFY_OUT0 flags / rights
  {
    name: 'FWPS_CLASSIFY_OUT_FLAG_ABSORB',
    family: 'classifyFlag',
    doc: 'Set in classifyOut->flags together with FWP_ACTION_BLOCK to make the packet disappear silently while the callout keeps a clone or reference to re-inject later. Not allowed at any *_DISCARD layer.',
    docUrl: CLASSIFY_OUT,
  },
  {
    name: 'FWPS_RIGHT_ACTION_WRITE',
    family: 'classifyFlag',
    doc: 'Bit in classifyOut->rights that lets a callout set the action. If it is clear on entry, only veto with BLOCK and do not pend or modify; clear it yourself after a final BLOCK or absorb.',
    docUrl: CLASSIFY_OUT,
  },

  // ------------------------------------------------------------ STATUS_FWP_*
  {
    name: 'STATUS_FWP_TCPIP_NOT_READY',
    family: 'status',
    doc: 'The TCP/IP stack cannot take the request yet. For FwpsInjectionHandleCreate0 it means retry later; from an injection call the caller still owns the NBL and must free it.',
    docUrl: HANDLE_CREATE,
  },
  {
    name: 'STATUS_FWP_INJECT_HANDLE_CLOSING',
    family: 'status',
    doc: 'The injection handle is being destroyed, so nothing was injected; the completion function will not run and the caller must free the NBL.',
    docUrl: `${DDI}nf-fwpsk-fwpsinjectnetworksendasync0`,
  },
  {
    name: 'STATUS_FWP_INJECT_HANDLE_STALE',
    family: 'status',
    doc: 'The handle was not created with the injection type this call needs (FWPS_INJECTION_TYPE_NETWORK for network injection, FWPS_INJECTION_TYPE_L2 for MAC injection).',
    docUrl: `${DDI}nf-fwpsk-fwpsinjectnetworksendasync0`,
  },
  {
    name: 'STATUS_FWP_NULL_POINTER',
    family: 'status',
    doc: 'A required pointer was NULL, for example FwpsStreamInjectAsync0 without a completion function or FwpsPendOperation0 with a bad argument.',
    docUrl: STREAM_INJECT,
  },
  {
    name: 'STATUS_FWP_CANNOT_PEND',
    family: 'status',
    doc: 'The classify cannot be made asynchronous here: FwpsPendOperation0 during a reauthorization, or FwpsPendClassify0 at a layer other than endpoint closure, connect redirect or bind redirect.',
    docUrl: `${DDI}nf-fwpsk-fwpspendoperation0`,
  },
  {
    name: 'STATUS_FWP_INVALID_PARAMETER',
    family: 'status',
    doc: 'An argument was rejected, for example a *_DISCONNECT stream flag given to FwpsStreamInjectAsync0 without the matching RECEIVE or SEND flag.',
    docUrl: STREAM_INJECT,
  },
];
