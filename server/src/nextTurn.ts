// Long work (a check, indexing the workspace) yields to the event loop between slices. A message
// read meanwhile is handled by vscode-jsonrpc in an immediate queued after the one the slice
// yielded with: resumed by that first immediate, the next slice ran before it, and a hover waited
// for two slices. Resuming from a second immediate lets every message read during a slice be
// answered before the next one starts, and every message written in one (a publish) goes out
// before work queued after it (declarationFindings.ts afterCaller).
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
