// Output formats of `wfp-inject check`: text, JSON (the documented contract) and SARIF 2.1.0.
import { RULES, type Severity } from '../catalog/rules';

export interface Reported {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  severity: Severity;
  message: string;
}

export function formatText(results: Reported[], notes: string[]): string {
  const lines = results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}`);
  const errors = results.filter((r) => r.severity === 'error').length;
  lines.push(...notes);
  lines.push(`${results.length} finding${results.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}).`);
  return lines.join('\n') + '\n';
}

export function formatJson(results: Reported[]): string {
  return JSON.stringify(results, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note' };

export function formatSarif(results: Reported[], version: string): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wfp-inject',
            version,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: r.description },
              helpUri: r.docUrl,
              defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
            })),
          },
        },
        results: results.map((r) => ({
          ruleId: r.code,
          level: SARIF_LEVEL[r.severity],
          message: { text: r.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: r.file.split('\\').join('/') },
                region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
