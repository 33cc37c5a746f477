// The model the `wfp/injectionFlow` request answers with (shared/protocol.ts): plain JSON the
// server builds from the engine's results and the flow panel's webview only renders. Types
// only: the webview bundle imports this file and must pull in no runtime code.
import type { RuleId, Severity } from '../server/src/catalog/rules';
import type { Direction, IpVersion, LayerGroup } from '../server/src/catalog/types';

export interface FlowPosition {
  line: number;
  character: number;
}

export interface FlowRange {
  start: FlowPosition;
  end: FlowPosition;
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

/**
 * Where the classifyFn runs here, what that means for this call, in agreement with the
 * diagnostics: `ok` allowed here; `bad` WFP3003 (the classifyFn runs only where the call is not
 * documented); `other` the call is not meant for this layer and the code is trusted to keep it
 * from running here; `excluded` a layer test around the call rules this layer out.
 */
export type LayerVerdict = 'ok' | 'bad' | 'other' | 'excluded';

export interface FlowLayer {
  /** `FWPS_LAYER_…` */
  id: string;
  group: LayerGroup;
  direction: Direction;
  ip: IpVersion;
  /** The injection function may be called from a classifyFn at this layer. */
  allowed: boolean;
  condition?: string;
  /** The enclosing classify function runs at this layer. */
  classifyRunsHere: boolean;
  verdict?: LayerVerdict;
}

/** How the classifyFn's layer is known: its callout registration, a layerId test, a field constant. */
export type LayerEvidenceKind = 'registration' | 'layerIdCheck' | 'fieldConstant';

export interface LayerEvidenceItem {
  layer: string;
  kind: LayerEvidenceKind;
  description: string;
  location: FlowLocation;
}

export interface FlowFinding {
  ruleId: RuleId;
  severity: Severity;
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
