// Edits that keep the tokens: blanks changed between two tokens (indenting a line, a space, a
// line break between statements), or letters typed into a name that stays a name. Tree-sitter's
// grammars read tokens, not their text, so the parse keeps its shape: the previous tree with the
// edit applied (`Tree.edit`, which moves what follows and resizes the token edited) is the new
// parse. An incremental reparse costs more than its edit: C and C++ are ambiguous grammars,
// tree-sitter cannot reuse a node it built while it weighed two readings, and on a real driver much
// of the top level is such nodes. Every reparse read them again: 10-13 ms per keystroke on a
// 9,000-line file, whatever the edit.
import type { Edit } from 'web-tree-sitter';
import { treeEdit } from './edits';
import { GRAMMAR_WORDS } from './grammarWords';
import type { SourceLanguage } from './parser';
import type { Node, Tree } from './syntaxNode';

const BLANK = /^[ \t\r\n]*$/;
const CONTINUED = /\\\r?$/;
const isGapChar = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * Tokens that must follow the one before without blanks (tree-sitter's immediate tokens in the C
 * and C++ grammars): a directive's closing newline, a function-like macro's `(`, the parts of a
 * literal and a literal's suffix. A blank before them changes the parse.
 */
const IMMEDIATE_PARENTS = new Set([
  'preproc_params',
  'char_literal',
  'string_literal',
  'raw_string_literal',
  'system_lib_string',
  'user_defined_literal',
  'literal_suffix',
]);

/**
 * When `edit`, which turns `before` into `after` (both as parsed), keeps the tokens of `tree` (see
 * above): the edit that, applied to `tree`, makes it the parse of `after`. Undefined for any other
 * edit, and on a tree with errors (error recovery can read the same tokens otherwise).
 */
export function sameTokensEdit(
  tree: Tree,
  language: SourceLanguage,
  before: string,
  after: string,
  edit: Edit,
): Edit | undefined {
  if (tree.rootNode.hasError) return undefined;
  return blanksOnlyEdit(tree, before, after, edit) ?? nameOnlyEdit(tree, language, before, after, edit);
}

