// The `wfp/injectionFlow` request and the model it answers with. Plain JSON: the server builds
// it from the engine's results and the client's webview only renders it.

export const INJECTION_FLOW_REQUEST = 'wfp/injectionFlow';

export interface InjectionFlowParams {
  textDocument: { uri: string };
  position: { line: number; character: number };
}

export interface FlowRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface FlowLocation {
  uri: string;
  range: FlowRange;
}

/** found: seen in the code; missing: needed and not there; unknown: could not tell. */
export type StepStatus = 'found' | 'missing' | 'notApplicable' | 'unknown';

export type StepId =
  | 'selfInjectionCheck'
  | 'retreat'
  | 'allocate'
  | 'checksum'
  | 'inject'
  | 'completeOperation'
  | 'freeOnFailure'
  | 'completionFunction'
  | 'completionFrees'
  | 'classifyAction';

export interface FlowStep {
  id: StepId;
  title: string;
  status: StepStatus;
  /** One sentence on what was seen (or why nothing could be). */
  detail: string;
  location?: FlowLocation;
  /** A found step that runs only under this condition, which the injection call does not share. */
  condition?: string;
}

export interface FlowLayer {
  /** `FWPS_LAYER_…` */
  id: string;
  group: string;
  direction: string;
  ip: 4 | 6 | 'L2' | null;
  /** The injection function may be called from a classifyFn at this layer. */
  allowed: boolean;
  condition?: string;
  /** The enclosing classify function runs at this layer. */
  classifyRunsHere: boolean;
  /**
   * Where the classifyFn runs here, what that means for this call, in agreement with the
   * diagnostics: `ok` allowed here; `bad` WFP3003 (the classifyFn runs only where the call is not
   * documented); `other` the call is not meant for this layer and the code is trusted to keep it
   * from running here; `excluded` a layer test around the call rules this layer out.
   */
  verdict?: 'ok' | 'bad' | 'other' | 'excluded';
}

export interface LayerEvidenceItem {
  layer: string;
  /** 'registration' | 'layerIdCheck' | 'fieldConstant' */
  kind: string;
  description: string;
  location: FlowLocation;
}

export interface FlowFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'information';
  message: string;
  docUrl: string;
  location: FlowLocation;
}

export interface InjectionFlowModel {
  function: {
    /** Catalog (versioned) name. */
    name: string;
    /** As written in the source, e.g. a version-independent name. */
    written: string;
    purpose: string;
    docUrl: string;
    location: FlowLocation;
  };
  /** The function the call is in, when it is a classifyFn whose layer is known or guessable. */
  classify?: { name: string; evidence: LayerEvidenceItem[] };
  /** Every run-time (non-discard) layer, in catalog order. */
  layers: FlowLayer[];
  steps: FlowStep[];
  findings: FlowFinding[];
}
