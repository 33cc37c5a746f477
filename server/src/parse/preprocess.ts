// The layer between the user's text and tree-sitter: makes Windows kernel C/C++ parse the way the
// compiler sees it. Every change replaces text with text of the same length (spaces, keeping line
// breaks), so offsets, rows and columns in the parse are the user's own.
//
// - SAL, driver annotations, calling conventions and declaration macros (catalog/annotations.ts,
//   and macros the project defines as such or as `static`, `extern` or `inline`) are blanked with
//   their argument lists, or replaced by the keyword they stand for where it fits.
// - `#if` groups are evaluated over the target version and the known defines: the lines of a
//   decided group's directives and its inactive branches are blanked. So are the directives of an
//   undecided group with one branch any build may see. A group that cannot be decided between
//   branches is left to tree-sitter when it opens where a statement may and each branch is a
//   complete construct; otherwise (a function header split by `#if`, a branch inside an argument
//   list or after `x =`) its first possible branch is kept.
// - Directive lines themselves (`#define`, `#include`, `#pragma`) are never changed, but for a
//   `#pragma` in the middle of a declaration or statement, which is blanked.
// - A type spelled in keywords as a macro's argument (`HLPR_NEW(p, double, TAG)`) becomes a name
//   of the same length, and `struct` before a type-argument macro's type is blanked.
import {
  annotationSpec,
  mayBeAnnotation,
  TYPE_ARGUMENT_MACROS,
  type AnnotationSpec,
} from '../catalog/annotations';
import { conditionTruth, type MacroFact } from './conditionExpr';
import {
  covers,
  isIdChar,
  isIdStart,
  lineCommentEnd,
  literalEnd,
  MACRO_NAME,
  matchingParen,
  merged,
  parenScan,
  overlaps,
  rawStringEnd,
  readDirective,
  type Span,
} from './lexing';
import { envFact, type PreprocessEnv } from './preprocessEnv';
import type { SourceLanguage } from './parser';

export type { Span };

export interface MaskedAnnotation extends Span {
  name: string;
  /** The argument text without its parentheses, when it has one. */
  args?: string;
}

export interface PreprocessStats {
  annotations: number;
  /** `#if` groups seen, and how each was handled. */
  conditionals: number;
  decided: number;
  undecidedKept: number;
  undecidedChosen: number;
  /** Directives that do not pair up (`#endif` without `#if`, `#if` without `#endif`). */
  unbalanced: number;
}

export interface Preprocessed {
  /** What tree-sitter parses: the input with the changes above, of the same length. */
  text: string;
  annotations: MaskedAnnotation[];
  /** Text no build sees: inactive branches (with their directive lines). */
  inactive: Span[];
  /**
   * Where the result depends on more than the tokens at hand (preprocessShift.ts reads these):
   * argument lists found by matching parentheses, from the `(` to where the search stopped, and
   * `#if` groups whose branches were judged by their shape (balanced, ending a statement).
   */
  parenScans: Span[];
  undecidedGroups: Span[];
  /** C++ raw strings (`R"(…)"`): they end where their delimiter says, across lines. */
  rawStrings: Span[];
  stats: PreprocessStats;
}

/** Arguments of an annotation longer than this are not taken as one (unbalanced input). */
const MAX_ANNOTATION_ARGS = 8192;

type State = boolean | undefined;

/** Net effect of a stretch of code on brace/paren depth and its first and last tokens. */
interface Shape {
  brace: number;
  paren: number;
  minBrace: number;
  minParen: number;
  first?: string;
  last?: string;
}

interface Arm extends Shape {
  directive: Span;
  /** Relative to the group: taken (true), not taken (false), cannot tell (undefined). */
  rel: State;
  /** Whether code here is compiled, all enclosing groups considered. */
  abs: State;
  bodyStart: number;
  bodyEnd: number;
  /** The last two code tokens when the branch began (see endArm). */
  tokensBefore: [string | undefined, string | undefined];
}

interface Group {
  arms: Arm[];
  parentAbs: State;
  baseBrace: number;
  baseParen: number;
  /** Whether the group opens where a statement or declaration may start (not after `x =`). */
  atStart: boolean;
  taken: boolean;
  maybeTaken: boolean;
}

