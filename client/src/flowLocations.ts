// The webview may only ask to reveal places the model it was sent contains: a message from it
// is never trusted to name a file or a range of its own.
import type { FlowLocation, InjectionFlowModel } from '../../shared/flowModel';

export function modelLocations(model: InjectionFlowModel): FlowLocation[] {
  return [
    model.function.location,
    ...model.steps.flatMap((s) => (s.location ? [s.location] : [])),
    ...model.findings.map((f) => f.location),
    ...(model.classify?.evidence.map((e) => e.location) ?? []),
  ];
}

const samePosition = (a: FlowLocation['range']['start'], b: unknown) =>
  !!b &&
  typeof b === 'object' &&
  (b as { line?: unknown }).line === a.line &&
  (b as { character?: unknown }).character === a.character;

/** The model's own location equal to `asked`, or undefined. */
export function knownLocation(
  model: InjectionFlowModel | undefined,
  asked: unknown,
): FlowLocation | undefined {
  if (!model || !asked || typeof asked !== 'object') return undefined;
  const a = asked as { uri?: unknown; range?: { start?: unknown; end?: unknown } };
  return modelLocations(model).find(
    (l) =>
      l.uri === a.uri &&
      samePosition(l.range.start, a.range?.start) &&
      samePosition(l.range.end, a.range?.end),
  );
}
