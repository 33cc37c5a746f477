// Finds the call a cursor is in by lexing the text, so that half-typed calls (no closing
// parenthesis, ERROR nodes in the tree) still give signature help, argument hover and
// argument completion. Comments, string and char literals and preprocessor lines are skipped.

export interface CallFrame {
  /** Identifier written right before the opening parenthesis ('' for casts, grouping, braces). */
  callee: string;
  /** Offset of the opening bracket. */
  open: number;
  /** Which bracket opened the frame. */
  bracket: '(' | '[' | '{';
  /** Index of the argument the cursor is in (number of top-level commas so far). */
  argIndex: number;
  /** Offset where the current argument starts (after the bracket or the last comma). */
  argStart: number;
}

const isIdent = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

function identifierBefore(text: string, pos: number): string {
  let end = pos;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  let start = end;
  while (start > 0 && isIdent(text.charCodeAt(start - 1))) start--;
  return text.slice(start, end);
}

/**
 * The open brackets enclosing `offset`, innermost last, lexing from `from`
 * (which must be outside comments and literals, e.g. the start of a top-level declaration).
 */
export function openFramesAt(text: string, from: number, offset: number): CallFrame[] {
  const frames: CallFrame[] = [];
  const end = Math.min(offset, text.length);
  let atLineStart = true;
  let i = Math.max(0, from);
  while (i < end) {
    const c = text[i];
    if (c === '\n') {
      atLineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' && atLineStart) {
      // Preprocessor line (with backslash continuations): its parentheses are not calls.
      while (i < end && text[i] !== '\n') {
        if (text[i] === '\\' && text[i + 1] === '\n') i++;
        else if (text[i] === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') i += 2;
        i++;
      }
      continue;
    }
    atLineStart = false;
    if (c === '/' && text[i + 1] === '/') {
      while (i < end && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? end : close + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i++;
      while (i < end && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    switch (c) {
      case '(':
      case '[':
      case '{':
        frames.push({
          callee: c === '(' ? identifierBefore(text, i) : '',
          open: i,
          bracket: c,
          argIndex: 0,
          argStart: i + 1,
        });
        break;
      case ')':
      case ']':
        if (frames.length && frames[frames.length - 1].bracket !== '{') frames.pop();
        break;
      case '}':
        while (frames.length && frames[frames.length - 1].bracket !== '{') frames.pop();
        frames.pop();
        break;
      case ';':
        // A statement ended: any call still open was abandoned (except `for (;;)`).
        while (frames.length) {
          const top = frames[frames.length - 1];
          if (top.bracket === '{' || (top.bracket === '(' && top.callee === 'for')) break;
          frames.pop();
        }
        break;
      case ',':
        if (frames.length) {
          const top = frames[frames.length - 1];
          top.argIndex++;
          top.argStart = i + 1;
        }
        break;
    }
    i++;
  }
  return frames;
}

/** The innermost enclosing call whose callee satisfies `accept`, if any. */
export function enclosingCall(
  text: string,
  from: number,
  offset: number,
  accept: (callee: string) => boolean,
): CallFrame | undefined {
  const frames = openFramesAt(text, from, offset);
  for (let k = frames.length - 1; k >= 0; k--) {
    const f = frames[k];
    if (f.bracket === '(' && f.callee && accept(f.callee)) return f;
    if (f.bracket === '{') return undefined; // calls do not span blocks
  }
  return undefined;
}

/** The identifier under or right before `offset`. */
export function wordAt(
  text: string,
  offset: number,
): { word: string; start: number; end: number } | undefined {
  let start = Math.min(offset, text.length);
  let end = start;
  while (start > 0 && isIdent(text.charCodeAt(start - 1))) start--;
  while (end < text.length && isIdent(text.charCodeAt(end))) end++;
  if (start === end) return undefined;
  return { word: text.slice(start, end), start, end };
}