/** Tokens after which a statement or declaration starts (`)` ends an `if (…)` or a header). */
const STATEMENT_BOUNDARY = new Set([';', '{', '}', ')', ':', 'else', 'do']);

/** `R"…"` and its prefixed forms: a C++ raw string, read to its delimiter. */
const RAW_STRING_PREFIX = /^(?:u8|[uUL])?R$/;

/**
 * Type names the grammars read as keywords (`primitive_type`). Written alone as a macro's argument
 * (`HLPR_NEW(p, double, TAG)`, `va_arg(args, int)`) they make the call no expression to tree-sitter;
 * see typeWordArgument.
 */
const TYPE_WORDS = new Set([
  'bool',
  '_Bool',
  'char',
  'char8_t',
  'char16_t',
  'char32_t',
  'double',
  'float',
  'int',
  'long',
  'short',
  'signed',
  'unsigned',
  'void',
  'wchar_t',
  'size_t',
  'ssize_t',
  'ptrdiff_t',
  'intptr_t',
  'uintptr_t',
  'int8_t',
  'int16_t',
  'int32_t',
  'int64_t',
  'uint8_t',
  'uint16_t',
  'uint32_t',
  'uint64_t',
]);

/** A type keyword (TYPE_WORDS). */
export function isTypeWord(name: string): boolean {
  return TYPE_WORDS.has(name);
}

/** `void)`: a parameter list of none, never a type argument. */
const LONE_VOID = /^void\s*\)/;

/**
 * Identifiers whose own text the preprocessor reads, beyond annotations and macros: statement
 * boundaries (`else`, `do`), `default` (not a label), raw-string prefixes and type keywords.
 */
export function tokenTextMatters(name: string): boolean {
  return (
    STATEMENT_BOUNDARY.has(name) || name === 'default' || isRawStringPrefix(name) || TYPE_WORDS.has(name)
  );
}

/** `R`, `u8R`, `LR`…: before a quote, a raw string. */
export function isRawStringPrefix(name: string): boolean {
  return RAW_STRING_PREFIX.test(name);
}
const isBlank = (c: number) => c === 32 || c === 9 || c === 13 || c === 12 || c === 11;

const SPACES = ' '.repeat(1024);

/**
 * `t[start, end)` with every character but line breaks made a space, added to `pieces`: runs of
 * spaces cut from one string, where a regular expression over each blanked stretch made a new
 * string of its length (inactive branches are long; a file's were megabytes per keystroke).
 */
function blankInto(pieces: string[], t: string, start: number, end: number): void {
  let at = start;
  while (at < end) {
    const c = t.charCodeAt(at);
    if (c === 10 || c === 13) {
      let to = at + 1;
      while (to < end && (t.charCodeAt(to) === 10 || t.charCodeAt(to) === 13)) to++;
      pieces.push(t.slice(at, to));
      at = to;
      continue;
    }
    let to = at + 1;
    while (to < end && to - at < SPACES.length) {
      const d = t.charCodeAt(to);
      if (d === 10 || d === 13) break;
      to++;
    }
    pieces.push(SPACES.slice(0, to - at));
    at = to;
  }
}

export function preprocess(text: string, language: SourceLanguage, env: PreprocessEnv): Preprocessed {
  return new Preprocessor(text, language, env).run();
}

/** Tokens after which a statement starts (a macro written there is one). */
const STATEMENT_BEFORE = new Set([';', '{', '}', ')', 'else', ':']);

/** Tokens after which a `#pragma` line stands between two declarations or statements. */
const PRAGMA_BOUNDARY = new Set([';', '{', '}']);

