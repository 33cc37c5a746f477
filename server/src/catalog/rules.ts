// Rule metadata: ids are part of the interface (diagnostic codes, CLI JSON, SARIF).
// The README's rule table and docs/rules.md are generated from this list.

export type Severity = 'error' | 'warning' | 'information';

/** What the catalog says of one rule; `id` is checked to look like one, RuleId is derived from the list. */
interface RuleRecord {
  id: `WFP${number}`;
  severity: Severity;
  title: string;
  /** Why it matters and what to do, in our own words. */
  description: string;
  /** Microsoft page that documents the constraint. */
  docUrl: string;
}

const DDI = 'https://learn.microsoft.com/windows-hardware/drivers/ddi/fwpsk/';

const RULE_RECORDS = [
  {
    id: 'WFP1001',
    severity: 'error',
    title: 'Wrong number of arguments',
    description:
      'The call passes more or fewer arguments than the function takes, so every later argument lands in the wrong parameter. The arguments are lined up with the parameters by their shape (an AF_* value, a layer id, an NBL, a function with the FWPS_INJECT_COMPLETE signature, NULL, an injection handle, an integer) to name the parameter really missing or the argument really extra; when the shapes leave it open, the message says so. A classic case is FwpsInjectForwardAsync0 written from an eight-parameter copy of its syntax block, which leaves completionFn out. The quick fix inserts a missing argument at its place: a completion function of the workspace (or a placeholder to fill in), NULL for a missing context the completion function does not use, 0 or NULL for a reserved one. Fix-all never applies it.',
    docUrl: `${DDI}nf-fwpsk-fwpsinjectforwardasync0`,
  },
  {
    id: 'WFP1002',
    severity: 'error',
    title: 'Reserved pointer argument is not NULL',
    description:
      "A parameter Microsoft reserves for future use must be NULL literally: NULL, 0, nullptr or a macro of the file that expands to them. A variable, field, parameter or other expression is reported even when it happens to hold NULL. An upper-case name the file does not define may be a header's macro for NULL and is left alone. Pass NULL.",
    docUrl: `${DDI}nf-fwpsk-fwpsinjecttransportreceiveasync0`,
  },
  {
    id: 'WFP1003',
    severity: 'error',
    title: 'Reserved flags argument is not 0',
    description: 'A flags parameter that is reserved (or must be zero) gets a non-zero value. Pass 0.',
    docUrl: `${DDI}nf-fwpsk-fwpsinjectnetworksendasync0`,
  },
  {
    id: 'WFP1004',
    severity: 'error',
    title: 'Address family is not AF_INET or AF_INET6',
    description:
      'The addressFamily argument of an injection must name the IP version of the packet: AF_INET or AF_INET6. Any other AF_* name (AF_UNSPEC, for one) or a number other than their values 2 and 23 is reported. A family that contradicts the layer the classify function runs at is WFP1008.',
    docUrl: `${DDI}nf-fwpsk-fwpsinjecttransportsendasync1`,
  },
  {
    id: 'WFP1005',
    severity: 'error',
    title: 'NULL passed where a value is required',
    description:
      'The function needs a real value here (the NET_BUFFER_LIST, the completion function of an IP or stream injection, the injection handle); NULL makes the call fail or crash.',
    docUrl: `${DDI}nf-fwpsk-fwpsstreaminjectasync0`,
  },
  {
    id: 'WFP1006',
    severity: 'warning',
    title: 'Metadata argument from the wrong source',
    description:
      'compartmentId, interfaceIndex, subInterfaceIndex, endpointHandle and flowId must come from the metadata or incoming values of the packet being injected. Flagged: a field constant of another layer than the one the classify function runs at, interface and sub-interface index swapped, or a literal number. A literal index is accepted for a packet the driver built itself (FwpsAllocateNetBufferAndNetBufferList0 or an NDIS allocation, also through a struct field), which has no classify metadata.',
    docUrl: `${DDI}nf-fwpsk-fwpsinjecttransportreceiveasync0`,
  },
  {
    id: 'WFP1007',
    severity: 'error',
    title: 'layerId not accepted by the function',
    description:
      'The MAC injection functions take only the MAC frame layers of their direction, and FwpsStreamInjectAsync0 only FWPS_LAYER_STREAM_V4/V6, as layerId.',
    docUrl: `${DDI}nf-fwpsk-fwpsinjectmacreceiveasync0`,
  },
  {
    id: 'WFP1008',
    severity: 'warning',
    title: "Address family contradicts the classify layer's IP version",
    description:
      "The call passes AF_INET or AF_INET6, but the classify function that makes it is known to run only at IPv6 layers (or only at IPv4 layers): the packet is injected as the other IP version. Reported as a warning because the layer is inferred (registration, layerId tests, field constants). The quick fix puts in the layer's family; fix-all never applies it.",
    docUrl: `${DDI}nf-fwpsk-fwpsinjecttransportsendasync1`,
  },
  {
    id: 'WFP2001',
    severity: 'warning',
    title: 'Injection status ignored while the NBL is ours on failure',
    description:
      'The injection call is a bare statement, or its status is stored and never tested. When the call fails, the completion function is never called and the cloned or allocated NET_BUFFER_LIST is still yours: without a check nothing frees it. A call of a wrapper of the project that returns the status of an injection counts as the injection, also when the wrapper is given the record that holds the NBL (RecordInject(&packet->io) injecting packet->io.nbl). The quick fix captures the status and frees the NBL on failure (not offered for such a record, whose NBL the caller never names).',
    docUrl: `${DDI}nf-fwpsk-fwpsinjectforwardasync0`,
  },
  {
    id: 'WFP2002',
    severity: 'warning',
    title: 'NBL not freed on a failure path',
    description:
      "A path taken when the injection fails (the status tested by if (also joined with a test that the NBL is there: `failed && nbl`), by a switch with STATUS_ cases, or by a ternary, directly or through a local it is copied to or the context field it is stored in; then through branches, goto, loops with break/continue, switch cases and __finally blocks) reaches a return, the next round of a loop or the end of the NBL's block without freeing the NBL or handing it to something that does (a helper that frees, the completion routine called by hand, a cleanup label, the caller, a queued structure). The NBL is checked when it was cloned or allocated in the function, or sits in a struct field that the workspace fills only with NBLs of one kind; behind a wrapper given the record that holds it, at the wrapper's callers. A completion context allocated in the function for a completion function that frees it is ours again on failure too: a failure path that frees the NBL but not the context is reported. The quick fix inserts the free that pairs with the allocation into the failure branch (into `default:` of a switch when that takes every error); when every failure path reaches the function's cleanup label, a second fix frees it there if it is not NULL and sets it to NULL after a successful injection. The same holds before the injection: once the clone or allocation into a local (or into a record only the function holds: pool memory it allocated, or a struct on its stack) succeeded, a path that leaves the function (a return when the next allocation fails, the end of the function) before anything injects, frees, stores, passes on or returns the NBL loses it, also when another branch of the same if/else or another case of the same switch injects it; that is reported at the return, with a quick fix that frees the NBL right before it (a lone `return` under an if or else becomes a block), offered where no label lies between the allocation and the return.",
    docUrl: `${DDI}nf-fwpsk-fwpsinjecttransportsendasync1`,
  },
  {
    id: 'WFP2003',
    severity: 'error',
    title: 'Free does not pair with the allocation',
    description:
      "Clones from FwpsAllocateCloneNetBufferList0 are freed with FwpsFreeCloneNetBufferList0, NBLs from FwpsAllocateNetBufferAndNetBufferList0 with FwpsFreeNetBufferList0, and stream clones that were never injected with FwpsDiscardClonedStreamData0: a stream clone is a chain, and FwpsFreeCloneNetBufferList0 on it frees only its first NBL. The other free corrupts the pool or leaks. The completion function's free must suit every NBL injected with it as well: a completion that frees with FwpsFreeNetBufferList0 given a clone is reported at the injection (an injected stream clone is freed there NBL by NBL with FwpsFreeCloneNetBufferList0).",
    docUrl: `${DDI}nf-fwpsk-fwpsfreeclonenetbufferlist0`,
  },
  {
    id: 'WFP2004',
    severity: 'error',
    title: 'NBL freed after ownership passed to WFP',
    description:
      'After an injection returns STATUS_SUCCESS the NBL belongs to WFP until the completion function runs, and that function frees it. Freeing it on the success path (typically a cleanup label that frees a non-NULL NBL nobody set to NULL) frees it twice.',
    docUrl: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/fwpsk/nc-fwpsk-fwps_inject_complete0',
  },
  {
    id: 'WFP2005',
    severity: 'warning',
    title: 'Completion function never frees the NBL',
    description:
      'The completion function given to an injection of a cloned or allocated NBL neither frees the NBL it receives nor hands it (or its context) to anything else, so every injected NBL leaks. The same when it frees the NBL only when its Status failed (`if (!NT_SUCCESS(nbl->Status)) FwpsFreeNetBufferList0(nbl);`): it is called for every injection that returned STATUS_SUCCESS, and must free the NBL whatever the final status.',
    docUrl: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/fwpsk/nc-fwpsk-fwps_inject_complete0',
  },
  {
    id: 'WFP2006',
    severity: 'warning',
    title: 'Completion context does not match the completion function',
    description:
      'The completionContext of an injection is handed to its completion function. When that function frees or dereferences its context without testing it for NULL, passing NULL faults there (and whatever the context was meant to release leaks); passing a variable of another struct type than the one the function casts its context to makes it read the wrong object (a struct copied member for member under another name is read right and is not reported).',
    docUrl: 'https://learn.microsoft.com/windows-hardware/drivers/ddi/fwpsk/nc-fwpsk-fwps_inject_complete0',
  },
  {
    id: 'WFP2007',
    severity: 'warning',
    title: 'The MDL or buffer under a built NBL leaks',
    description:
      "An NBL from FwpsAllocateNetBufferAndNetBufferList0 sits on an MDL (IoAllocateMdl) over a buffer (ExAllocatePool…) that the driver still owns: freeing the NBL frees neither. When the injection fails, the failure path must free all three; after a successful injection the completion function must. Handing the MDL and buffer to the completion function by setting their locals to NULL before the injection call leaves a cleanup label that frees them through those locals with nothing to free when the call fails: clear them only once it succeeded. An NBL a helper built over an MDL (and buffer) it allocated and gave back only through the NBL is followed too: the completion function must free the MDL as well, and so must the caller's failure path where it frees the NBL (through `NET_BUFFER_FIRST_MDL(NET_BUFFER_LIST_FIRST_NB(nbl))`, before the NBL).",
    docUrl: `${DDI}nf-fwpsk-fwpsallocatenetbufferandnetbufferlist0`,
  },
  {
    id: 'WFP2008',
    severity: 'warning',
    title: 'NBL used without testing that its allocation succeeded',
    description:
      "FwpsAllocateCloneNetBufferList0, FwpsAllocateNetBufferAndNetBufferList0 and FwpsCloneStreamData0 report failure through the status they return, and then give back no NBL (the out-parameter is NULL). When that status is neither tested nor kept for a test, and the NBL is not tested for NULL either, the next use of the NBL (an injection, NET_BUFFER_LIST_FIRST_NB, a free, a queue) runs with NULL when the pool is exhausted: a bug check, or a NULL packet queued for a worker. Test the status (or the NBL) before using it. A test of the NBL itself, or a macro given the status (`BAIL_ON_FAILURE(status)`) before the use, keeps it silent; a status returned or stored is left to its reader. The quick fix (for review, not applied by --fix) keeps the status in the function's NTSTATUS local, or a new one, and returns when it failed, where the function returns NTSTATUS or nothing and has no cleanup label.",
    docUrl: `${DDI}nf-fwpsk-fwpsallocateclonenetbufferlist0`,
  },
  {
    id: 'WFP3001',
    severity: 'error',
    title: 'Injection handle of the wrong type',
    description:
      'The injection handle was created (FwpsInjectionHandleCreate0) with injection types that do not serve this function, e.g. a FWPS_INJECTION_TYPE_NETWORK handle passed to a transport injection. Network and layer-2 injection then fail with STATUS_FWP_INJECT_HANDLE_STALE.',
    docUrl: `${DDI}nf-fwpsk-fwpsinjectionhandlecreate0`,
  },
  {
    id: 'WFP3002',
    severity: 'error',
    title: 'Injection handle address family contradicts the call',
    description:
      'Network-layer injection needs a handle created for AF_INET or AF_INET6 (one per version), layer-2 injection one created with AF_UNSPEC, and a handle created for one IP version cannot inject packets of the other. A handle created with FWPS_INJECTION_TYPE_L2 alone serves only the layer-2 functions, so AF_INET or AF_INET6 there is reported where the handle is created (the quick fix writes AF_UNSPEC), whichever injection uses it.',
    docUrl: `${DDI}nf-fwpsk-fwpsinjectionhandlecreate0`,
  },
  {
    id: 'WFP3003',
    severity: 'warning',
    title: 'Injection function not documented for the classify layer',
    description:
      'The classify function that makes the call runs (by its registration, layerId checks or field constants) at layers where this injection function is not the documented one. A classify function serving several layers is judged per branch: the case of a `switch` on layerId, the arm of an `if` on layerId, or per-layer FWPS_FIELD_* constants that tell the two arms of an if (or the cases of a switch) apart give the layer of the calls in that branch. A packet the driver built itself (FwpsAllocateNetBufferAndNetBufferList0, an NDIS allocation) is laid out for the function it chose and is not reported. Cross-layer injection of a clone is sometimes intended too; then ignore the warning.',
    docUrl: 'https://learn.microsoft.com/windows-hardware/drivers/network/packet-injection-functions',
  },
  {
    id: 'WFP3004',
    severity: 'warning',
    title: 'Injection at an ALE layer without pend/complete',
    description:
      'At the ALE connect and receive/accept layers a packet is re-injected after the connection was pended with FwpsPendOperation0 and completed with FwpsCompleteOperation0, not directly from the classify function.',
    docUrl:
      'https://learn.microsoft.com/windows-hardware/drivers/network/processing-classify-callouts-asynchronously',
  },
  {
    id: 'WFP3005',
    severity: 'warning',
    title: 'No self-injection check in a classify function that clones or injects',
    description:
      "Packets a callout injects are classified again at the same layer. Without FwpsQueryPacketInjectionState0 (same handle) and a permit for FWPS_PACKET_INJECTED_BY_SELF / PREVIOUSLY_INJECTED_BY_SELF, the callout clones its own packets forever. A packet injected down the other path (a reply sent into the receive path from an outbound layer, or the reverse) is not indicated to the classify function again and needs no check. Judged per classify function: one that injects, or clones and hands the clone on to be injected (stored in a field, passed to a function that injects or passes it on), or injects only through the driver's helpers; a classify that clones only to read the packet and frees the clone needs no check. A check asked with another injection handle than the one the injection uses does not recognise the injected packets and is reported. Not needed at stream layers.",
    docUrl: `${DDI}nf-fwpsk-fwpsquerypacketinjectionstate0`,
  },
  {
    id: 'WFP3006',
    severity: 'warning',
    title: 'TCP injected inline from a transport-layer classify function',
    description:
      'TCP packets cannot be injected from classifyFn at the transport layers because of the TCP locks held there; queue the injection to a DPC or worker thread. Reported only where the code shows the packet is TCP.',
    docUrl:
      'https://learn.microsoft.com/windows-hardware/drivers/network/callout-driver-programming-considerations',
  },
  {
    id: 'WFP3007',
    severity: 'warning',
    title: 'Injection handle never destroyed, or its creation unchecked',
    description:
      "Every FwpsInjectionHandleCreate0 needs a FwpsInjectionHandleDestroy0 at unload, and its status must be checked (it fails with STATUS_FWP_TCPIP_NOT_READY early in boot). Handles are followed through helpers that take the handle's slot (a create into `slot`, a destroy of `*slot`, called with `&ctx->handle`) and through a local copied into a context field. A create on the driver's unload path (the DriverUnload routine, a teardown function or what it calls), where the destroy was meant, is reported.",
    docUrl: `${DDI}nf-fwpsk-fwpsinjectionhandledestroy0`,
  },
  {
    id: 'WFP3008',
    severity: 'warning',
    title: 'Pend, classify handle or NBL reference never ended',
    description:
      'FwpsPendOperation0 needs a FwpsCompleteOperation0, FwpsPendClassify0 a FwpsCompleteClassify0, FwpsAcquireClassifyHandle0 a FwpsReleaseClassifyHandle0 and FwpsReferenceNetBufferList0 a FwpsDereferenceNetBufferList0. Reported where the workspace, once fully indexed, has no call of the function that ends it anywhere: the pended connection waits until it times out, the classify handle or the referenced packet leaks. Where the ending call is made is not followed path by path.',
    docUrl:
      'https://learn.microsoft.com/windows-hardware/drivers/network/processing-classify-callouts-asynchronously',
  },
] as const satisfies readonly RuleRecord[];

/** A rule id of the catalog: a misspelt or unknown id does not compile. */
export type RuleId = (typeof RULE_RECORDS)[number]['id'];

export interface RuleSpec extends RuleRecord {
  id: RuleId;
}

export const RULES: readonly RuleSpec[] = RULE_RECORDS;

const byId = new Map<string, RuleSpec>(RULES.map((r) => [r.id, r]));

export function getRule(id: RuleId): RuleSpec {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}

/** The id as a RuleId when the catalog has it (for ids read from outside: a diagnostic's code). */
export function isRuleId(id: unknown): id is RuleId {
  return typeof id === 'string' && byId.has(id);
}