/** Node types of a name token (aliases of the grammars' `identifier`). */
const NAMES = new Set([
  'identifier',
  'type_identifier',
  'field_identifier',
  'namespace_identifier',
  'statement_identifier',
]);
const WORD = /^\w*$/;
const NAME = /^[A-Za-z_]\w*$/;
/** What may not touch a name: more of one, or a quote (`L"…"` is a wide string, not `L` and a string). */
const JOINS = /[\w"'$\\]/;

/**
 * When `edit` only changes letters of one name token, which stays a name and does not become a
 * word the grammar reads otherwise (a keyword, `int`, `NULL`): the edit to apply to `tree`.
 */
function nameOnlyEdit(
  tree: Tree,
  language: SourceLanguage,
  before: string,
  after: string,
  edit: Edit,
): Edit | undefined {
  const removed = before.slice(edit.startIndex, edit.oldEndIndex);
  const inserted = after.slice(edit.startIndex, edit.newEndIndex);
  if (!WORD.test(removed) || !WORD.test(inserted)) return undefined;
  const root = tree.rootNode;
  // The token is the one the edit lies in, or the one it is typed at the end of.
  const name = [
    root.descendantForIndex(edit.startIndex),
    root.descendantForIndex(Math.max(0, edit.startIndex - 1)),
  ].find(
    (n) =>
      !!n &&
      NAMES.has(n.type) &&
      isLeaf(n) &&
      n.startIndex <= edit.startIndex &&
      edit.oldEndIndex <= n.endIndex,
  );
  if (!name) return undefined;
  const end = name.endIndex + edit.newEndIndex - edit.oldEndIndex;
  const word = after.slice(name.startIndex, end);
  if (!NAME.test(word) || GRAMMAR_WORDS[language].has(word)) return undefined;
  if (JOINS.test(after[name.startIndex - 1] ?? '') || JOINS.test(after[end] ?? '')) return undefined;
  // Typed before its first letter, tree-sitter would add what was typed to the blanks before the
  // token: the same change is made instead by replacing that letter with what was typed and it.
  return edit.oldEndIndex === edit.startIndex && edit.startIndex === name.startIndex
    ? treeEdit(before, name.startIndex, name.startIndex + 1, inserted + before[name.startIndex])
    : edit;
}

/**
 * When `edit`, which turns `before` into `after` (both as parsed), only changes the blanks of one
 * gap between two tokens of `tree`, leaving blanks there: the edit that, applied to `tree`, makes
 * it the parse of `after`. Undefined for any other edit.
 */
function blanksOnlyEdit(tree: Tree, before: string, after: string, edit: Edit): Edit | undefined {
  const removed = before.slice(edit.startIndex, edit.oldEndIndex);
  const inserted = after.slice(edit.startIndex, edit.newEndIndex);
  if (!BLANK.test(removed) || !BLANK.test(inserted) || removed === inserted) return undefined;
  // The gap of blanks the edit falls in, in the text before it.
  let start = edit.startIndex;
  while (start > 0 && isGapChar(before.charCodeAt(start - 1))) start--;
  let end = edit.oldEndIndex;
  while (end < before.length && isGapChar(before.charCodeAt(end))) end++;
  // Not at the file's ends, and blanks left between the two tokens.
  if (start === 0 || end >= before.length || start === end) return undefined;
  if (end - start - removed.length + inserted.length <= 0) return undefined;
  // Typed right after the token before, tree-sitter would grow that token: the same change is
  // made instead by replacing the gap's first blank with what was typed and that blank.
  const moved =
    edit.oldEndIndex === edit.startIndex && edit.startIndex === start
      ? treeEdit(before, start, start + 1, inserted + before[start])
      : edit;
  return sameTokens(tree, before, moved, start, end, removed + inserted) ? moved : undefined;
}

function sameTokens(
  tree: Tree,
  before: string,
  edit: Edit,
  start: number,
  end: number,
  changed: string,
): boolean {
  const breaks = changed.includes('\n');
  // A line break ends a directive, and one taken out joins a line to it: not next to one. The
  // last token of a directive line can take in the blanks after it (a macro's body), as a `//`
  // comment does: not on the line of either.
  const onTheirLine = !before.slice(start, edit.startIndex).includes('\n');
  if ((breaks || onTheirLine) && onDirectiveLine(before, start - 1)) return false;
  if (breaks && onDirectiveLine(before, end)) return false;
  const root = tree.rootNode;
  const previous = root.descendantForIndex(start - 1, start - 1);
  const next = root.descendantForIndex(end, end);
  if (
    !previous ||
    !next ||
    !isLeaf(previous) ||
    !isLeaf(next) ||
    // The gap lies between the two tokens, not inside one (a comment, a string, a macro's body).
    previous.endIndex !== start ||
    next.startIndex !== end ||
    IMMEDIATE_PARENTS.has(next.parent?.type ?? '') ||
    // A `//` comment runs to the end of its line, wherever that ends up.
    ((breaks || onTheirLine) && previous.type === 'comment' && previous.text.startsWith('//'))
  )
    return false;
  // Hidden tokens in the gap (a directive's closing newline) end the nodes of the token before
  // there, or start those of the token after: the edit must lie between them, and not be typed
  // at the very end of one either.
  let from = start;
  for (let n = previous.parent; n && n.endIndex <= end; n = n.parent) from = Math.max(from, n.endIndex);
  let upTo = end;
  for (let n = next.parent; n && n.startIndex > start; n = n.parent) upTo = Math.min(upTo, n.startIndex);
  // What is typed at a token's end grows the token; what replaces the blanks after it does not.
  const typed = edit.oldEndIndex === edit.startIndex;
  return (typed ? edit.startIndex > from : edit.startIndex >= from) && edit.oldEndIndex <= upTo;
}

/** Whether the line of `offset` is a directive's (or is continued by a backslash). */
function onDirectiveLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const lineBefore = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, Math.max(0, lineStart - 1));
  return /^[ \t]*#/.test(line) || CONTINUED.test(line) || (lineStart > 0 && CONTINUED.test(lineBefore));
}

function isLeaf(node: Node): boolean {
  return node.children.length === 0;
}
