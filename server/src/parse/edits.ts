// LSP content changes → tree-sitter edits. web-tree-sitter measures JS strings in UTF-16 code
// units (indexes and columns alike), the same unit as LSP positions; rows count '\n' only.
import type { Edit } from 'web-tree-sitter';

export interface Point {
  row: number;
  column: number;
}

/** The tree-sitter point of `offset` in `text`. */
export function pointAt(text: string, offset: number): Point {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - lineStart };
}

/** Where a point ends up after `inserted` is written at `start`. */
function pointAfter(start: Point, inserted: string): Point {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak < 0) return { row: start.row, column: start.column + inserted.length };
  let breaks = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) breaks++;
  return { row: start.row + breaks, column: inserted.length - lastBreak - 1 };
}

/** The edit that replaces `text[start, end)` with `inserted`. */
export function treeEdit(text: string, start: number, end: number, inserted: string): Edit {
  const startPosition = pointAt(text, start);
  return {
    startIndex: start,
    oldEndIndex: end,
    newEndIndex: start + inserted.length,
    startPosition,
    oldEndPosition: pointAfter(startPosition, text.slice(start, end)),
    newEndPosition: pointAfter(startPosition, inserted),
  };
}

/** Lengths of the longest common prefix and (not overlapping it) suffix of two texts. */
export function commonEnds(before: string, after: string): { prefix: number; suffix: number } {
  const max = Math.min(before.length, after.length);
  // Whole blocks first: comparing two slices runs in the engine, a character at a time in script
  // does not, and the texts are a whole file each keystroke.
  let prefix = 0;
  for (const block of [4096, 256, 16]) {
    while (
      prefix + block <= max &&
      before.substring(prefix, prefix + block) === after.substring(prefix, prefix + block)
    )
      prefix += block;
  }
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const room = max - prefix;
  for (const block of [4096, 256, 16]) {
    while (
      suffix + block <= room &&
      before.substring(before.length - suffix - block, before.length - suffix) ===
        after.substring(after.length - suffix - block, after.length - suffix)
    )
      suffix += block;
  }
  while (
    suffix < room &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  return { prefix, suffix };
}

/** One edit that turns `before` into `after`: what lies between their common prefix and suffix. */
export function differenceEdit(before: string, after: string): Edit {
  const { prefix, suffix } = commonEnds(before, after);
  return treeEdit(before, prefix, before.length - suffix, after.slice(prefix, after.length - suffix));
}
