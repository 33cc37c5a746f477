// Signature help for catalog calls, with the active parameter counted lexically.
import type { ParameterInformation, SignatureHelp } from 'vscode-languageserver';
import { paramLabel, type FunctionSpec, type WindowsTarget } from '../catalog';
import type { SourceFile } from '../parse/document';
import { catalogCallAt } from './context';
import { constraintText } from './markdown';

function signatureOf(fn: FunctionSpec): { label: string; parameters: ParameterInformation[] } {
  let label = `${fn.returnType} ${fn.name}(`;
  const parameters: ParameterInformation[] = fn.params.map((p, i) => {
    if (i > 0) label += ', ';
    const start = label.length;
    label += paramLabel(p);
    const constraints = constraintText(p);
    const doc = constraints.length ? `${p.doc}\n\n*${constraints.join('; ')}*` : p.doc;
    return {
      label: [start, label.length] as [number, number],
      documentation: { kind: 'markdown', value: doc },
    };
  });
  label += ')';
  return { label, parameters };
}

const signatures = new Map<string, { label: string; parameters: ParameterInformation[] }>();

export function signatureHelpAt(
  file: SourceFile,
  offset: number,
  target: WindowsTarget,
): SignatureHelp | null {
  const at = catalogCallAt(file, offset, target);
  if (!at) return null;
  let sig = signatures.get(at.fn.name);
  if (!sig) signatures.set(at.fn.name, (sig = signatureOf(at.fn)));
  const note =
    at.frame.callee !== at.fn.name
      ? `\`${at.frame.callee}\` → \`${at.fn.name}\` for the configured target. `
      : '';
  return {
    signatures: [
      {
        label: sig.label,
        parameters: sig.parameters,
        documentation: { kind: 'markdown', value: `${note}${at.fn.purpose} [Docs](${at.fn.docUrl})` },
        activeParameter: at.frame.argIndex,
      },
    ],
    activeSignature: 0,
    activeParameter: at.frame.argIndex,
  };
}
