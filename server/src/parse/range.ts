// Offsets of a file as the line/character ranges that editors and reports speak in (the shape of
// an LSP Range, without the LSP library: the CLI reports ranges too).
import type { Position, SourceFile } from './document';

export interface Range {
  start: Position;
  end: Position;
}

export function rangeOf(file: SourceFile, start: number, end: number): Range {
  return { start: file.positionAt(start), end: file.positionAt(end) };
}
