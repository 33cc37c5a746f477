// One file checked on its own, and the flow panel's steps at its injection calls: what the flow
// tests of a rule's idiom ask.
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { checkFile, type Finding } from '../../server/src/rules';

export interface FlowChecked {
  file: SourceFile;
  index: WorkspaceIndex;
  findings: Finding[];
  /** `status: detail` of the step `id` of the injection call at `offset`. */
  step(offset: number, id: string): string;
}

export async function checkWithFlow(uri: string, text: string): Promise<FlowChecked> {
  const file = await parseSource(uri, text);
  const index = new WorkspaceIndex();
  index.update(file, 'win10');
  index.complete = true;
  const findings = checkFile(file, 'win10', index);
  const step = (offset: number, id: string): string => {
    const s = buildInjectionFlow(file, offset, 'win10', index, findings)!.steps.find((x) => x.id === id)!;
    return `${s.status}: ${s.detail}`;
  };
  return { file, index, findings, step };
}
