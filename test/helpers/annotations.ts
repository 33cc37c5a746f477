// Fixtures say what they expect in comments under the code they mark (test/fixtures/README.md):
//     status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, clone, Done, NULL);
// //           ^^^^^^^^^^^^^^^^^^^^^^^^^^^ WFP2002 free the NBL
// The carets are the finding's exact range, the id its rule, the rest a fragment of its message.
// `$name` instead of an id names a position or range a test needs (a hover, a code action).
// A span that runs on past its line ends in `...` and is closed by `... WFPnnnn` under its last line.
import * as assert from 'assert';

export interface Span {
  /** Offsets into the fixture's text, end exclusive. */
  start: number;
  end: number;
}

export interface ExpectedFinding extends Span {
  rule: string;
  /** 0-based line and UTF-16 column of the start. */
  line: number;
  character: number;
  /** A fragment the finding's message must contain. */
  message?: string;
}

export interface Marker extends Span {
  /** 0-based line and UTF-16 column of the start, the way LSP positions count. */
  line: number;
  character: number;
}

export interface Annotations {
  findings: ExpectedFinding[];
  markers: Map<string, Marker>;
}

/** What the helper compares: the fields of a rule's finding it judges. */
export interface ActualFinding extends Span {
  ruleId: string;
  message: string;
}

// `// ^^^ WFP2002 fragment` or `/* ^^^ $name */`; a leading `...` closes, a trailing `...` opens.
const ANNOTATION = /^\s*(?:\/\/|\/\*)\s*\^/;
const BODY =
  /^(\s*(?:\/\/|\/\*)\s*)(\^+)\s+(\.\.\.\s+)?(WFP\d{4}|\$[A-Za-z_]\w*)(?:\s+(\.\.\.)(?=\s|$))?(?:\s+(.*?))?\s*$/;

// The convention this one replaced: a trailing `// expect WFPnnnn` that named only the line.
const STALE = /(?:\/\/|\/\*)\s*expect\s+WFP\d{4}/;

interface Line {
  text: string;
  start: number;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    out.push({ text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, start });
    start += raw.length + 1;
  }
  return out;
}

export function isAnnotationLine(line: string): boolean {
  return ANNOTATION.test(line);
}

/** The text without its annotation lines: what a fix's result is matched against. */
export function withoutAnnotations(text: string): string {
  return text
    .split('\n')
    .filter((line) => !isAnnotationLine(line))
    .join('\n');
}

/** The expected findings and named markers written in a fixture's text. */
export function readAnnotations(text: string): Annotations {
  const lines = linesOf(text);
  const findings: ExpectedFinding[] = [];
  const markers = new Map<string, Marker>();
  const open: (ExpectedFinding & { at: number })[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    if (STALE.test(line.text))
      throw new Error(`line ${i + 1}: write carets under the span, not \`expect WFPnnnn\``);
    if (!isAnnotationLine(line.text)) {
      target = i;
      return;
    }
    const where = `line ${i + 1}: ${line.text.trim()}`;
    const body = line.text.replace(/\s*\*\/\s*$/, '');
    const m = BODY.exec(body);
    if (!m) throw new Error(`malformed annotation on ${where}`);
    if (target < 0) throw new Error(`annotation with no code line above it on ${where}`);
    const [, lead, carets, closes, id, opens, message] = m;
    const code = lines[target];
    const from = lead.length;
    const to = from + carets.length;
    if (to > code.text.length) throw new Error(`carets run past the end of the code line above, ${where}`);
    if (closes) {
      const k = open.map((o) => o.rule).lastIndexOf(id);
      if (k < 0) throw new Error(`\`... ${id}\` closes no open span, ${where}`);
      const [span] = open.splice(k, 1);
      const { rule, start, line, character, message } = span;
      findings.push({ rule, start, end: code.start + to, line, character, message });
      return;
    }
    if (opens) {
      if (to !== code.text.length)
        throw new Error(`a span ending in \`...\` must reach the line's end, ${where}`);
      open.push({
        rule: id,
        start: code.start + from,
        end: -1,
        line: target,
        character: from,
        message: message || undefined,
        at: i,
      });
      return;
    }
    const span = { start: code.start + from, end: code.start + to };
    if (id.startsWith('$')) {
      if (markers.has(id)) throw new Error(`marker ${id} is written twice, ${where}`);
      markers.set(id, { ...span, line: target, character: from });
    } else findings.push({ rule: id, ...span, line: target, character: from, message: message || undefined });
  });
  if (open.length) throw new Error(`span ${open[0].rule} opened on line ${open[0].at + 1} is never closed`);
  return { findings, markers };
}

/** A marker the fixture names (`$name`); throws when it has none of that name. */
export function marker(text: string, name: string): Marker {
  const found = readAnnotations(text).markers.get(name);
  if (!found) throw new Error(`the fixture has no marker ${name}`);
  return found;
}