class Preprocessor {
  private readonly blanks: Span[] = [];
  private readonly keywords: { start: number; keyword: string }[] = [];
  private readonly annotations: MaskedAnnotation[] = [];
  private readonly inactive: Span[] = [];
  private readonly parenScans: Span[] = [];
  private readonly undecidedGroups: Span[] = [];
  private readonly rawStrings: Span[] = [];
  private readonly groups: Group[] = [];
  private readonly fileFacts = new Map<string, MacroFact | 'unknown'>();
  private readonly fileMacros = new Map<string, AnnotationSpec>();
  private readonly stats: PreprocessStats = {
    annotations: 0,
    conditionals: 0,
    decided: 0,
    undecidedKept: 0,
    undecidedChosen: 0,
    unbalanced: 0,
  };
  /** Shape of the code outside any group, and depth as if every group took its kept branch. */
  private readonly top: Shape = { brace: 0, paren: 0, minBrace: 0, minParen: 0 };
  private brace = 0;
  private paren = 0;
  /** The last two code tokens, and the `:` of a label just seen (-1: none). */
  private prev: string | undefined;
  private beforePrev: string | undefined;
  private labelColon = -1;
  /** Where the last code token starts. */
  private prevAt = -1;
  /** For each open parenthesis, where it is and the token before it (the callee of a call). */
  private readonly opened: { callee: string | undefined; calleeAt: number; at: number }[] = [];

  constructor(
    private readonly src: string,
    private readonly language: SourceLanguage,
    private readonly env: PreprocessEnv,
  ) {}

