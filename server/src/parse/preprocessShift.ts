// Preprocessing after a keystroke: the previous result with the edit spliced in, instead of a pass
// over the whole file (4-10 ms a keystroke at 5,000-13,000 lines). It applies only where a fresh
// pass could not differ. Retyping identifiers: the same number of them before and after, none a
// name the preprocessor acts on. Line breaks between the same words (Enter, lines joined): none
// ending a `//` comment, a string, a directive or a continuation, nor splitting a macro from the
// `(` it reads or a label from its `}`. Punctuation and braces (a `(` half-way through a call,
// the commonest syntax error): no comment, literal, `:` or directive made or broken; no argument
// list the preprocessor matched parentheses in touched; the tokens next to it not ones whose
// reading depends on the token before (labels, return macros, annotations' arguments); and no
// `#if` group judged by its shape holding the edit or opening before the next brace, where
// parenthesis counting starts again. Never in directives, annotations or inactive branches.
// Anything else is preprocessed again (test/unit/preprocessShift.test.ts holds the two to the same
// result on random edits).
import { annotationSpec, TYPE_ARGUMENT_MACROS } from '../catalog/annotations';
import { isRawStringPrefix, isTypeWord, tokenTextMatters, type Preprocessed } from './preprocess';
import type { PreprocessEnv } from './preprocessEnv';
import { commonEnds } from './edits';
import {
  firstEndingAfter,
  isIdChar,
  isIdStart,
  lineCommentEnd,
  literalEnd,
  overlaps,
  rawStringEnd,
  readDirective,
  type Span,
} from './lexing';

const commentMark = (c: number) => c === 47 /* / */ || c === 42; /* * */

/** Identifiers and blanks on one line, nothing else. */
const WORDS_ONLY = /^[A-Za-z0-9_ \t]*$/;

/** The identifiers of a region, or undefined when one of its words is a number. */
function wordsOf(region: string): string[] | undefined {
  const words = region.split(/[ \t]+/).filter(Boolean);
  return words.every((w) => isIdStart(w.charCodeAt(0))) ? words : undefined;
}

/**
 * The names a text `#define`s, by preprocessing: a shifted one has its previous one's (the edit
 * is never on a directive line), so typing does not search the file for them again.
 */
const definedNames = new WeakMap<Preprocessed, ReadonlySet<string>>();

function namesDefinedIn(pre: Preprocessed, text: string): ReadonlySet<string> {
  let names = definedNames.get(pre);
  if (!names) {
    names = new Set(Array.from(text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm), (m) => m[1]));
    definedNames.set(pre, names);
  }
  return names;
}

/**
 * Whether the preprocessor could act on `name`: an annotation, a macro (learned or the file's), a
 * type-argument macro, a return macro.
 */
function actedOn(name: string, env: PreprocessEnv, defined: ReadonlySet<string>): boolean {
  if (tokenTextMatters(name) || annotationSpec(name) || env.macros.has(name) || defined.has(name))
    return true;
  return Object.prototype.hasOwnProperty.call(TYPE_ARGUMENT_MACROS, name) || env.returns.has(name);
}

/** The identifiers and numbers of a stretch of text. */
const wordsIn = (s: string) => s.split(/[^A-Za-z0-9_]+/).filter(Boolean);

