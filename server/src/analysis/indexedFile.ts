// What the workspace index keeps of one file, and a cache that rebuilds it after an edit from
// the declarations (declarationUnits) whose text did not change. Every fact comes from inside one
// declaration (a function, a #if block, …), so a declaration's facts depend on its text and on
// the file-level declarations (fileContext, for variable types) only; positions are shifted to
// where the declaration now starts, each list of facts as FACT_SHIFTS says.
import { detached } from '../detached';
import type { Node } from '../parse/syntaxNode';
import type { WindowsTarget } from '../catalog';
import type { SourceFile } from '../parse/document';
import { findCatalogCalls } from './calls';
import { declarationUnits } from './declarationUnits';
import { emptyFacts, extractFacts, fileContext, type FileFacts } from './facts';
import { shiftPositions, type HowFactsMove, type ShiftFacts } from './factPosition';
import { sortedFieldOrigins } from './fieldOrigins';
import { helperCalls, registrations, type HelperCall, type Registration } from './layers';
import { nextTurn } from '../nextTurn';

export interface IndexedFile {
  facts: FileFacts;
  registrations: Registration[];
  /** Calls that pass a layer constant: candidates for parameterised registration helpers. */
  layerCalls: HelperCall[];
}

const LAYER_ARG = /^FWP[MS]_LAYER_/;
const LAYER_NAME = /FWP[MS]_LAYER_/;

/**
 * The indexed facts of a file, or of the part of it under `root`. A whole file is read one
 * declaration at a time, as an edited one is (DeclarationCache): where error recovery leaves code
 * in a group's condition, both read the same.
 */
export function indexedFile(file: SourceFile, target: WindowsTarget, root?: Node): IndexedFile {
  if (!root) {
    if (!file.tree) return { facts: emptyFacts(file.uri), registrations: [], layerCalls: [] };
    const units = declarationUnits(file.tree.rootNode);
    return concatenated(
      file.uri,
      units.map((node) => indexedFile(file, target, node)),
    );
  }
  return {
    facts: extractFacts(file, target, root),
    registrations: registrations(file, root),
    // Only calls passing a layer constant are kept: without one in the text, none can be.
    layerCalls: LAYER_NAME.test(root.text)
      ? helperCalls(file, (c) => c.args.some((a) => !!a && LAYER_ARG.test(a)), root)
      : [],
  };
}

/** indexedFile, one declaration (declarationUnits) at a time, with a turn of the event loop every `sliceMs`. */
export async function indexedFileInSlices(
  file: SourceFile,
  target: WindowsTarget,
  sliceMs = 2,
): Promise<IndexedFile> {
  if (!file.tree) return { facts: emptyFacts(file.uri), registrations: [], layerCalls: [] };
  const parts: IndexedFile[] = [];
  let deadline = performance.now() + sliceMs;
  for (const node of declarationUnits(file.tree.rootNode)) {
    parts.push(indexedFile(file, target, node));
    if (performance.now() > deadline) {
      await nextTurn();
      deadline = performance.now() + sliceMs;
    }
  }
  return concatenated(file.uri, parts);
}

interface Piece {
  facts: IndexedFile;
  start: number;
  row: number;
  /** The declaration's node type and size: the same text can parse into another shape beside a syntax error. */
  shape: string;
}

/**
 * Per open document: the facts of each declaration (declarationUnits) of the last version, by text.
 * The key is the declaration's text as the parse holds it (a slice, no copy); its shape is checked
 * on a hit. A key joined with the shape was a copy of the whole file at each edit.
 */
export class DeclarationCache {
  private pieces = new Map<string, Piece>();
  /**
   * The keys of the last version whose parse was not provisional. They hold that version's text
   * (one copy of the file); a key carried out of it is copied, since the version it came from
   * can be any earlier one.
   */
  private settled: ReadonlySet<string> = new Set();
  private target: WindowsTarget | undefined;
  private context: string | undefined;

  /** Pieces kept for the next version, carried ones included (for tests). */
  get keptPieces(): number {
    return this.pieces.size;
  }

