// The pieces every flow step is made of: where it is (in this file, or in another by line) and
// the step itself. Shared by the flow model's builders (injectionFlow.ts, flowClassifyAction.ts).
import type { SourceFile } from '../parse/document';
import { rangeOf } from '../parse/range';
import type { FlowLocation, FlowStep, StepStatus } from '../../../shared/flowModel';

export function locationIn(file: SourceFile, node: { startIndex: number; endIndex: number }): FlowLocation {
  return { uri: file.uri, range: rangeOf(file, node.startIndex, node.endIndex) };
}

/** A location in another file is known by its line only (its text is not loaded). */
export function locationAt(file: SourceFile, uri: string, start: number, line: number): FlowLocation {
  if (uri === file.uri) return { uri, range: rangeOf(file, start, start) };
  return { uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

export function step(
  id: FlowStep['id'],
  title: string,
  status: StepStatus,
  detail: string,
  location?: FlowLocation,
): FlowStep {
  return location ? { id, title, status, detail, location } : { id, title, status, detail };
}
