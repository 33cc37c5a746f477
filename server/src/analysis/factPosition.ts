// Where a fact sits in its file, and how facts move when the declaration they come from moves:
// indexedFile.ts reuses a declaration's facts after an edit elsewhere in the file and shifts them
// to where the declaration now starts. A fact with a position extends FactPosition; every list
// of facts says how it moves (HowFactsMove), checked by the compiler.

/** UTF-16 offsets into the file's text, and the 0-based line of `start`. */
export interface FactPosition {
  start: number;
  /** Facts that mark a span (a call) say where it ends. */
  end?: number;
  line: number;
}

/** How a list of facts moves when its declaration moves by `offset` characters and `rows` lines. */
export type ShiftFacts<List> = (list: List, offset: number, rows: number) => List;

/** Facts with a position: each one moves with the declaration. */
export function shiftPositions<T extends FactPosition>(list: T[], offset: number, rows: number): T[] {
  return list.map((item) => ({
    ...item,
    start: item.start + offset,
    line: item.line + rows,
    ...(item.end === undefined ? {} : { end: item.end + offset }),
  }));
}

/**
 * How a list of facts moves: a shift when its facts have a position; `'unpositioned'` when they
 * have none (names, relations between names). A fact with only part of a position (a `start`
 * without a `line`) fits neither, so a list of them cannot be declared at all.
 */
export type HowFactsMove<List> = List extends (infer T)[]
  ? T extends FactPosition
    ? ShiftFacts<List>
    : T extends { start: unknown } | { end: unknown } | { line: unknown }
      ? never
      : 'unpositioned'
  : never;
