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
import { errorCountAfter, errorNodes, type SourceFile } from '../parse/document';
import type { Finding, Fix } from '../rules';

export const DIAGNOSTIC_SOURCE = 'wfp';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.wfp`;

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function rangeOf(file: SourceFile, start: number, end: number): Range {
  return { start: file.positionAt(start), end: file.positionAt(end) };
}

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

/** All safe fixes whose edits do not overlap, earliest first. */
function candidateFixEdits(findings: Finding[]): Fix['edits'][] {
  const chosen: Fix['edits'][] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe);
    if (!fix) continue;
    const clash = fix.edits.some((e) =>
      chosen.some((c) => c.some((x) => e.start < x.end && x.start < e.end)),
    );
    if (!clash) chosen.push(fix.edits);
  }
  return chosen;
}

/** Verification parses spent on finding which fix adds a syntax error, at most. */
const MAX_VERIFY_PARSES = 40;

/**
 * What `--fix` and fix-all apply: the safe fixes that do not overlap, earliest first, and only
 * those that add no syntax error to the file (the parse of the fixed text is checked; in the
 * rare case it gains an error, each fix is checked on its own and the guilty ones are left out).
 */
export function safeFixEdits(file: SourceFile, findings: Finding[]): Fix['edits'] {
  const fixes = candidateFixEdits(findings);
  if (!fixes.length) return [];
  const flat = (list: Fix['edits'][]) => list.flat().sort((a, b) => a.start - b.start);
  const before = file.tree ? errorNodes(file.tree.rootNode) : undefined;
  const after = (list: Fix['edits'][]) => errorCountAfter(file, applyEdits(file.text, flat(list)));
  const all = after(fixes);
  if (before === undefined || all === undefined || all <= before) return flat(fixes);
  if (fixes.length > MAX_VERIFY_PARSES) return [];
  return flat(fixes.filter((f) => (after([f]) ?? Infinity) <= before));
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

/** Applies non-overlapping edits to a text (used by `--fix` and tests). */
export function applyEdits(text: string, edits: Fix['edits']): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