  run(): Preprocessed {
    const t = this.src;
    const n = t.length;
    let i = 0;
    let lineStart = true;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 10) {
        lineStart = true;
        i++;
        continue;
      }
      if (isBlank(c)) {
        i++;
        continue;
      }
      if (c === 35 /* # */ && lineStart) {
        i = this.directive(i);
        continue;
      }
      lineStart = false;
      if (c === 47 /* / */ && t.charCodeAt(i + 1) === 47) {
        i = lineCommentEnd(t, i);
        continue;
      }
      if (c === 47 && t.charCodeAt(i + 1) === 42) {
        const end = t.indexOf('*/', i + 2);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (c === 34 || c === 39) {
        this.token('"', i);
        i = literalEnd(t, i);
        continue;
      }
      if (isIdStart(c)) {
        let j = i + 1;
        while (j < n && isIdChar(t.charCodeAt(j))) j++;
        // C++ raw strings: R"delim( … )delim"
        if (t.charCodeAt(j) === 34 && RAW_STRING_PREFIX.test(t.slice(i, j))) {
          this.token('"', i);
          const end = rawStringEnd(t, j);
          this.rawStrings.push({ start: i, end });
          i = end;
          continue;
        }
        i = this.identifier(i, j);
        continue;
      }
      if (c >= 48 && c <= 57) {
        let j = i + 1;
        while (j < n && (isIdChar(t.charCodeAt(j)) || t.charCodeAt(j) === 46)) j++;
        this.token('0', i);
        i = j;
        continue;
      }
      this.token(t[i], i);
      i++;
    }
    // Groups never closed: left as they are.
    this.stats.unbalanced += this.groups.length;
    this.groups.length = 0;
    return this.finish();
  }

  // ---- code tokens ----

  /** Where code tokens are counted now: the innermost open branch, or the top level. */
  private current: Shape = this.top;

  private updateCurrent(): void {
    const g = this.groups[this.groups.length - 1];
    this.current = g ? g.arms[g.arms.length - 1] : this.top;
  }

  private token(tok: string, at: number): void {
    const before = this.prev;
    const beforeAt = this.prevAt;
    this.labelFix(tok, at);
    this.prevAt = at;
    const s = this.current;
    // Read within a statement, as parenScan reads: a `(` left open before a `;` is no callee after it.
    if (tok === '(' || tok === '[') this.opened.push({ callee: before, calleeAt: beforeAt, at });
    else if (tok === ')' || tok === ']') this.opened.pop();
    else if (tok === ';') this.opened.length = 0;
    if (tok === '{' || tok === '}') {
      this.opened.length = 0;
      // Driver code does not keep a parenthesis open across a brace: counting starts again at
      // each one, so that a stray `(` typed in one function leaves the groups after it as they were.
      // A branch that closed more than it opened (`, int b) {`) stays a split construct.
      s.paren = 0;
      this.paren = 0;
    }
    if (tok === '{') {
      s.brace++;
      this.brace++;
    } else if (tok === '}') {
      s.brace--;
      this.brace--;
      s.minBrace = Math.min(s.minBrace, s.brace);
    } else if (tok === '(' || tok === '[') {
      s.paren++;
      this.paren++;
    } else if (tok === ')' || tok === ']') {
      s.paren--;
      this.paren--;
      s.minParen = Math.min(s.minParen, s.paren);
    }
    s.first ??= tok;
    s.last = tok;
  }

  /**
   * MSVC accepts a label right before `}` or a `#pragma` line (`cleanup:` then `#pragma warning(pop)`);
   * the grammar wants a statement there. An empty statement `;` goes into a blank before the `}`,
   * or in place of the pragma's `#` (the pragma means nothing to the analysis).
   */
  private labelFix(tok: string, at: number): void {
    const before = this.beforePrev;
    const prev = this.prev;
    if (this.labelColon >= 0 && tok === '}') {
      const t = this.src;
      for (let k = at - 1; k > this.labelColon; k--) {
        const c = t.charCodeAt(k);
        if (c === 32 || c === 9) {
          this.keywords.push({ start: k, keyword: ';' });
          break;
        }
      }
    }
    this.labelColon = -1;
    // `ident :` after the end of a statement or block, not `::` or `? :`.
    if (
      tok === ':' &&
      this.src.charCodeAt(at + 1) !== 58 &&
      this.src.charCodeAt(at - 1) !== 58 &&
      prev &&
      /^[A-Za-z_]/.test(prev) &&
      prev !== 'default' &&
      (!before || before === ';' || before === '{' || before === '}')
    ) {
      this.labelColon = at;
    }
    this.beforePrev = prev;
    this.prev = tok;
  }

  private identifier(start: number, end: number): number {
    const t = this.src;
    const name = t.slice(start, end);
    const spec =
      mayBeAnnotation(t.charCodeAt(start)) || this.fileMacros.size || this.env.macros.size
        ? this.annotationFor(name)
        : undefined;
    if (!spec && this.env.returns.has(name) && this.returnMacro(start, end)) return end;
    if (!spec && TYPE_WORDS.has(name)) {
      const argEnd = this.typeWordArgument(start);
      if (argEnd > 0) return argEnd;
    }
    if (!spec) {
      const typeArgs = TYPE_ARGUMENT_MACROS[name];
      if (typeArgs && Object.prototype.hasOwnProperty.call(TYPE_ARGUMENT_MACROS, name))
        this.typeArguments(end, typeArgs);
      this.token(name, start);
      return end;
    }
    let after = end;
    let args: string | undefined;
    if (spec.args !== 'never') {
      let k = end;
      while (k < t.length && (isBlank(t.charCodeAt(k)) || t.charCodeAt(k) === 10)) k++;
      if (t.charCodeAt(k) === 40 /* ( */) {
        const { close, end: read } = parenScan(t, k, MAX_ANNOTATION_ARGS);
        this.parenScans.push({ start: k, end: read });
        // Unbalanced: leave the text as it is.
        if (close < 0) {
          this.token(name, start);
          return end;
        }
        args = t.slice(k + 1, close);
        after = close + 1;
      }
    }
    this.annotations.push({ start, end: after, name, ...(args !== undefined ? { args } : {}) });
    if (spec.keyword && args === undefined && name.length >= spec.keyword.length) {
      this.keywords.push({ start, keyword: spec.keyword });
      this.blanks.push({ start: start + spec.keyword.length, end: after });
      this.token(spec.keyword, start);
    } else {
      this.blanks.push({ start, end: after });
    }
    return after;
  }

  /**
   * `RETURN_NTSTATUS(status);` read as `return          (status);`: a macro that returns its
   * argument (PreprocessEnv.returns), written where a statement starts. Its name must be long
   * enough to hold the keyword, and its definition not one of an undecided `#if`'s branches.
   */
  private returnMacro(start: number, end: number): boolean {
    const t = this.src;
    if (end - start < 'return'.length || this.currentAbs() === undefined) return false;
    let k = end;
    while (k < t.length && isBlank(t.charCodeAt(k))) k++;
    if (t.charCodeAt(k) !== 40 /* ( */) return false;
    if (this.prev && !STATEMENT_BEFORE.has(this.prev)) return false;
    this.keywords.push({ start, keyword: 'return' });
    this.blanks.push({ start: start + 'return'.length, end });
    this.token('return', start);
    return true;
  }

  private annotationFor(name: string): AnnotationSpec | undefined {
    // A learned macro may come from a sibling branch of an undecided `#if` (`#ifdef DEBUG_ON` a
    // function, `#else` an empty macro of the same name): only the fixed vocabulary applies there.
    if (this.currentAbs() === undefined) return annotationSpec(name);
    return this.fileMacros.get(name) ?? this.env.macros.get(name) ?? annotationSpec(name);
  }

  /**
   * `HLPR_NEW(p, unsigned char, TAG)` read as `HLPR_NEW(p, Unsigned_char, TAG)`: a macro's argument
   * that is a type spelled in keywords alone (and `*`) becomes an identifier of the same length, so
   * the call parses as the call it is and not as an error around the statement. Only in a call of a
   * macro (a capitalised name) or `va_arg`; `(void)` is a parameter list. The call, from its name
   * to its `)`, is a span read (parenScans) whatever its name: an edit anywhere in it may make or
   * unmake the reading. Returns where the argument ends, or 0 when `start` begins none.
   */
  private typeWordArgument(start: number): number {
    const open = this.opened[this.opened.length - 1];
    if ((this.prev !== '(' && this.prev !== ',') || !open) return 0;
    const t = this.src;
    if (LONE_VOID.test(t.slice(start, start + 64))) return 0;
    const { end: read } = parenScan(t, open.at, MAX_ANNOTATION_ARGS);
    this.parenScans.push({ start: open.calleeAt < 0 ? open.at : open.calleeAt, end: read });
    const callee = open.callee;
    if (!callee || (callee !== 'va_arg' && !(callee.length > 1 && MACRO_NAME.test(callee)))) return 0;
    let k = start;
    let end: number;
    for (;;) {
      let j = k;
      while (j < t.length && isIdChar(t.charCodeAt(j))) j++;
      if (j === k || !TYPE_WORDS.has(t.slice(k, j))) return 0;
      end = j;
      while (j < t.length && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9 || t.charCodeAt(j) === 42)) {
        if (t.charCodeAt(j) === 42) end = j + 1;
        j++;
      }
      const c = t.charCodeAt(j);
      if (c === 44 || c === 41) break;
      if (!isIdStart(c)) return 0;
      k = j;
    }
    const text = t.slice(start, end);
    const word = text.charAt(0).toUpperCase() + text.slice(1).replace(/[ \t*]/g, '_');
    this.keywords.push({ start, keyword: word });
    this.token(word, start);
    return end;
  }

  /** Blanks `struct`/`union`/`enum` before the type arguments of `CONTAINING_RECORD(p, struct T, f)`. */
  private typeArguments(nameEnd: number, positions: number[]): void {
    const t = this.src;
    let k = nameEnd;
    while (k < t.length && isBlank(t.charCodeAt(k))) k++;
    if (t.charCodeAt(k) !== 40) return;
    const { close, end: read } = parenScan(t, k, MAX_ANNOTATION_ARGS);
    this.parenScans.push({ start: k, end: read });
    if (close < 0) return;
    let depth = 0;
    let index = 0;
    let argStart = k + 1;
    for (let j = k + 1; j <= close; j++) {
      const c = t.charCodeAt(j);
      if (c === 40 || c === 91) depth++;
      else if ((c === 41 || c === 93) && j < close) depth--;
      if ((c === 44 && depth === 0) || j === close) {
        if (positions.includes(index)) {
          const m = /^\s*(struct|union|enum)\s+[A-Za-z_]/.exec(t.slice(argStart, j));
          if (m) {
            const at = argStart + m[0].indexOf(m[1]);
            this.blanks.push({ start: at, end: at + m[1].length });
          }
        }
        index++;
        argStart = j + 1;
      }
    }
  }

  // ---- directives ----

  /** Handles the directive starting at `#`; returns where scanning goes on (its line end). */
  private directive(hash: number): number {
    const { end, body } = readDirective(this.src, hash);
    const m = /^\s*([A-Za-z_]\w*)\s*([\s\S]*)$/.exec(body);
    const name = m?.[1] ?? '';
    const rest = (m?.[2] ?? '').trim();
    const span = { start: hash, end };
    if (this.labelColon >= 0 && name === 'pragma') {
      this.keywords.push({ start: hash, keyword: ';' });
      this.blanks.push({ start: hash + 1, end });
    } else if (name === 'pragma' && this.prev !== undefined && !PRAGMA_BOUNDARY.has(this.prev)) {
      // Inside a declaration or statement (`inline VOID`, `#pragma warning(suppress: …)`, then the
      // function's name: npcap writes its inline helpers so) the line splits it for the grammar;
      // the compiler reads on as if it were not there.
      this.blanks.push(span);
    }
    this.labelColon = -1;
    switch (name) {
      case 'if':
        this.open(span, conditionTruth(rest, this.lookup));
        break;
      case 'ifdef':
        this.open(span, this.definedTruth(rest));
        break;
      case 'ifndef': {
        const d = this.definedTruth(rest);
        this.open(span, d === undefined ? undefined : !d);
        break;
      }
      case 'elif':
        this.next(span, () => conditionTruth(rest, this.lookup));
        break;
      case 'elifdef':
        this.next(span, () => this.definedTruth(rest));
        break;
      case 'elifndef':
        this.next(span, () => {
          const d = this.definedTruth(rest);
          return d === undefined ? undefined : !d;
        });
        break;
      case 'else':
        this.next(span, () => true);
        break;
      case 'endif':
        this.close(span);
        break;
      case 'define':
        this.define(rest);
        break;
      case 'undef':
        this.undefine(rest);
        break;
    }
    return end;
  }

  private readonly lookup = (name: string): MacroFact | undefined => {
    const own = this.fileFacts.get(name);
    if (own === 'unknown') return undefined;
    return own ?? envFact(this.env, this.language, name);
  };

  private definedTruth(rest: string): State {
    const m = /^([A-Za-z_]\w*)/.exec(rest);
    if (!m) return undefined;
    const fact = this.lookup(m[1]);
    return fact ? fact.defined : undefined;
  }

  /** Whether code at the current point is compiled. */
  private currentAbs(): State {
    const g = this.groups[this.groups.length - 1];
    return g ? g.arms[g.arms.length - 1].abs : true;
  }

  private open(directive: Span, cond: State): void {
    this.stats.conditionals++;
    const parentAbs = this.currentAbs();
    const g: Group = {
      arms: [],
      parentAbs,
      baseBrace: this.brace,
      baseParen: this.paren,
      atStart: this.prev === undefined || STATEMENT_BOUNDARY.has(this.prev),
      taken: false,
      maybeTaken: false,
    };
    this.groups.push(g);
    this.addArm(g, directive, cond);
  }

  private next(directive: Span, cond: () => State): void {
    const g = this.groups[this.groups.length - 1];
    if (!g) {
      this.stats.unbalanced++;
      return;
    }
    // Only a branch that can still be taken needs its condition.
    const rel = g.taken ? false : cond();
    this.addArm(g, directive, rel, true);
  }

  private addArm(g: Group, directive: Span, cond: State, later = false): void {
    const prev = g.arms[g.arms.length - 1];
    if (prev) {
      prev.bodyEnd = directive.start;
      this.endArm(prev);
    }
    let rel: State = cond;
    if (later && g.taken) rel = false;
    else if (later && g.maybeTaken && rel !== false) rel = undefined;
    if (rel === true) g.taken = true;
    if (rel === undefined) g.maybeTaken = true;
    // Known taken only when the enclosing arm and this one are; known not taken when either is not.
    let abs: State = undefined;
    if (g.parentAbs === false || rel === false) abs = false;
    else if (g.parentAbs === true && rel === true) abs = true;
    g.arms.push({
      directive,
      rel,
      abs,
      bodyStart: directive.end,
      bodyEnd: directive.end,
      tokensBefore: [this.beforePrev, this.prev],
      brace: 0,
      paren: 0,
      minBrace: 0,
      minParen: 0,
    });
    this.updateCurrent();
    this.brace = g.baseBrace;
    this.paren = g.baseParen;
  }

  /**
   * A branch no build sees leaves the tokens before it as the last ones: the code after it (a
   * label, a return macro, a group opening where a statement may) reads what the compiler read.
   * So typing in such a branch changes nothing outside it (preprocessShift.ts relies on this).
   */
  private endArm(arm: Arm): void {
    if (arm.abs === false) [this.beforePrev, this.prev] = arm.tokensBefore;
  }

  private close(endif: Span): void {
    const g = this.groups.pop();
    if (!g) {
      this.stats.unbalanced++;
      return;
    }
    this.updateCurrent();
    const last = g.arms[g.arms.length - 1];
    last.bodyEnd = endif.start;
    this.endArm(last);
    const kept = this.resolve(g, endif);
    // The enclosing code goes on as if the kept branch were all there was.
    const outer = this.current;
    if (kept) {
      outer.minBrace = Math.min(outer.minBrace, outer.brace + kept.minBrace);
      outer.minParen = Math.min(outer.minParen, outer.paren + kept.minParen);
      outer.brace += kept.brace;
      outer.paren += kept.paren;
      if (kept.first !== undefined) outer.first ??= kept.first;
      if (kept.last !== undefined) outer.last = kept.last;
    }
    this.brace = g.baseBrace + (kept?.brace ?? 0);
    this.paren = g.baseParen + (kept?.paren ?? 0);
  }

  /** Blanks what the build does not see of a closed group; returns the branch kept for the parse. */
  private resolve(g: Group, endif: Span): Arm | undefined {
    // Inside a branch that is blanked as a whole: nothing to do here.
    if (g.parentAbs === false) return undefined;
    const lines = [...g.arms.map((a) => a.directive), endif];
    if (g.arms.every((a) => a.rel !== undefined)) {
      this.stats.decided++;
      lines.forEach((s) => this.blankInactive(s));
      for (const a of g.arms) if (a.rel === false) this.blankInactive({ start: a.bodyStart, end: a.bodyEnd });
      return g.arms.find((a) => a.rel === true);
    }
    const possible = g.arms.filter((a) => a.rel !== false);
    if (possible.length === 1) {
      // One branch any build can see: it is parsed the same with its directive lines or without.
      // Blanking them whether or not the branch is balanced keeps a half-typed line inside from
      // changing those lines, which for a file-wide `#if` meant reparsing the whole file. Its
      // shape decides nothing: it counts as kept either way.
      this.stats.undecidedKept++;
      lines.forEach((s) => this.blankInactive(s));
      for (const a of g.arms) if (a.rel === false) this.blankInactive({ start: a.bodyStart, end: a.bodyEnd });
      return possible[0];
    }
    // Read by its shape, and by the depth and token it opens at.
    this.undecidedGroups.push({ start: g.arms[0].directive.start, end: endif.end });
    if (g.baseParen === 0 && g.atStart && possible.every(complete)) {
      // tree-sitter reads each branch on its own; only the ones no build sees go.
      this.stats.undecidedKept++;
      for (const a of g.arms) if (a.rel === false) this.blankInactive({ start: a.bodyStart, end: a.bodyEnd });
      return possible[0];
    }
    this.stats.undecidedChosen++;
    const kept = possible[0];
    lines.forEach((s) => this.blankInactive(s));
    for (const a of g.arms) if (a !== kept) this.blankInactive({ start: a.bodyStart, end: a.bodyEnd });
    return kept;
  }

  private blankInactive(s: Span): void {
    if (s.end <= s.start) return;
    this.blanks.push(s);
    this.inactive.push(s);
  }

  private define(rest: string): void {
    const m = /^([A-Za-z_]\w*)(\([^)]*\))?\s*([\s\S]*)$/.exec(rest);
    if (!m) return;
    const [, name, params, value] = m;
    const abs = this.currentAbs();
    if (abs === false) return;
    this.fileFacts.set(name, abs === true ? { defined: true, value: params ? '' : value.trim() } : 'unknown');
    const spec = macroAnnotation(value, !!params, (n) => this.annotationFor(n));
    if (spec && abs === true) this.fileMacros.set(name, spec);
    else this.fileMacros.delete(name);
  }

  private undefine(rest: string): void {
    const m = /^([A-Za-z_]\w*)/.exec(rest);
    if (!m) return;
    const abs = this.currentAbs();
    if (abs === false) return;
    this.fileFacts.set(m[1], abs === true ? { defined: false } : 'unknown');
    this.fileMacros.delete(m[1]);
  }

  // ---- output ----

  /** The parse text; annotations and keywords inside blanked branches are dropped first. */
  private finish(): Preprocessed {
    const inactive = merged(this.inactive);
    const live = (start: number) => !covers(inactive, start);
    const annotations = this.annotations.filter((a) => live(a.start));
    this.stats.annotations = annotations.length;
    const blanks = merged(this.blanks);
    // A keyword never lands in blanked text, but if it did the parse text must keep its length.
    const keywords = this.keywords.filter(
      (k) => live(k.start) && !overlaps(blanks, k.start, k.start + k.keyword.length),
    );
    const parenScans = merged(this.parenScans);
    const undecidedGroups = merged(this.undecidedGroups);
    const rawStrings = this.rawStrings;
    const rest = { annotations, inactive, parenScans, undecidedGroups, rawStrings, stats: this.stats };
    if (!blanks.length && !keywords.length) return { text: this.src, ...rest };
    const t = this.src;
    const pieces: string[] = [];
    let at = 0;
    let k = 0;
    for (const b of blanks) {
      for (; k < keywords.length && keywords[k].start < b.start; k++) {
        pieces.push(t.slice(at, keywords[k].start), keywords[k].keyword);
        at = keywords[k].start + keywords[k].keyword.length;
      }
      pieces.push(t.slice(at, b.start));
      blankInto(pieces, t, b.start, b.end);
      at = b.end;
    }
    for (; k < keywords.length; k++) {
      pieces.push(t.slice(at, keywords[k].start), keywords[k].keyword);
      at = keywords[k].start + keywords[k].keyword.length;
    }
    pieces.push(t.slice(at));
    return { text: pieces.join(''), ...rest };
  }
}

