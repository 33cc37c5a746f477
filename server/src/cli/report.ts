// Output formats of `wfp-inject check`: text, JSON (the documented contract) and MSBuild's
// canonical format; SARIF is in sarif.ts.
import * as path from 'path';
import type { RuleId, Severity } from '../catalog/rules';

export interface Reported {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: RuleId;
  severity: Severity;
  message: string;
}

export function formatText(results: Reported[], notes: string[]): string {
  const lines = results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}`);
  const errors = results.filter((r) => r.severity === 'error').length;
  lines.push(...notes);
  lines.push(
    `${results.length} finding${results.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}).`,
  );
  return lines.join('\n') + '\n';
}

export function formatJson(results: Reported[]): string {
  return JSON.stringify(results, null, 2) + '\n';
}

/**
 * MSBuild's canonical error format, which Visual Studio's Error List and MSBuild's Exec task
 * read: `C:\\drv\\send.c(48,14): warning WFP2002: message`, with absolute paths.
 * There is no canonical category below warning: information findings are written as `info`
 * lines, which MSBuild logs as plain messages.
 */
export function formatMsbuild(results: Reported[]): string {
  const category: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'info' };
  return results
    .map(
      (r) =>
        `${path.resolve(r.file)}(${r.line},${r.column}): ${category[r.severity]} ${r.code}: ${oneLine(r.message)}\n`,
    )
    .join('');
}

/** A message on one line: a line break would end the canonical line early. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ');
}