/** rust-analyzer's `$0` in an inline test text: the text without it, and the LSP position it marks. */
export function cursor(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('$0');
  if (offset < 0 || marked.indexOf('$0', offset + 1) >= 0) throw new Error('the text needs exactly one $0');
  const before = marked.slice(0, offset);
  const line = before.split('\n').length - 1;
  return {
    text: before + marked.slice(offset + 2),
    position: { line, character: offset - (before.lastIndexOf('\n') + 1) },
  };
}

/** The LSP position of a marker's start. */
export function markerPosition(text: string, name: string): { line: number; character: number } {
  const { line, character } = marker(text, name);
  return { line, character };
}

/** `line,column`, 1-based as compilers and MSBuild write them, of the one finding of `rule` annotated. */
export function annotatedLocation(text: string, rule: string): string {
  const found = readAnnotations(text).findings.filter((f) => f.rule === rule);
  if (found.length !== 1)
    throw new Error(`the fixture annotates ${found.length} findings of ${rule}, not one`);
  return `${found[0].line + 1},${found[0].character + 1}`;
}

/** Published LSP diagnostics as findings of `text`, so a protocol test compares them the same way. */
export function fromDiagnostics(
  text: string,
  diagnostics: {
    code?: string | number;
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
  }[],
): ActualFinding[] {
  const lines = linesOf(text);
  const offset = (p: { line: number; character: number }) => lines[p.line].start + p.character;
  return diagnostics.map((d) => ({
    ruleId: String(d.code),
    message: d.message,
    start: offset(d.range.start),
    end: offset(d.range.end),
  }));
}

/** The findings whose range is exactly the span of the fixture's marker `name`. */
export function findingsAt<F extends Span>(
  checked: { file: { text: string }; findings: F[] },
  name: string,
): F[] {
  const at = marker(checked.file.text, name);
  return checked.findings.filter((f) => f.start === at.start && f.end === at.end);
}

interface Labelled extends Span {
  rule: string;
  message?: string;
}

/** The code line a span starts on, with carets under it the way an annotation writes them. */
function render(lines: Line[], s: Labelled): string {
  let i = 0;
  while (i + 1 < lines.length && lines[i + 1].start <= s.start) i++;
  const line = lines[i];
  const from = s.start - line.start;
  const onLine = Math.min(s.end, line.start + line.text.length) - s.start;
  const runsOn = s.end > line.start + line.text.length;
  const gutter = String(i + 1).padStart(5);
  const label = `${s.rule}${runsOn ? ' ...' : ''}${s.message ? ` ${s.message}` : ''}`;
  return (
    `${gutter} | ${line.text}\n` +
    `${' '.repeat(gutter.length)} | ${' '.repeat(from)}${'^'.repeat(Math.max(onLine, 1))} ${label}`
  );
}

/** Why the findings differ from the expectations, or undefined when they match exactly. */
export function findingsMismatch(
  text: string,
  expected: ExpectedFinding[],
  actual: ActualFinding[],
): string | undefined {
  const left = [...actual];
  const missing: ExpectedFinding[] = [];
  for (const e of expected) {
    const k = left.findIndex(
      (a) =>
        a.ruleId === e.rule &&
        a.start === e.start &&
        a.end === e.end &&
        (e.message === undefined || a.message.includes(e.message)),
    );
    if (k < 0) missing.push(e);
    else left.splice(k, 1);
  }
  if (!missing.length && !left.length) return undefined;
  const lines = linesOf(text);
  const byStart = (a: Span, b: Span) => a.start - b.start || a.end - b.end;
  const out: string[] = [];
  for (const e of missing.sort(byStart)) out.push(`missing (annotated, not found):\n${render(lines, e)}`);
  for (const a of left.sort(byStart)) {
    out.push(
      `unexpected (found, not annotated): ${a.message}\n${render(lines, { start: a.start, end: a.end, rule: a.ruleId })}`,
    );
  }
  return out.join('\n');
}

export interface AnnotatedOptions {
  /** Findings a variant adds to the annotated ones (another set of files, an edited text): a rule at a marker. */
  also?: [rule: string, marker: string][];
  /** Names the fixture in the failure message; the file's URI by default. */
  message?: string;
}

/** Asserts the findings are exactly the ones the fixture's annotations expect: none when it has none. */
export function assertAnnotated(
  checked: { file: { uri: string; text: string }; findings: ActualFinding[] },
  options: AnnotatedOptions = {},
): void {
  const { text } = checked.file;
  const annotations = readAnnotations(text);
  const expected = [...annotations.findings];
  for (const [rule, name] of options.also ?? []) {
    const at = annotations.markers.get(name);
    if (!at) throw new Error(`the fixture has no marker ${name}`);
    expected.push({ ...at, rule });
  }
  const diff = findingsMismatch(text, expected, checked.findings);
  if (diff) {
    const message = `${options.message ?? checked.file.uri}: findings differ from the annotations\n${diff}`;
    throw new assert.AssertionError({ message });
  }
}
