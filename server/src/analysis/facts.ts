// Per-file facts that other files need (handles, destroys, layers of classify functions).
// Plain data, no tree nodes, so the workspace index can keep them for closed files.
import type { WindowsTarget } from '../catalog';
import type { SourceFile } from '../parse/document';
import { findCatalogCalls } from './calls';
import { calledNames, functionDefinitions, functionName } from './functions';
import { destroyedHandles, handleCreations } from './handles';
import { classifyLayerEvidence, type LayerEvidence } from './layers';
import { fieldOriginFacts, type FieldOriginFact } from './fieldOrigins';
import { summarizeFunctions, type FunctionSummary } from './summaries';

export interface HandleFact {
  key: string;
  types: string[] | undefined;
  family: string | undefined;
  statusUsed: boolean;
  uri: string;
  start: number;
  end: number;
  line: number;
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
}

function injectionStateCheckers(file: SourceFile): string[] {
  const names: string[] = [];
  for (const def of functionDefinitions(file.tree!.rootNode)) {
    const body = def.childForFieldName('body');
    const name = functionName(def);
    if (body && name && [...calledNames(body)].some((n) => n.startsWith('FwpsQueryPacketInjectionState'))) names.push(name);
  }
  return names;
}

export function extractFacts(file: SourceFile, target: WindowsTarget): FileFacts {
  if (!file.tree) return { uri: file.uri, handles: [], destroyed: [], layers: [], injectionStateCheckers: [], summaries: [], fieldOrigins: [] };
  const calls = findCatalogCalls(file, target);
  return {
    uri: file.uri,
    handles: handleCreations(calls, file.uri).map((h) => ({
      key: h.key,
      types: h.types,
      family: h.family,
      statusUsed: h.statusUsed,
      uri: file.uri,
      start: h.call.startIndex,
      end: h.call.endIndex,
      line: h.call.startPosition.row,
    })),
    destroyed: destroyedHandles(calls),
    layers: classifyLayerEvidence(file),
    injectionStateCheckers: injectionStateCheckers(file),
    summaries: summarizeFunctions(file),
    fieldOrigins: fieldOriginFacts(file.tree.rootNode, calls),
  };
}
