// Per-file facts that other files need (handles, destroys, layers of classify functions).
// Plain data, no tree nodes, so the workspace index can keep them for closed files.
import { structLayoutFacts, type StructLayoutFact } from './structLayouts';
import type { Node } from '../parse/syntaxNode';
import { beginsOrEnds, type WindowsTarget } from '../catalog';
import type { SourceFile } from '../parse/document';
import { findCatalogCalls } from './calls';
import { calledNames, functionDefinitions, functionName } from './functions';
import { destroyedKeys, handleCreations } from './handles';
import { classifyLayerEvidence, type LayerEvidence } from './layers';
import { fieldOriginFacts, type FieldOriginFact } from './fieldOrigins';
import { summarizeFunctions, type FunctionSummary } from './summaries';
import { completionFunctionNames } from './completionFunctions';
import { handsOnFacts, injectorNames, type HandsOnFact } from './cloneUse';
import { completionContextFacts, type CompletionContextFact } from './completionContext';
import {
  addressArgFacts,
  handleSlotFacts,
  stateCheckFacts,
  handleGetterFacts,
  teardownFacts,
  type AddressArgFact,
  type HandleSlotFact,
  type StateCheckFact,
  type HandleGetterFact,
  type TeardownFact,
} from './handleSlots';
import type { FactPosition } from './factPosition';
import { fileDeclarations, prototypeContext } from './declarationUnits';

export interface HandleFact extends FactPosition {
  key: string;
  types: string[] | undefined;
  family: string | undefined;
  statusUsed: boolean;
  /** The function the create is in. */
  fn?: string;
  /** Keys the handle is copied to (`ctx->handle = h;`). */
  aliases?: string[];
  uri: string;
  end: number;
}

export interface FileFacts {
  uri: string;
  handles: HandleFact[];
  destroyed: string[];
  /** Evidence of the layer(s) each named function classifies at. */
  layers: LayerEvidence[];
  /** Functions that call FwpsQueryPacketInjectionState* themselves (one-level helper summary). */
  injectionStateCheckers: string[];
  /** What each function does with its parameters (frees them, hands them on). */
  summaries: FunctionSummary[];
  /** Struct fields (`.clonedNbl`) that receive an NBL, and how it was allocated (or 'unknown'). */
  fieldOrigins: FieldOriginFact[];
  /** Functions with the FWPS_INJECT_COMPLETE signature, defined or declared here. */
  completionFunctions: string[];
  /** Functions that call an injection function themselves. */
  injectors: string[];
  /** Handles created or destroyed through a helper's pointer parameter. */
  handleSlots: HandleSlotFact[];
  /** Calls passing `&X`, to resolve those helpers. */
  addressArgs: AddressArgFact[];
  /** Unload routines and teardown functions, for creates that meant destroys. */
  teardown: TeardownFact[];
  /** What each completion function does with its context. */
  completionContexts: CompletionContextFact[];
  /** Per function taking an NBL: the parameters that can reach an injection. */
  handsOn: HandsOnFact[];
  /** Which handle each FwpsQueryPacketInjectionState* call asks with (a parameter or a known handle). */
  stateChecks: StateCheckFact[];
  /** Functions that only return a handle (`GetSendHandle()`), to match checks made through them. */
  handleGetters: HandleGetterFact[];
  /** Calls that begin what another call must end, or end it (pend/complete …), by versioned name, once each. */
  pairedCalls: string[];
  /** The members of each struct defined here, by its names (WFP2006 compares two structs by them). */
  structLayouts: StructLayoutFact[];
}

function injectionStateCheckers(root: Node): string[] {
  const names: string[] = [];
  // Walking every call of every function is costly; the name must be in the text anyway.
  if (!root.text.includes('FwpsQueryPacketInjectionState')) return names;
  for (const def of functionDefinitions(root)) {
    const body = def.childForFieldName('body');
    const name = functionName(def);
    if (body && name && [...calledNames(body)].some((n) => n.startsWith('FwpsQueryPacketInjectionState')))
      names.push(name);
  }
  return names;
}

export function emptyFacts(uri: string): FileFacts {
  return {
    uri,
    handles: [],
    destroyed: [],
    layers: [],
    injectionStateCheckers: [],
    summaries: [],
    fieldOrigins: [],
    completionFunctions: [],
    injectors: [],
    handleSlots: [],
    addressArgs: [],
    teardown: [],
    completionContexts: [],
    handsOn: [],
    stateChecks: [],
    handleGetters: [],
    structLayouts: [],
    pairedCalls: [],
  };
}

/**
 * What a part's facts depend on besides its own text: the file-level declarations (also those
 * grouped under `#if` or `extern "C"`, see declarationUnits), whose types field origins read
 * (of a prototype, only its type and names: prototypeContext).
 */
export function fileContext(file: SourceFile): string {
  if (!file.tree) return '';
  return fileDeclarations(file.tree.rootNode)
    .map((d) => prototypeContext(d) ?? d.text)
    .join('\n');
}

/** Facts of the file, or of the part of it under `root`. */
export function extractFacts(file: SourceFile, target: WindowsTarget, root?: Node): FileFacts {
  if (!file.tree) return emptyFacts(file.uri);
  root ??= file.tree.rootNode;
  const calls = findCatalogCalls(file, target, root);
  return {
    uri: file.uri,
    handles: handleCreations(calls, file.uri).map((h) => ({
      key: h.key,
      types: h.types,
      family: h.family,
      statusUsed: h.statusUsed,
      fn: h.fn,
      aliases: h.aliases,
      uri: file.uri,
      start: h.call.startIndex,
      end: h.call.endIndex,
      line: h.call.startPosition.row,
    })),
    destroyed: destroyedKeys(calls, root, target),
    layers: classifyLayerEvidence(file, root),
    injectionStateCheckers: injectionStateCheckers(root),
    summaries: summarizeFunctions(file, root),
    fieldOrigins: fieldOriginFacts(file.tree.rootNode, calls, root),
    completionFunctions: completionFunctionNames(root),
    injectors: injectorNames(root),
    handleSlots: handleSlotFacts(calls),
    addressArgs: addressArgFacts(root, file.uri),
    teardown: teardownFacts(root),
    completionContexts: completionContextFacts(root),
    handsOn: handsOnFacts(root),
    stateChecks: stateCheckFacts(calls),
    handleGetters: handleGetterFacts(root),
    pairedCalls: [...new Set(calls.filter((c) => beginsOrEnds(c.fn)).map((c) => c.fn.name))],
    structLayouts: structLayoutFacts(root),
  };
}
