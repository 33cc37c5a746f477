// How well the files parse: a user who wonders why the checker is quiet somewhere can see whether
// the code there parsed (`wfp-inject check --stats`, and the server's log when indexing ends).
import type { Node } from '../parse/syntaxNode';
import { findCatalogCalls } from './calls';
import { functionDefinitions } from './functions';
import { isInjectionFunction, type WindowsTarget } from '../catalog';
import type { SourceFile } from '../parse/document';

export interface ParseStats {
  files: number;
  functions: number;
  functionsWithErrors: number;
  injectionCalls: number;
  /** Injection calls inside a function definition that has no syntax error. */
  callsInCleanFunctions: number;
  callsOutsideFunctions: number;
  annotations: number;
  conditionals: number;
  undecidedConditionals: number;
}

export function emptyStats(): ParseStats {
  return {
    files: 0,
    functions: 0,
    functionsWithErrors: 0,
    injectionCalls: 0,
    callsInCleanFunctions: 0,
    callsOutsideFunctions: 0,
    annotations: 0,
    conditionals: 0,
    undecidedConditionals: 0,
  };
}

/** Adds one parsed file to `stats`. */
export function addFileStats(stats: ParseStats, file: SourceFile, target: WindowsTarget): void {
  if (!file.tree) return;
  stats.files++;
  const fns = functionDefinitions(file.tree.rootNode);
  stats.functions += fns.length;
  stats.functionsWithErrors += fns.filter((f) => f.hasError).length;
  for (const site of findCatalogCalls(file, target)) {
    if (!isInjectionFunction(site.fn)) continue;
    stats.injectionCalls++;
    const fn: Node | undefined = site.enclosingFunction;
    if (!fn) stats.callsOutsideFunctions++;
    else if (!fn.hasError) stats.callsInCleanFunctions++;
  }
  const pre = file.pre?.stats;
  if (pre) {
    stats.annotations += pre.annotations;
    stats.conditionals += pre.conditionals;
    stats.undecidedConditionals += pre.undecidedKept + pre.undecidedChosen;
  }
}

const pct = (part: number, whole: number) => (whole ? `${Math.round((part * 1000) / whole) / 10}%` : '-');

/** One line, as the CLI and the server print it. `raw`: the same files parsed without the layer. */
export function formatStats(s: ParseStats, raw?: ParseStats): string {
  const errors = raw
    ? `${s.functionsWithErrors} (raw ${raw.functionsWithErrors})`
    : `${s.functionsWithErrors}`;
  const clean = raw
    ? `${s.callsInCleanFunctions} = ${pct(s.callsInCleanFunctions, s.injectionCalls)} (raw ${raw.callsInCleanFunctions} = ${pct(raw.callsInCleanFunctions, raw.injectionCalls)})`
    : `${s.callsInCleanFunctions} = ${pct(s.callsInCleanFunctions, s.injectionCalls)}`;
  return (
    `${s.files} files, ${s.functions} functions, ${errors} parsed with errors; ` +
    `${s.injectionCalls} injection calls, ${clean} in error-free functions, ${s.callsOutsideFunctions} outside any function; ` +
    `${s.annotations} annotations blanked, ${s.conditionals} #if groups (${s.undecidedConditionals} undecided)`
  );
}
