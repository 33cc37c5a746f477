// Findings → LSP diagnostics, and their fixes → code actions.
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import { getRule } from '../catalog/rules';
import type { SourceFile } from '../parse/document';
import { rangeOf } from '../parse/range';
import type { Finding, Fix } from '../rules';
import { safeFixEdits } from '../rules/fixes';

export const DIAGNOSTIC_SOURCE = 'wfp';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.wfp`;

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function toDiagnostic(file: SourceFile, f: Finding): Diagnostic {
  return {
    range: rangeOf(file, f.start, f.end),
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: getRule(f.ruleId).docUrl },
    message: f.message,
    ...(f.related?.length
      ? {
          relatedInformation: f.related.map((r) => ({
            message: r.message,
            location: {
              uri: r.uri,
              // Locations in other files carry a line only: their text is not loaded.
              range:
                r.uri === file.uri
                  ? rangeOf(file, r.start, r.end)
                  : { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } },
            },
          })),
        }
      : {}),
  };
}

function lspEdits(file: SourceFile, fix: Fix): LspTextEdit[] {
  return fix.edits.map((e) => ({ range: rangeOf(file, e.start, e.end), newText: e.newText }));
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) =>
    p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Quick fixes for the findings that touch `range`. */
export function quickFixes(file: SourceFile, findings: Finding[], range: Range): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const f of findings) {
    const diagnostic = toDiagnostic(file, f);
    if (!overlaps(diagnostic.range, range)) continue;
    for (const fix of f.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: { changes: { [file.uri]: lspEdits(file, fix) } },
      });
    }
  }
  return actions;
}

export function fixAllAction(file: SourceFile, findings: Finding[]): CodeAction | undefined {
  const edits = safeFixEdits(file, findings);
  if (!edits.length) return undefined;
  return {
    title: 'Fix all WFP injection problems that have a safe fix',
    kind: FIX_ALL_KIND,
    edit: {
      changes: {
        [file.uri]: edits.map((e) => ({ range: rangeOf(file, e.start, e.end), newText: e.newText })),
      },
    },
  };
}
