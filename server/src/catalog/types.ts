// Shapes of the API catalog. The catalog is data: every view (hover, signature help,
// completion, rules, docs generation) reads these records and nothing else.

/** Semantic role of a parameter; rules look parameters up by role, never by position. */
export type ParamRole =
  | 'injectionHandle'
  | 'injectionContext'
  | 'flags'
  | 'reserved'
  | 'addressFamily'
  | 'compartmentId'
  | 'interfaceIndex'
  | 'subInterfaceIndex'
  | 'endpointHandle'
  | 'sendArgs'
  | 'flowId'
  | 'calloutId'
  | 'layerId'
  | 'streamFlags'
  | 'dataLength'
  | 'ndisPortNumber'
  | 'vSwitchId'
  | 'vSwitchSourcePortId'
  | 'vSwitchSourceNicIndex'
  | 'netBufferList'
  | 'netBufferListOut'
  | 'completionFn'
  | 'completionContext'
  | 'completionHandle'
  | 'classifyHandle'
  | 'classifyOut'
  | 'other';

export interface ParamSpec {
  name: string;
  /** C type exactly as in the prototype, e.g. `NET_BUFFER_LIST *`. */
  type: string;
  /** SAL annotation as written in the prototype, e.g. `_In_opt_`. */
  sal: string;
  direction: 'in' | 'out' | 'inout';
  /** `_In_opt_`/`_Out_opt_`: NULL/0 is a legal value. */
  optional: boolean;
  /** Reserved argument: must be this literal value. */
  mustBe?: 'zero' | 'null';
  /** Must not be NULL (stated in the docs or implied by a non-optional pointer). */
  nonNull?: boolean;
  role: ParamRole;
  /** One or two sentences in our own words. */
  doc: string;
  /** Values offered by completion inside this argument. */
  values?: string[];
  /** Said when a call lacks this argument: a known source of the mistake, in our own words. */
  whenMissing?: string;
}

export interface ReturnCode {
  code: string;
  meaning: string;
}

export type FunctionKind =
  | 'inject'
  | 'handle'
  | 'injectionState'
  | 'nblAllocate'
  | 'nblFree'
  | 'nblReference'
  | 'header'
  | 'pend'
  | 'classifyHandle'
  | 'security'
  | 'streamClone';

export interface LayerCondition {
  /** Run-time layer id, `FWPS_LAYER_…`. */
  layer: string;
  /** Extra condition in our own words, e.g. "only for inbound datagrams". */
  condition?: string;
  /** True when the fact is our deduction, not stated by Microsoft. */
  inferred?: boolean;
}

export interface InjectionSpec {
  /** `FWPS_INJECTION_TYPE_…` flags, any of which makes a handle usable for this function. */
  handleTypes: string[];
  /** A handle created with flags 0 also works (transport, stream, forward). */
  zeroFlagsHandleOk: boolean;
  /** Which address family the injection handle must have been created with. */
  handleAddressFamily: 'inet' | 'unspec' | 'any';
  /**
   * The path the injected packet travels, where the layers of that direction indicate it again
   * ('both': it cannot be told, or it re-enters no classifyFn as a new packet).
   */
  path: 'inbound' | 'outbound' | 'forward' | 'both';
  /** Layers from which a classifyFn may call this function: derived from the layers' `injectWith`, stored only there. */
  layers: LayerCondition[];
  /** For functions with a `layerId` parameter: the values it accepts. */
  layerIdValues?: string[];
  /** Where the NBL data must start when injected. */
  dataStart: string;
  /** TCP must be injected out of band (DPC/worker), not inline from classifyFn. */
  tcpOutOfBand: boolean;
  /** Injected packets come back to the same callout: classifyFn needs a self-injection check. */
  needsSelfInjectionCheck: boolean;
  /** The function accepts a chain of NBLs (completion runs once per NBL). */
  acceptsChain: boolean;
}

/** The three parts of a packet a driver builds, each with its own allocate/free pair. */
export type Resource = 'nbl' | 'mdl' | 'buffer';

/**
 * How an object was allocated: which free pairs with it. The NBL origins of the Fwps functions,
 * the NDIS ones, and the MDL and pool buffer a built packet sits on.
 */
export type Origin =
  | 'clone'
  | 'allocated'
  | 'streamClone'
  | 'reassembled'
  | 'ndisClone'
  | 'ndisAllocated'
  | 'mdl'
  | 'ndisMdl'
  | 'pool';