/** A branch tree-sitter can read on its own: balanced, ending a statement or declaration. */
function complete(a: Arm): boolean {
  if (a.brace !== 0 || a.paren !== 0 || a.minBrace < 0 || a.minParen < 0) return false;
  if (a.first === 'else') return false;
  return a.last === undefined || a.last === ';' || a.last === '}';
}

/**
 * Storage classes and `inline` as a macro's whole value (`#define FORT_API static`, `#define
 * LOCAL static`): the name stands before a declaration, so it is read as the keyword.
 */
const DECLARATION_KEYWORDS: ReadonlyMap<string, AnnotationSpec> = new Map(
  ['static', 'extern', 'inline'].map((k) => [k, { kind: 'declaration', args: 'never', keyword: k }]),
);

/**
 * What a macro the file defines stands for, when it is an annotation: empty, or only annotations
 * and declaration keywords (`#define MY_API NTAPI`, `#define INLINE __forceinline`,
 * `#define IRQL_ANNOT(x) _IRQL_requires_(x)`, `#define LOCAL static`).
 */
export function macroAnnotation(
  value: string,
  takesArgs: boolean,
  known: (name: string) => AnnotationSpec | undefined,
): AnnotationSpec | undefined {
  const v = value.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/g, ' ').trim();
  if (!v) return { kind: 'declaration', args: takesArgs ? 'always' : 'never' };
  let keyword: string | undefined;
  let rest = v;
  let count = 0;
  while (rest) {
    const m = /^([A-Za-z_]\w*)\s*/.exec(rest);
    if (!m) return undefined;
    const spec = known(m[1]) ?? DECLARATION_KEYWORDS.get(m[1]);
    if (!spec) return undefined;
    rest = rest.slice(m[0].length);
    if (rest.startsWith('(')) {
      const close = matchingParen(rest, 0, MAX_ANNOTATION_ARGS);
      if (close < 0 || spec.args === 'never') return undefined;
      rest = rest.slice(close + 1).trimStart();
    }
    if (spec.keyword) keyword = spec.keyword;
    count++;
  }
  if (!count) return undefined;
  return { kind: 'declaration', args: takesArgs ? 'always' : 'never', ...(keyword ? { keyword } : {}) };
}