  build(file: SourceFile, target: WindowsTarget): IndexedFile {
    if (!file.tree) return { facts: emptyFacts(file.uri), registrations: [], layerCalls: [] };
    // The environment's logging macros are read into the summaries: another one reads them anew.
    const context = `${file.envKey}\n${fileContext(file)}`;
    const known = target === this.target && context === this.context ? this.pieces : new Map<string, Piece>();
    // Opened: the checks find the whole file's catalog calls next; found first, they are also
    // each declaration's (instead of a second search, declaration by declaration).
    if (!known.size) findCatalogCalls(file, target);
    const next = new Map<string, Piece>();
    const parts: IndexedFile[] = [];
    for (const node of declarationUnits(file.tree.rootNode)) {
      const key = node.text;
      const shape = `${node.type}:${node.descendantCount}`;
      const same = (p: Piece | undefined) => (p?.shape === shape ? p : undefined);
      let piece = same(next.get(key)) ?? same(known.get(key));
      const read = !piece;
      if (!piece)
        piece = {
          facts: detached(indexedFile(file, target, node)),
          start: node.startIndex,
          row: node.startPosition.row,
          shape,
        };
      // A piece error recovery may have shaped is not kept (see SourceFile.provisional).
      if (!read || !file.recoveredAround(node)) next.set(key, piece);
      parts.push(shifted(piece.facts, node.startIndex - piece.start, node.startPosition.row - piece.row));
    }
    // While the parse is provisional, pieces of texts this version lacks are kept too: when the text
    // from before an error comes back, its piece is there (see carryOver in declarationFindings.ts).
    // A key is built on a slice of its version's whole text, which V8 keeps alive with it: a kept
    // key is an own copy, or each version of a long provisional streak held a copy of the file.
    // Only pieces of the last version that was not provisional are carried: an error typed and
    // deleted brings back one of those texts, and each text typed in between was kept until the
    // streak ended (hundreds of copies of a large function after fast edits).
    if (file.provisional) {
      for (const [key, piece] of known)
        if (!next.has(key) && this.settled.has(key)) next.set(detached(key), piece);
    } else this.settled = new Set(next.keys());
    this.pieces = next;
    this.target = target;
    this.context = context;
    return concatenated(file.uri, parts);
  }
}

type FactList = Exclude<keyof FileFacts, 'uri'>;

/**
 * How each list of facts moves with its declaration. Every list must be named here; a list whose
 * facts have a position (FactPosition) must be shifted, one whose facts have none cannot be.
 */
const FACT_SHIFTS: { [K in FactList]: HowFactsMove<FileFacts[K]> } = {
  handles: shiftPositions,
  destroyed: 'unpositioned',
  layers: shiftPositions,
  injectionStateCheckers: 'unpositioned',
  summaries: shiftPositions,
  fieldOrigins: 'unpositioned',
  completionFunctions: 'unpositioned',
  injectors: 'unpositioned',
  handleSlots: 'unpositioned',
  addressArgs: shiftPositions,
  teardown: 'unpositioned',
  completionContexts: 'unpositioned',
  handsOn: 'unpositioned',
  stateChecks: 'unpositioned',
  handleGetters: 'unpositioned',
  pairedCalls: 'unpositioned',
  structLayouts: 'unpositioned',
};

const FACT_LISTS = Object.keys(FACT_SHIFTS) as FactList[];

function shiftList<K extends FactList>(facts: FileFacts, key: K, offset: number, rows: number): void {
  // The declaration above is what the compiler checks; TypeScript cannot follow it through `key`.
  const how = FACT_SHIFTS[key] as ShiftFacts<FileFacts[K]> | 'unpositioned';
  if (how !== 'unpositioned') facts[key] = how(facts[key], offset, rows);
}

function shifted(f: IndexedFile, offset: number, rows: number): IndexedFile {
  if (!offset && !rows) return f;
  const facts = { ...f.facts };
  for (const key of FACT_LISTS) shiftList(facts, key, offset, rows);
  return {
    facts,
    registrations: shiftPositions(f.registrations, offset, rows),
    layerCalls: shiftPositions(f.layerCalls, offset, rows),
  };
}

function concatenatedList<K extends FactList>(facts: FileFacts, key: K, parts: IndexedFile[]): void {
  facts[key] = parts.flatMap((p) => p.facts[key] as unknown[]) as FileFacts[K];
}

function concatenated(uri: string, parts: IndexedFile[]): IndexedFile {
  const facts = emptyFacts(uri);
  for (const key of FACT_LISTS) concatenatedList(facts, key, parts);
  // Two parts may store the same field the same way; the whole file lists such a fact once.
  facts.fieldOrigins = sortedFieldOrigins(facts.fieldOrigins);
  // Each declaration names the calls it makes once; the file names each once too.
  facts.pairedCalls = [...new Set(facts.pairedCalls)];
  return {
    facts,
    registrations: parts.flatMap((p) => p.registrations),
    layerCalls: parts.flatMap((p) => p.layerCalls),
  };
}
