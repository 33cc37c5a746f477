// Which fixes are applied without review (`--fix`, fix-all), and applying edits to a text.
import { errorCountAfter, errorNodes, type SourceFile } from '../parse/document';
import type { Finding, Fix, TextEdit } from './types';

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
export function safeFixEdits(file: SourceFile, findings: Finding[]): TextEdit[] {
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

/** Applies non-overlapping edits to a text (used by `--fix` and tests). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
