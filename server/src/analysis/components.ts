// Strongly connected components of a call graph (Tarjan's algorithm, without recursion: call
// chains thousands long would overflow the stack).

/**
 * The strongly connected components of the graph on `nodes` whose edges are `next(n)` (targets
 * outside `nodes` are ignored), each after every component it reaches: callees before callers.
 */
export function components(nodes: ReadonlySet<string>, next: (n: string) => Iterable<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    // Each frame: a node and what is left of its edges.
    const frames: { n: string; edges: Iterator<string> }[] = [];
    const enter = (n: string) => {
      index.set(n, counter);
      low.set(n, counter++);
      stack.push(n);
      onStack.add(n);
      frames.push({ n, edges: next(n)[Symbol.iterator]() });
    };
    enter(root);
    while (frames.length) {
      const top = frames[frames.length - 1];
      const step = top.edges.next();
      if (!step.done) {
        const m = step.value;
        if (!nodes.has(m)) continue;
        if (!index.has(m)) enter(m);
        else if (onStack.has(m)) low.set(top.n, Math.min(low.get(top.n)!, index.get(m)!));
        continue;
      }
      frames.pop();
      if (frames.length) {
        const parent = frames[frames.length - 1].n;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.n)!));
      }
      if (low.get(top.n) === index.get(top.n)) {
        const component: string[] = [];
        let m: string;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          component.push(m);
        } while (m !== top.n);
        out.push(component);
      }
    }
  }
  return out;
}
