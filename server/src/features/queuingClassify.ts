// For an injection in a DPC, worker or helper: the classify functions that lead to it, through
// calls or a function pointer they hand on (`KeInitializeDpc(&dpc, InjectDpc, ctx)`), nearest
// first. The self-injection check and the classify action of the packet belong there.
import type { Node } from '../parse/syntaxNode';
import { functionDefinitions, functionName } from '../analysis/functions';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';

const MAX_DEPTH = 4;

export interface QueuingClassify {
  name: string;
  /** Its definition, when it is in the file being looked at. */
  def?: Node;
  uri: string;
  start: number;
  line: number;
}

/** Registered as a callout, or shaped like a classifyFn and never called directly (a helper
 * that takes classifyOut is called by the classifyFn itself). */
function isClassify(n: string, index: WorkspaceIndex): boolean {
  return (
    index.layersOf(n).some((e) => e.kind === 'registration') ||
    (!!index.functionSummary(n)?.classifyShaped && !index.callGraph().callers(n).length)
  );
}

/**
 * The classify functions that ask FwpsQueryPacketInjectionState* about `handle`, themselves or
 * through a helper they call: where a packet injected with it is recognised when it comes back.
 */
export function classifiesAsking(handle: string, index: WorkspaceIndex): string[] {
  const graph = index.callGraph();
  const out = new Set<string>();
  for (const asker of index.askersAbout(handle)) {
    let frontier = [asker];
    const seen = new Set(frontier);
    for (let depth = 0; depth <= MAX_DEPTH && frontier.length; depth++) {
      const next: string[] = [];
      for (const n of frontier) {
        if (isClassify(n, index)) out.add(n);
        else
          for (const c of graph.callers(n)) {
            if (seen.has(c)) continue;
            seen.add(c);
            next.push(c);
          }
      }
      frontier = next;
    }
  }
  return [...out];
}

/** The classify functions nearest to `fn` up the call (and function-pointer) graph. */
export function queuingClassifies(file: SourceFile, fn: string, index: WorkspaceIndex): QueuingClassify[] {
  const graph = index.callGraph();
  let frontier = [fn];
  const seen = new Set(frontier);
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const next: string[] = [];
    for (const n of frontier)
      for (const r of graph.referrers(n)) {
        if (seen.has(r)) continue;
        seen.add(r);
        next.push(r);
      }
    const found = next.filter((n) => isClassify(n, index));
    if (found.length) {
      const defs = new Map<string, Node>();
      for (const d of file.tree ? functionDefinitions(file.tree.rootNode) : []) {
        const name = functionName(d);
        if (name) defs.set(name, d);
      }
      return found.flatMap((name) => {
        const s = index.functionSummary(name);
        if (!s) return [];
        const def = s.uri === file.uri ? defs.get(name) : undefined;
        return [{ name, uri: s.uri, start: s.start, line: s.line, ...(def ? { def } : {}) }];
      });
    }
    frontier = next;
  }
  return [];
}