/** What a function does to an object's lifetime; the allocator and free tables come from this. */
export interface Lifecycle {
  /**
   * It produces a new object: into the out-parameter at `into` (a pointer to it), or returned;
   * `over`: the argument it is built over and that stays the caller's (the MDL of an NBL, the
   * buffer of an MDL).
   */
  allocates?: { resource: Resource; origin: Origin; into: number | 'return'; over?: number };
  /**
   * It releases the object passed at `arg`, when it was allocated with one of `origins`, or, once
   * it was injected (in the completion function), with one of `afterInjection`.
   */
  frees?: { resource: Resource; origins: Origin[]; arg: number; afterInjection?: Origin[] };
}

/** A kernel (NDIS, I/O manager, executive) function the catalog knows only for its lifecycle. */
export interface KernelFunctionSpec {
  name: string;
  /** One sentence in our own words. */
  purpose: string;
  header: string;
  docUrl: string;
  lifecycle: Lifecycle;
}

export interface FunctionSpec {
  /** Versioned name, e.g. `FwpsInjectForwardAsync0`. */
  name: string;
  kind: FunctionKind;
  returnType: string;
  /** One sentence in our own words. */
  purpose: string;
  params: ParamSpec[];
  returns: ReturnCode[];
  irql: string;
  minOs: string;
  header: string;
  library: string;
  docUrl: string;
  injection?: InjectionSpec;
  /** Paired functions: the free for an allocation, the allocation for a free, etc. */
  pairedWith?: string[];
  /** What the caller owns when the call fails, in our own words. */
  ownershipOnFailure?: string;
  /** What it allocates or frees. */
  lifecycle?: Lifecycle;
  /**
   * It begins something only another call ends (a pend its completion, a reference its
   * dereference): `by` are the functions that end it, `otherwise` what stays hanging when the
   * driver never calls one of them (WFP3008).
   */
  endedBy?: { by: string[]; otherwise: string };
  /** Further remarks in our own words, shown in hover. */
  notes?: string[];
}

/** An injection function as the catalog stores it: without `injection.layers`, which the index derives. */
export type InjectionFunctionRecord = Omit<FunctionSpec, 'injection'> & {
  injection: Omit<InjectionSpec, 'layers'>;
};

export type Direction = 'inbound' | 'outbound' | 'both' | 'forward' | 'none';

/** The IP version of a layer's packets: 'L2' for MAC frames, null when it has none. */
export type IpVersion = 4 | 6 | 'L2' | null;

/** Grouping used by the layers matrix. */
export type LayerGroup =
  | 'IP packet'
  | 'IP forward'
  | 'Transport'
  | 'Datagram data'
  | 'ICMP error'
  | 'Stream'
  | 'ALE'
  | 'Redirect'
  | 'MAC frame'
  | 'vSwitch'
  | 'Other';

export interface LayerSpec {
  /** `FWPS_LAYER_…` run-time id. Aliases (other published spellings) in `aliases`. */
  id: string;
  aliases?: string[];
  direction: Direction;
  ip: IpVersion;
  discard: boolean;
  /** Where the indicated NBL data starts at classify time. */
  dataAtClassify: string;
  /**
   * Injection functions (versioned names) that may be called from this layer: the one place the
   * function ↔ layer relation is stored; each function's `injection.layers` is derived from it.
   */
  injectWith: { fn: string; condition?: string; inferred?: boolean }[];
  /** How a classify at this layer is made asynchronous. */
  pend: string;
  /** Short description in our own words. */
  description: string;
  /** Prefix of this layer's data-field constants, e.g. `FWPS_FIELD_INBOUND_IPPACKET_V4_`. */
  fieldPrefix?: string;
  /** The management-layer GUID constant, e.g. `FWPM_LAYER_INBOUND_IPPACKET_V4`. */
  managementId?: string;
  group: LayerGroup;
}

export interface ConstantSpec {
  name: string;
  /** Which family of constants it belongs to. */
  family:
    | 'injectionType'
    | 'injectionState'
    | 'addressFamily'
    | 'streamFlag'
    | 'classifyFlag'
    | 'status'
    | 'other';
  doc: string;
  docUrl?: string;
}

/** A version-independent name (fwpvi.h) and what it means for each target Windows version. */
export interface VersionIndependentName {
  name: string;
  /** Ordered from newest to oldest: the first entry whose `minTarget` ≤ the target wins. */
  targets: { minTarget: WindowsTarget; fn: string }[];
}

export type WindowsTarget = 'vista' | 'win7' | 'win8' | 'win10';
export const WINDOWS_TARGETS: WindowsTarget[] = ['vista', 'win7', 'win8', 'win10'];
