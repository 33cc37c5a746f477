// The local code style a fix must match: line ending, indentation unit, brace placement.
import type { Node } from '../parse/syntaxNode';
import type { SourceFile } from '../parse/document';

export interface Style {
  eol: string;
  unit: string;
  /** `{` on its own line (Allman), as most driver code does. */
  braceOnOwnLine: boolean;
}

export function lineIndent(file: SourceFile, offset: number): string {
  const lineStart = file.text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(file.text.slice(lineStart, offset))![0];
}

export function detectStyle(file: SourceFile, fnBody: Node): Style {
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const first = fnBody.namedChildren.find((c) => !!c && c.type !== 'comment');
  const outer = lineIndent(file, fnBody.startIndex);
  let unit = '    ';
  if (first) {
    const inner = lineIndent(file, first.startIndex);
    if (inner.startsWith(outer) && inner.length > outer.length) unit = inner.slice(outer.length);
  }
  // Brace style of the if statements in this function, else of the function itself.
  const block = fnBody
    .descendantsOfType('if_statement')
    .map((s) => s?.childForFieldName('consequence'))
    .find((c) => c?.type === 'compound_statement');
  const before = block
    ? file.text.slice(block.parent!.childForFieldName('condition')!.endIndex, block.startIndex)
    : file.text.slice(Math.max(0, fnBody.startIndex - 40), fnBody.startIndex);
  const braceOnOwnLine = /\n\s*$/.test(before);
  return { eol, unit, braceOnOwnLine };
}

/** A block `{ lines }` opened after an `if (…)` at `indent`. */
export function block(style: Style, indent: string, lines: string[]): string {
  const open = style.braceOnOwnLine ? `${style.eol}${indent}{` : ' {';
  return `${open}${lines.map((l) => `${style.eol}${indent}${style.unit}${l}`).join('')}${style.eol}${indent}}`;
}
