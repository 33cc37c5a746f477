// SARIF 2.1.0 as GitHub code scanning, Visual Studio's SARIF viewer and Microsoft's SARIF
// multitool read it: artifact URIs relative to %SRCROOT% (the folder the check ran in, or
// --sarif-root), whose absolute file: URI is given once in originalUriBaseIds.
import * as path from 'path';
import { pathToFileURL } from 'url';
import { RULES, type Severity } from '../catalog/rules';
import type { Reported } from './report';

/** Where the tool is described: its Visual Studio Marketplace page (publisher.name in package.json). */
export const INFORMATION_URI =
  'https://marketplace.visualstudio.com/items?itemName=wfp-tools.wfp-injection-assistant';
export const SRCROOT = '%SRCROOT%';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note' };

/** An RFC 3986 file: URI. Node's spelling (file:///C:/…), which every SARIF consumer reads. */
function absoluteFileUri(p: string, directory = false): string {
  const href = pathToFileURL(p).href;
  return directory && !href.endsWith('/') ? href + '/' : href;
}

/** A relative reference: each segment escaped, so a space, `#`, `%` or `:` stays part of the name. */
function relativeUri(relative: string): string {
  return relative.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** Relative to the root when the file is inside it (same drive, not above it); otherwise absolute. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(file);
  const relative = path.relative(root, absolute);
  const inside =
    relative !== '' &&
    !path.isAbsolute(relative) &&
    relative !== '..' &&
    !relative.startsWith('..' + path.sep);
  return inside ? { uri: relativeUri(relative), uriBaseId: SRCROOT } : { uri: absoluteFileUri(absolute) };
}

export function formatSarif(results: Reported[], version: string, sarifRoot: string = process.cwd()): string {
  const root = path.resolve(sarifRoot);
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'wfp-inject',
            fullName: 'WFP Injection Assistant (wfp-inject check)',
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: RULES.map((r) => ({
              id: r.id,
              name: ruleName(r.title),
              shortDescription: { text: sentence(r.title) },
              fullDescription: { text: sentence(r.description) },
              help: { text: `${sentence(r.description)} Microsoft's documentation: ${r.docUrl}` },
              helpUri: r.docUrl,
              defaultConfiguration: { level: LEVEL[r.severity] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: absoluteFileUri(root, true) } },
        columnKind: 'utf16CodeUnits',
        results: results.map((r) => ({
          ruleId: r.code,
          ruleIndex: ruleIndex.get(r.code),
          level: LEVEL[r.severity],
          message: { text: sentence(r.message) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(r.file, root),
                region: {
                  startLine: r.line,
                  startColumn: r.column,
                  endLine: r.endLine,
                  endColumn: r.endColumn,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** SARIF messages are sentences: they end with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : t + '.';
}

/** A rule's `name` is an identifier-like PascalCase word ("NblNotFreedOnAFailurePath"). */
function ruleName(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}
