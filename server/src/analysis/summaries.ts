// One-level summaries of function definitions, kept in the workspace index: which parameters a
// function frees with an Fwps free, and which it hands on to other calls.
import type { Node } from 'web-tree-sitter';
import type { SourceFile } from '../parse/document';
import { functionDefinitions, functionName, parameterNames } from './functions';
import { unwrap } from './values';

export const FREE_FUNCTIONS = /^Fwps(FreeCloneNetBufferList|FreeNetBufferList|DiscardClonedStreamData)\d?$/;

/** Calls that look at a value without taking it: passing an NBL to them hands nothing on. */
export const NON_OWNING_CALLS = /^(UNREFERENCED_PARAMETER|DBG_UNREFERENCED_PARAMETER|NT_ASSERT\w*|ASSERT\w*|NT_SUCCESS|DbgPrint(Ex)?|KdPrint(Ex)?|DoTraceMessage|TraceEvents|TraceLogging\w*)$/;

export interface FunctionSummary {
  name: string;
  uri: string;
  start: number;
  line: number;
  params: string[];
  /** Indexes of parameters passed to an Fwps free function. */
  frees: number[];
  /** Indexes of parameters passed (or whose fields are passed) to any other call. */
  passes: number[];
  /** The body calls an Fwps free function on anything. */
  freesSomething: boolean;
}

/** The variable an argument expression is rooted in: `p->nbl` → `p`, `(PVOID)x` → `x`. */
export function rootIdentifier(expr: Node): string | undefined {
  let n = unwrap(expr);
  for (;;) {
    if (n.type === 'identifier') return n.text;
    const next = n.childForFieldName('argument') ?? (n.type === 'pointer_expression' ? n.namedChild(0) : null);
    if (!next) return undefined;
    n = unwrap(next);
  }
}

export function summarizeFunctions(file: SourceFile, root?: Node): FunctionSummary[] {
  const out: FunctionSummary[] = [];
  if (!file.tree) return out;
  for (const def of functionDefinitions(root ?? file.tree.rootNode)) {
    const name = functionName(def);
    const body = def.childForFieldName('body');
    if (!name || !body) continue;
    const params = parameterNames(def);
    const frees = new Set<number>();
    const passes = new Set<number>();
    let freesSomething = false;
    for (const call of body.descendantsOfType('call_expression')) {
      const callee = call?.childForFieldName('function')?.text ?? '';
      const args = call?.childForFieldName('arguments')?.namedChildren ?? [];
      const isFree = FREE_FUNCTIONS.test(callee);
      if (isFree) freesSomething = true;
      if (NON_OWNING_CALLS.test(callee)) continue;
      for (const a of args) {
        if (!a) continue;
        const root = rootIdentifier(a);
        const index = root ? params.indexOf(root) : -1;
        if (index < 0) continue;
        (isFree ? frees : passes).add(index);
      }
    }
    out.push({ name, uri: file.uri, start: def.startIndex, line: def.startPosition.row, params, frees: [...frees], passes: [...passes], freesSomething });
  }
  return out;
}

/** What a completion function does with the NBL it is given back. */
export type CompletionVerdict = 'frees' | 'handsOn' | 'neverFrees' | 'unknown';

/** One verdict for WFP2005 and the flow panel. Passing the context on counts as cleanup too. */
export function completionVerdict(s: FunctionSummary): CompletionVerdict {
  if (s.params.length !== 3) return 'unknown';
  if (s.freesSomething) return 'frees';
  if (s.passes.includes(1) || s.passes.includes(0)) return 'handsOn';
  return 'neverFrees';
}
