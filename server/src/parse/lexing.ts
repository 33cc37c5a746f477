// Lexical helpers of the preprocessing layer: identifier characters, where comments, literals,
// directives and balanced parentheses end in C/C++ text, and sorted span sets.

/** C identifier characters (ASCII, as the preprocessor and catalog names use them). */
export const isIdStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
export const isIdChar = (c: number) => isIdStart(c) || (c >= 48 && c <= 57);

/** A name spelled as macros are (`HLPR_BAIL_ON_FAILURE`, `MY_NULL`): capitals, digits, underscores. */
export const MACRO_NAME = /^[A-Z][A-Z0-9_]*$/;

export interface Span {
  start: number;
  end: number;
}

/** Sorted, non-overlapping spans covering the same text. */
export function merged(spans: Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Index of the first of sorted, disjoint `spans` that ends after `offset` (their length if none does). */
export function firstEndingAfter(spans: Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether sorted, merged `spans` overlap [start, end). */
export function overlaps(spans: Span[], start: number, end: number): boolean {
  const at = firstEndingAfter(spans, start);
  return at < spans.length && spans[at].start < end;
}

/** Whether sorted, merged `spans` cover `offset`. */
export function covers(spans: Span[], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= offset) lo = mid + 1;
    else if (spans[mid].start > offset) hi = mid - 1;
    else return true;
  }
  return false;
}

/** The logical line of a directive (continuations joined, comments removed) and where it ends. */
export function readDirective(t: string, hash: number): { end: number; body: string } {
  let i = hash + 1;
  let body = '';
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === 10) break;
    if (
      c === 92 /* \ */ &&
      (t.charCodeAt(i + 1) === 10 || (t.charCodeAt(i + 1) === 13 && t.charCodeAt(i + 2) === 10))
    ) {
      i += t.charCodeAt(i + 1) === 13 ? 3 : 2;
      body += ' ';
      continue;
    }
    if (c === 47 && t.charCodeAt(i + 1) === 42) {
      const end = t.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      body += ' ';
      continue;
    }
    if (c === 47 && t.charCodeAt(i + 1) === 47) {
      const end = lineCommentEnd(t, i);
      i = end;
      continue;
    }
    if (c === 34 || c === 39) {
      const end = literalEnd(t, i);
      body += t.slice(i, end);
      i = end;
      continue;
    }
    body += t[i];
    i++;
  }
  // The line break itself stays: it ends the directive for tree-sitter too.
  let end = i;
  if (end > hash && t.charCodeAt(end - 1) === 13) end--;
  return { end, body };
}

/** End of a `//` comment (a backslash at the end of the line continues it). */
export function lineCommentEnd(t: string, i: number): number {
  for (;;) {
    const nl = t.indexOf('\n', i);
    if (nl < 0) return t.length;
    let k = nl - 1;
    if (t.charCodeAt(k) === 13) k--;
    if (t.charCodeAt(k) !== 92) return nl;
    i = nl + 1;
  }
}

/** End of a string or character literal starting at `i` (an unterminated one ends at the line). */
export function literalEnd(t: string, i: number): number {
  const quote = t.charCodeAt(i);
  let k = i + 1;
  while (k < t.length) {
    const c = t.charCodeAt(k);
    if (c === 92) {
      k += 2;
      continue;
    }
    if (c === quote) return k + 1;
    if (c === 10) return k;
    k++;
  }
  return t.length;
}

export function rawStringEnd(t: string, quote: number): number {
  const open = t.indexOf('(', quote + 1);
  if (open < 0 || open - quote > 17) return literalEnd(t, quote);
  const delim = t.slice(quote + 1, open);
  const end = t.indexOf(`)${delim}"`, open + 1);
  return end < 0 ? t.length : end + delim.length + 2;
}

/** Index of the `)` that closes the `(` at `open`, skipping literals and comments; -1 if none near. */
export function matchingParen(t: string, open: number, limit: number): number {
  return parenScan(t, open, limit).close;
}

/**
 * Where the literal or comment that starts at `k` ends (the index after it), `k` when none does,
 * or -1 for a block comment that never closes.
 */
function pastLiteralOrComment(t: string, k: number): number {
  const c = t.charCodeAt(k);
  if (c === 34 || c === 39) return literalEnd(t, k);
  if (c !== 47) return k;
  const next = t.charCodeAt(k + 1);
  if (next === 42) {
    const end = t.indexOf('*/', k + 2);
    return end < 0 ? -1 : end + 2;
  }
  return next === 47 ? lineCommentEnd(t, k) : k;
}

/**
 * matchingParen, and `end`: where its reading stopped (after the `)`, the `;`, `{` or `}` that
 * gave up, or the limit), so that an edit there is known to change what it finds.
 */
export function parenScan(t: string, open: number, limit: number): { close: number; end: number } {
  let depth = 0;
  const stop = Math.min(t.length, open + limit);
  for (let k = open; k < stop; k++) {
    const past = pastLiteralOrComment(t, k);
    if (past < 0) return { close: -1, end: t.length };
    if (past > k) {
      k = past - 1;
      continue;
    }
    const c = t.charCodeAt(k);
    if (c === 40) depth++;
    else if (c === 41) {
      if (--depth === 0) return { close: k, end: k + 1 };
    } else if (c === 59 /* ; */ || c === 123 /* { */ || c === 125 /* } */) return { close: -1, end: k + 1 };
  }
  return { close: -1, end: stop };
}

/** `t` with each literal and comment replaced by one space (an unclosed comment takes the rest). */
export function withoutLiteralsAndComments(t: string): string {
  let out = '';
  let from = 0;
  for (let k = 0; k < t.length; k++) {
    const past = pastLiteralOrComment(t, k);
    if (past === k) continue;
    out += `${t.slice(from, k)} `;
    if (past < 0) return out;
    from = past;
    k = past - 1;
  }
  return out + t.slice(from);
}

/** Index of the `}` that closes the `{` at `open`, skipping literals and comments; -1 if none. */
export function matchingBrace(t: string, open: number): number {
  let depth = 0;
  for (let k = open; k < t.length; k++) {
    const past = pastLiteralOrComment(t, k);
    if (past < 0) return -1;
    if (past > k) {
      k = past - 1;
      continue;
    }
    const c = t.charCodeAt(k);
    if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return k;
  }
  return -1;
}
