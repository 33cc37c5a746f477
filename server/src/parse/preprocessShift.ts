// Preprocessing after a keystroke that only retypes identifiers: the previous result with the edit
// spliced in, instead of a pass over the whole file (4-7 ms a keystroke at 5,000-13,000 lines). It
// applies only where a fresh pass could not differ: the same number of identifier tokens before
// and after, none of them a name the preprocessor acts on, outside directives, annotations and
// inactive branches. Anything else is preprocessed again (test/unit/preprocessShift.test.ts holds
// the two to the same result on random edits).
import { annotationSpec, TYPE_ARGUMENT_MACROS } from '../catalog/annotations';
import { tokenTextMatters, type Preprocessed } from './preprocess';
import type { PreprocessEnv } from './preprocessEnv';
import { commonEnds } from './edits';
import { isIdChar, isIdStart, overlaps } from './lexing';

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

/** Whether the preprocessor could act on `name`: an annotation, a macro (learned or the file's), a type-argument macro. */
function actedOn(name: string, env: PreprocessEnv, defined: ReadonlySet<string>): boolean {
  if (tokenTextMatters(name) || annotationSpec(name) || env.macros.has(name) || defined.has(name))
    return true;
  return Object.prototype.hasOwnProperty.call(TYPE_ARGUMENT_MACROS, name);
}

/** Whether `at` is on a directive line, or on a line continued from the one before. */
function onDirectiveLine(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (lineStart > 0) {
    const before = text.charCodeAt(lineStart - 2) === 13 ? lineStart - 3 : lineStart - 2;
    if (text.charCodeAt(before) === 92 /* \ */) return true;
  }
  let i = lineStart;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return text.charCodeAt(i) === 35 /* # */;
}

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
  const { prefix, suffix } = commonEnds(previousText, text);
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
  if (!WORDS_ONLY.test(before) || !WORDS_ONLY.test(after)) return undefined;
  const oldWords = wordsOf(before);
  const newWords = wordsOf(after);
  if (!oldWords || !newWords || oldWords.length !== newWords.length) return undefined;
  // A blank typed or deleted between `/` and `*` makes or breaks a comment delimiter (`* /`).
  if (commentMark(previousText.charCodeAt(from - 1)) && commentMark(previousText.charCodeAt(oldTo)))
    return undefined;
  const defined = namesDefinedIn(previous, previousText);
  if ([...oldWords, ...newWords].some((w) => actedOn(w, env, defined))) return undefined;
  if (onDirectiveLine(previousText, from)) return undefined;
  // Nothing blanked, replaced or inactive at or next to it.
  const lo = Math.max(0, from - 1);
  const hi = Math.min(previousText.length, oldTo + 1);
  if (previous.text.slice(lo, hi) !== previousText.slice(lo, hi)) return undefined;
  // Both lists are sorted and disjoint; a span ending at `lo` or starting at `hi` counts too.
  if (overlaps(previous.annotations, lo - 1, hi + 1) || overlaps(previous.inactive, lo - 1, hi + 1))
    return undefined;
  const delta = newTo - oldTo;
  const shift = <T extends { start: number; end: number }>(s: T): T =>
    s.start >= oldTo ? { ...s, start: s.start + delta, end: s.end + delta } : s;
  const shifted: Preprocessed = {
    text: previous.text.slice(0, from) + after + previous.text.slice(oldTo),
    annotations: previous.annotations.map(shift),
    inactive: previous.inactive.map(shift),
    stats: { ...previous.stats },
  };
  definedNames.set(shifted, defined);
  return shifted;
}
