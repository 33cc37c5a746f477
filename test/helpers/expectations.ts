// Fixtures that say what they expect: a line ending in a comment with `expect WFPnnnn` (several
// ids allowed) must get exactly those findings; every other line none.
import type { Finding } from '../../server/src/rules';
import type { SourceFile } from '../../server/src/parse/document';

/** `RULE@line` for each expectation written in the text (1-based lines), sorted. */
export function expectedFindings(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /(?:\/\/|\/\*)\s*expect\s+((?:WFP\d{4}[\s,]*)+)/.exec(line);
    if (m) for (const id of m[1].match(/WFP\d{4}/g)!) out.push(`${id}@${i + 1}`);
  });
  return out.sort();
}

/** `RULE@line` of each finding (the line it starts on), sorted. */
export function foundFindings(file: SourceFile, findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId}@${file.positionAt(f.start).line + 1}`).sort();
}
