// What completion copies from the file it inserts into: version-independent or numbered Fwps
// names, and where block braces go. Indentation is not decided here: snippet bodies indent with
// tabs, which the editor turns into the file's own indentation.
import { isVersionIndependentName } from '../catalog';

export interface FileStyle {
  /** The file writes `FwpsInjectTransportSendAsync`, not `FwpsInjectTransportSendAsync1`. */
  versionIndependent: boolean;
  /** `{` on its own line (Allman) rather than after `)` (K&R). */
  braceOnOwnLine: boolean;
}

export function fileStyle(text: string): FileStyle {
  let vi = 0;
  let numbered = 0;
  for (const m of text.matchAll(/\bFwps\w+(?=\s*\()/g)) {
    if (isVersionIndependentName(m[0])) vi++;
    else if (/\d$/.test(m[0])) numbered++;
  }
  const ownLine = (text.match(/\)[ \t]*\r?\n[ \t]*\{/g) ?? []).length;
  const sameLine = (text.match(/\)[ \t]*\{/g) ?? []).length;
  return { versionIndependent: vi > numbered, braceOnOwnLine: ownLine >= sameLine };
}

/**
 * The cursor's word starts a statement: only blanks before it on its line, and the code before
 * ends a statement or opens a block (`;`, `{`, `}` or a label's `:`).
 */
export function atStatementStart(text: string, wordStart: number): boolean {
  const lineStart = text.lastIndexOf('\n', wordStart - 1) + 1;
  if (text.slice(lineStart, wordStart).trim()) return false;
  const before = text
    .slice(Math.max(0, lineStart - 2000), lineStart)
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '')
    .trimEnd();
  return before === '' ? false : /[;{}:]$/.test(before) && !/::$/.test(before);
}