/** Whether `at` is on a directive line, or on a line continued from the one before. */
function onDirectiveLine(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (lineStart > 0) {
    const before = text.charCodeAt(lineStart - 2) === 13 ? lineStart - 3 : lineStart - 2;
    if (text.charCodeAt(before) === 92 /* \ */) return true;
  }
  let i = lineStart;
  // The blanks the preprocessor passes over before a `#` (a lone `\r` or `\f` among them).
  while (isBlank(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 35 /* # */;
}

/** Identifiers, blanks and punctuation the preprocessor does not read for itself. */
const PLAIN_EDIT = /^[A-Za-z0-9_ \t()[\]{};,=+\-&|!<>?~%^]*$/;

const isQuote = (c: number) => c === 34 || c === 39;

/** Whether `at` follows a `\` (past a `\r`): an escape, or a continuation the edit may make or break. */
const afterBackslash = (text: string, at: number) =>
  text.charCodeAt(at - 1) === 92 || (text.charCodeAt(at - 1) === 13 && text.charCodeAt(at - 2) === 92);

/**
 * What `preprocess(text)` gives, from `previous` (the preprocessing of `previousText`), or
 * undefined when the edit between the two texts is not one this can shift.
 */
export function shiftedPreprocess(
  previousText: string,
  previous: Preprocessed,
  text: string,
  env: PreprocessEnv,
): Preprocessed | undefined {
  const { prefix, suffix } = lineBreakFirst(previousText, text, commonEnds(previousText, text));
  const oldEnd = previousText.length - suffix;
  const newEnd = text.length - suffix;
  // The edit, widened to whole identifiers on both sides.
  let from = prefix;
  while (from > 0 && isIdChar(text.charCodeAt(from - 1))) from--;
  let oldTo = oldEnd;
  while (oldTo < previousText.length && isIdChar(previousText.charCodeAt(oldTo))) oldTo++;
  const newTo = oldTo - oldEnd + newEnd;
  const before = previousText.slice(from, oldTo);
  const after = text.slice(from, newTo);
  const defined = namesDefinedIn(previous, previousText);
  const edit: ShiftEdit = { previous, previousText, text, from, oldTo, newTo, before, after, env, defined };
  const lo = Math.max(0, from - 1);
  const hi = Math.min(previousText.length, oldTo + 1);
  // In a branch no build sees (`#if DBG` without DBG), or in the code.
  const branch = holding(previous.inactive, lo, hi);
  const unseen = branch !== undefined;
  let accepted: boolean;
  if (branch) accepted = unseenEdit(edit, previousText.slice(branch.start, branch.end));
  else if (WORDS_ONLY.test(before) && WORDS_ONLY.test(after)) accepted = retypedWords(edit);
  else if (WORDS_AND_LINES.test(before) && WORDS_AND_LINES.test(after)) accepted = relinedWords(edit);
  else accepted = punctuationEdit(edit);
  if (!accepted) return undefined;
  if (onDirectiveLine(previousText, from) || onDirectiveLine(text, from)) return undefined;
  // Nothing blanked, replaced or inactive at or next to it (but the branch it is in), no argument
  // list read across it.
  if (!unseen && previous.text.slice(lo, hi) !== previousText.slice(lo, hi)) return undefined;
  // The lists are sorted and disjoint; a span ending at `lo` or starting at `hi` counts too.
  if (
    overlaps(previous.annotations, lo - 1, hi + 1) ||
    (!unseen && overlaps(previous.inactive, lo - 1, hi + 1)) ||
    overlaps(previous.parenScans, lo - 1, hi + 1) ||
    previous.rawStrings.some((r) => r.start < hi + 1 && rawStringReach(r) > lo - 1)
  )
    return undefined;
  const delta = newTo - oldTo;
  const shift = <T extends Span>(s: T): T =>
    s.start >= oldTo ? { ...s, start: s.start + delta, end: s.end + delta } : s;
  // A group holding the edit ends that much further on.
  const stretch = (s: Span): Span => {
    if (s.start >= oldTo) return shift(s);
    return s.end > from ? { start: s.start, end: s.end + delta } : s;
  };
  const shifted: Preprocessed = {
    text: previous.text.slice(0, from) + (unseen ? blanked(after) : after) + previous.text.slice(oldTo),
    annotations: previous.annotations.map(shift),
    inactive: previous.inactive.map(unseen ? stretch : shift),
    parenScans: previous.parenScans.map(shift),
    undecidedGroups: previous.undecidedGroups.map(stretch),
    rawStrings: previous.rawStrings.map(shift),
    stats: { ...previous.stats },
  };
  definedNames.set(shifted, defined);
  return shifted;
}

/**
 * Lines inserted or deleted at the start of a directive line, read as the same edit one line break
 * earlier: Enter at the end of a branch's last line compares as a line added before its `#endif`,
 * where no edit is shifted.
 */
function lineBreakFirst(
  before: string,
  after: string,
  { prefix, suffix }: { prefix: number; suffix: number },
): { prefix: number; suffix: number } {
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  // Only a run inserted or deleted, and so ending with the line break it slides over.
  let run = '';
  if (oldEnd === prefix) run = after.slice(prefix, newEnd);
  else if (newEnd === prefix) run = before.slice(prefix, oldEnd);
  let lineEnd = '';
  if (before.endsWith('\r\n', prefix)) lineEnd = '\r\n';
  else if (before.endsWith('\n', prefix)) lineEnd = '\n';
  if (!lineEnd || !run.endsWith(lineEnd) || !onDirectiveLine(before, prefix)) return { prefix, suffix };
  return { prefix: prefix - lineEnd.length, suffix: suffix + lineEnd.length };
}

/**
 * One edit, widened to whole identifiers: `before` is previousText[from, oldTo), `after` is
 * text[from, newTo); `defined` the names the file `#define`s.
 */
interface ShiftEdit {
  previous: Preprocessed;
  previousText: string;
  text: string;
  from: number;
  oldTo: number;
  newTo: number;
  before: string;
  after: string;
  env: PreprocessEnv;
  defined: ReadonlySet<string>;
}

/** Identifiers retyped: as many before as after, none the preprocessor acts on. */
function retypedWords({ previousText, from, oldTo, before, after, env, defined }: ShiftEdit): boolean {
  const oldWords = wordsOf(before);
  const newWords = wordsOf(after);
  if (!oldWords || !newWords || oldWords.length !== newWords.length) return false;
  // A blank typed or deleted between `/` and `*` makes or breaks a comment delimiter (`* /`), and
  // one after a `\` at a line end a continuation.
  if (commentMark(previousText.charCodeAt(from - 1)) && commentMark(previousText.charCodeAt(oldTo)))
    return false;
  if (afterBackslash(previousText, from)) return false;
  return ![...oldWords, ...newWords].some((w) => actedOn(w, env, defined));
}

/** Identifiers, blanks and line breaks. */
const WORDS_AND_LINES = /^[A-Za-z0-9_\s]*$/;

/**
 * Line breaks typed or deleted between the same words (Enter, its indentation, lines joined): no
 * token changes, only what a line ends: a line comment, a string, a directive, a continuation, and
 * what reads the rest of its line only (a return macro's `(`, a label's `}`).
 */
function relinedWords({
  previousText,
  text,
  from,
  oldTo,
  newTo,
  before,
  after,
  env,
  defined,
}: ShiftEdit): boolean {
  const oldWords = before.split(/\s+/).filter(Boolean);
  const newWords = after.split(/\s+/).filter(Boolean);
  if (oldWords.length !== newWords.length || oldWords.some((w, i) => w !== newWords[i])) return false;
  // Blanks between `/` and `*` make a delimiter once gone; a continuation made or broken is caught
  // by the directive-line checks.
  if (commentMark(previousText.charCodeAt(from - 1)) && commentMark(previousText.charCodeAt(oldTo)))
    return false;
  // A number reads a `.` and what follows (`1.R"(` is no raw string): a break there splits it.
  if (previousText.charCodeAt(from - 1) === 46 || previousText.charCodeAt(oldTo) === 46) return false;
  if (lexicalStateAt(previousText, from) !== 'code') return false;
  if (onDirectiveLine(previousText, oldTo) || onDirectiveLine(text, newTo)) return false;
  // The last token before the break reads past the line end only when the next is a `(` (a
  // return macro's or a type-argument macro's name reads the rest of its own line), a label's
  // `}` or a quote (`R` then a quote opens a raw string), or is behind a comment.
  let k = newTo;
  while (k < text.length && /\s/.test(text[k])) k++;
  const next = text[k];
  if (next === undefined || !'(}/"\''.includes(next)) return true;
  const previousToken = codeTokenBefore(text, newTo);
  if (previousToken === undefined || previousToken === ':') return false;
  return !isIdStart(previousToken.charCodeAt(0)) || !actedOn(previousToken, env, defined);
}

/**
 * What `at` is in, read from the start of its line: code, a literal or a `//` comment (a line
 * continued from the one before is not read: 'unknown'). A block comment reads as code: a line
 * break in one changes nothing.
 */
function lexicalStateAt(text: string, at: number): 'code' | 'literal' | 'comment' | 'unknown' {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (lineStart >= 2) {
    const before = text.charCodeAt(lineStart - 2) === 13 ? lineStart - 3 : lineStart - 2;
    if (text.charCodeAt(before) === 92) return 'unknown';
  }
  // A comment may be open from a line before (its `/*` may also be in a literal): what comes
  // before `at` on this line is code either way only if it opens and closes nothing.
  if (commentOpenAt(text, lineStart)) return /["'/*\\]/.test(text.slice(lineStart, at)) ? 'unknown' : 'code';
  for (let k = lineStart; k < at; ) {
    const c = text.charCodeAt(k);
    if (c === 47 && text.charCodeAt(k + 1) === 47) return 'comment';
    if (c === 47 && text.charCodeAt(k + 1) === 42) {
      const end = text.indexOf('*/', k + 2);
      if (end < 0 || end + 2 > at) return 'code';
      k = end + 2;
    } else if (isQuote(c)) {
      // As literalEnd reads it; one left open ends at the line break, and joining the next line
      // goes on with it.
      let end = k + 1;
      let closed = false;
      while (end < text.length) {
        const d = text.charCodeAt(end);
        if (d === 92 /* \ */) end += 2;
        else if (d === 10) break;
        else if (d === c) {
          closed = true;
          end++;
          break;
        } else end++;
      }
      if (end > at || (end === at && !closed)) return 'literal';
      k = end;
    } else k++;
  }
  return 'code';
}

/**
 * Whether a block comment may be open at `lineStart`. The last `/*` before it (in code, a literal
 * or a comment) is followed there by a `*\/` only if no comment is open: had one opened before and
 * not closed, everything after it, that `/*` too, would be its text up to its first `*\/`.
 */
function commentOpenAt(text: string, lineStart: number): boolean {
  const open = lineStart >= 2 ? text.lastIndexOf('/*', lineStart - 2) : -1;
  if (open < 0) return false;
  const close = text.indexOf('*/', open + 2);
  return close < 0 || close + 2 > lineStart;
}

/** tokenBefore, looking past `//` comments at the end of the lines before. */
function codeTokenBefore(text: string, at: number): string | undefined {
  for (let lines = 0; lines < 50; lines++) {
    const token = tokenBefore(text, at);
    if (token !== undefined) return token;
    let k = at - 1;
    while (k >= 0 && (isBlank(text.charCodeAt(k)) || text.charCodeAt(k) === 10)) k--;
    const lineStart = text.lastIndexOf('\n', k) + 1;
    const comment = text.indexOf('//', lineStart);
    if (comment < 0 || comment > k || lexicalStateAt(text, comment) !== 'code') return undefined;
    at = comment;
  }
  return undefined;
}

/**
 * Punctuation typed or deleted (with identifiers and blanks): the token count changes, and with
 * it the parenthesis depth up to the next brace and the reading of the two tokens after it.
 */
function punctuationEdit(edit: ShiftEdit): boolean {
  const { previous, previousText, text, from, oldTo, newTo, before, after, env, defined } = edit;
  if (!PLAIN_EDIT.test(before) || !PLAIN_EDIT.test(after)) return false;
  // A literal or an escape next to it; a comment delimiter made or broken is seen by tokenBefore.
  const left = previousText.charCodeAt(from - 1);
  const right = previousText.charCodeAt(oldTo);
  if (afterBackslash(previousText, from) || isQuote(left) || isQuote(right)) return false;
  // A number reads the `.` beside it and what follows.
  if (left === 46 || right === 46) return false;
  const plain = (w: string) => !isIdStart(w.charCodeAt(0)) || !actedOn(w, env, defined);
  if (![...wordsIn(before), ...wordsIn(after)].every(plain)) return false;
  if (movesTypeArgument(edit)) return false;
  // The token before: a label's `:`, or a name that reads a `(` after it (annotations, macros).
  const previousToken = tokenBefore(text, from);
  if (previousToken === undefined || previousToken === ':' || !plain(previousToken)) return false;
  // The two tokens after read the one before them (labels, return macros); the depth counted up to
  // the next brace decides how a `#if` group judged by its shape opening there is read.
  if (overlaps(previous.undecidedGroups, from, oldTo)) return false;
  const delta = newTo - oldTo;
  const opensUndecided = (at: number) => overlaps(previous.undecidedGroups, at - delta, at - delta + 1);
  return plainUntilBrace(text, newTo, plain, opensUndecided);
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 13 || c === 12 || c === 11;

/**
 * A parenthesis, comma, `;` or brace made or unmade before a type keyword in the same statement:
 * it may change which call that keyword is an argument of (Preprocessor.typeWordArgument).
 */
function movesTypeArgument({ text, newTo, before, after }: ShiftEdit): boolean {
  return /[()[\],;{}]/.test(before + after) && typeWordAhead(text, newTo);
}

/** Whether a type keyword stands between `at` and the end of its statement (`;`, `{` or `}`). */
function typeWordAhead(text: string, at: number): boolean {
  const limit = Math.min(text.length, at + 4096);
  for (let k = at; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 59 || c === 123 || c === 125) return false;
    if (!isIdStart(c)) continue;
    let j = k + 1;
    while (j < limit && isIdChar(text.charCodeAt(j))) j++;
    if (isTypeWord(text.slice(k, j))) return true;
    k = j - 1;
  }
  return limit < text.length;
}

/**
 * Where a raw string's reading depends on the text: to its end, and at least to where its `(` may
 * be (rawStringEnd looks 17 characters past the quote): a `(` typed there makes `R"x` one.
 */
const rawStringReach = (r: Span) => Math.max(r.end, r.start + 3 + 18);

/** The one of the sorted, disjoint `spans` that holds [start, end) with more of it on both sides. */
function holding(spans: Span[], start: number, end: number): Span | undefined {
  const at = firstEndingAfter(spans, start);
  return at < spans.length && spans[at].start < start && end < spans[at].end ? spans[at] : undefined;
}

/**
 * What reads a branch's text across lines and directives: a raw string, a continued line, a block
 * comment opened on a directive line (the next line is still the directive's).
 */
const READ_ACROSS_LINES = /R"|\\\r?\n|^[ \t\f\v\r]*#.*\/\*/m;

/** The identifier that ends right before `at`, past blanks and line breaks ('' when none). */
function wordBefore(text: string, at: number): string {
  let end = at;
  while (end > 0 && (isBlank(text.charCodeAt(end - 1)) || text.charCodeAt(end - 1) === 10)) end--;
  let start = end;
  while (start > 0 && isIdChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}

/** `s` as the preprocessor blanks an inactive branch: spaces, line breaks kept. */
const blanked = (s: string) => s.replace(/[^\r\n]/g, ' ');

/** Plain code, line breaks and punctuation that neither starts a comment, a literal nor a directive. */
const UNSEEN_EDIT = /^[A-Za-z0-9_ \t\r\n()[\]{};,=+\-&|!<>?~%^]*$/;

/**
 * An edit inside a branch no build sees: the branch is blanked whatever it holds, and the code
 * after it reads the tokens before it (Preprocessor.endArm). What could still change is the
 * branch's structure: a directive made or unmade by a line break (the caller checks the edit's own
 * line), a comment, literal or continuation opened or closed, a name the preprocessor reads (an
 * annotation's argument list, kept in parenScans), or a group read by its shape around it.
 */
function unseenEdit(edit: ShiftEdit, branch: string): boolean {
  const { previous, previousText, text, from, oldTo, newTo, before, after, env, defined } = edit;
  if (!UNSEEN_EDIT.test(before) || !UNSEEN_EDIT.test(after)) return false;
  if (READ_ACROSS_LINES.test(branch)) return false;
  const left = previousText.charCodeAt(from - 1);
  const right = previousText.charCodeAt(oldTo);
  if (left === 92 /* \ */ || isQuote(left) || isQuote(right) || commentMark(left) || commentMark(right))
    return false;
  const acted = (w: string) => actedOn(w, env, defined);
  if ([...wordsIn(before), ...wordsIn(after)].some(acted)) return false;
  if (movesTypeArgument(edit)) return false;
  // A name that reads the `(` after it, blanks and lines between (an annotation's, dropped from
  // the result in such a branch, or a type-argument macro's): its argument list may change.
  const nameBefore = wordBefore(previousText, from);
  if (nameBefore && acted(nameBefore)) return false;
  if (overlaps(previous.undecidedGroups, from - 1, oldTo + 1)) return false;
  // A line made or joined: read from code on both sides (a `//` comment or a literal would take in
  // or give up what follows), and no directive line made or joined after it.
  if (/[\r\n]/.test(before) || /[\r\n]/.test(after)) {
    if (lexicalStateAt(previousText, from) !== 'code' || lexicalStateAt(text, from) !== 'code') return false;
    if (onDirectiveLine(previousText, oldTo) || onDirectiveLine(text, newTo)) return false;
  }
  return true;
}

/**
 * The code token that ends right before `at` ('' when none, or a directive line, which ends a
 * label's reach), or undefined when a comment may stand between, or `/` or `*` stands next to
 * the edit (which could make or break a comment delimiter).
 */
function tokenBefore(text: string, at: number): string | undefined {
  let k = at - 1;
  while (k >= 0 && (isBlank(text.charCodeAt(k)) || text.charCodeAt(k) === 10)) k--;
  if (k < 0) return '';
  const c = text.charCodeAt(k);
  if (c === 47 /* / */ || c === 42 /* * */) return undefined;
  const lineStart = text.lastIndexOf('\n', k) + 1;
  const line = text.slice(lineStart, k + 1);
  const continued =
    lineStart >= 2 && text.charCodeAt(lineStart - (text.charCodeAt(lineStart - 2) === 13 ? 3 : 2)) === 92;
  if (continued) return undefined;
  const blockMark = line.includes('/*') || line.includes('*/');
  // A `//` comment on a directive line (`#endif /// DBG`) ends with it.
  if (/^[ \t]*#/.test(line) && !blockMark) return '';
  if (blockMark || line.includes('//')) return undefined;
  if (!isIdChar(c)) return text[k];
  let start = k;
  while (start > 0 && isIdChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start, k + 1);
}

/**
 * From `at` to the next brace outside any `#if` group opened on the way (where the preprocessor
 * counts parentheses from 0 again): false when one of the first two tokens is a `:`, a directive
 * or not `plain`, when a group `opensUndecided` there, or when the brace is far.
 */
function plainUntilBrace(
  text: string,
  at: number,
  plain: (word: string) => boolean,
  opensUndecided: (at: number) => boolean,
): boolean {
  const n = text.length;
  const limit = at + 20000;
  let tokens = 0;
  /** Groups opened since `at` and not closed yet; in a later branch of a group holding `at`. */
  let opened = 0;
  let later = false;
  let lineStart = false;
  let k = at;
  while (k < n) {
    if (k > limit) return false;
    const c = text.charCodeAt(k);
    if (c === 10) {
      lineStart = true;
      k++;
      continue;
    }
    if (isBlank(c)) {
      k++;
      continue;
    }
    if (c === 35 /* # */ && lineStart) {
      if (tokens < 2 || opensUndecided(k)) return false;
      const { end, body } = readDirective(text, k);
      const name = /^\s*(\w+)/.exec(body)?.[1] ?? '';
      if (/^if/.test(name)) opened++;
      else if (name === 'endif') {
        if (opened) opened--;
        else later = false;
      } else if (/^el/.test(name) && !opened) later = true;
      k = end;
      continue;
    }
    lineStart = false;
    if (c === 47 && text.charCodeAt(k + 1) === 47) {
      k = lineCommentEnd(text, k);
      continue;
    }
    if (c === 47 && text.charCodeAt(k + 1) === 42) {
      const end = text.indexOf('*/', k + 2);
      if (end < 0) return true;
      k = end + 2;
      continue;
    }
    // A group goes on at the depth it opened at, whatever its branches did; after the edit's own
    // branch, the depth is that branch's.
    if ((c === 123 || c === 125) && !opened && !later) return true; // `{` or `}`
    if (c === 58 /* : */ && tokens < 2) return false;
    if (isQuote(c)) k = literalEnd(text, k);
    else if (isIdChar(c)) {
      let j = k + 1;
      while (j < n && (isIdChar(text.charCodeAt(j)) || (!isIdStart(c) && text.charCodeAt(j) === 46))) j++;
      const word = text.slice(k, j);
      if (tokens < 2 && !plain(word)) return false;
      // A raw string's text is not code.
      k = isQuote(text.charCodeAt(j)) && isRawStringPrefix(word) ? rawStringEnd(text, j) : j;
    } else k++;
    tokens++;
  }
  return true;
}
