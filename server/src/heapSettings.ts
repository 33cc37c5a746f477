// How the server's V8 heap grows. Typing re-analyses a file on every keystroke: megabytes of
// short-lived objects per edit, some of which outlive a young-generation collection. V8 lets the
// old generation grow to up to 4× what the last full collection left when allocation is that
// fast; 1.5× kept a 5,000-line file's server at about 130 MB instead of 180 MB after hundreds of
// edits, at about the same CPU time per edit (bench/memory.mjs). With `network/` of
// Windows-driver-samples as the workspace, 300 edits of that file still took the server to
// 147-153 MB at 1.5×; 1.35× keeps it at 140-146 MB (1.25×: 139-143), for edits a few ms slower at
// p95 (bench/edit-latency.mjs --workspace; the runs spread more than that). The factor is read
// at each collection, so it can be set here, after start-up, for every client; the young
// generation's size cannot (see shared/serverLaunch.json). There, 2 × 4 MB instead of 2 × 8 MB
// keeps the server with `network/` as the workspace under 150 MB right after 200 quick edits
// (142–149 MB instead of 157–160), at the same edit latency and CPU time per edit: what outlives a
// young collection is about the same either way.
//
// It is set once the first diagnostics are out (or the first check gave up waiting for a file),
// not at start: the first check of a file builds everything the server keeps of it, and at 1.35×
// V8 ran an incremental full collection in the middle of it; at its own factor the GC time of a
// 5,000-line driver's first check fell from 60-70 ms to 25-50 ms. The idle collection a moment
// later (idleCollection.ts) sets the limit from 1.35× again.
//
// Before that first check, V8's old generation starts with a limit of a few megabytes, and a
// server that has loaded its code and grammars is close to it: the first file opened started an
// incremental full collection half-way through its check (15 MB of heap), whose marking took 10-20
// ms of the main thread and slowed everything else while it ran. `--initial-old-space-size=32`
// (shared/serverLaunch.json) puts the first full collection after the first check of a
// 9,000-line file; it is only where the first limit starts, and every later limit follows from
// what a collection left as before. Open → first diagnostics fell by 15-25% (a 5,000-line driver:
// medians 347/386/339 → 319/288/248 ms; HelperFunctions_FwpObjects.cpp: 208/311/213 →
// 189/248/176 ms), at the same memory with `network/` of Windows-driver-samples as the
// workspace (bench/memory.mjs: 117-120 MB after indexing, 146 MB at 300 edits either way; at 64 MB
// the server stayed at 138 MB after indexing).
//
// Outside V8's heap, on Linux: optimising the tree-sitter grammar's wasm (the lexer is one huge
// function) and the JavaScript runs on V8's worker threads, and glibc gives each thread an
// allocator arena of its own that keeps what the compiler freed: about 24 MB that stayed resident
// for the server's lifetime. The launch environment (GLIBC_TUNABLES: one arena, memory above
// 1 MB allocated and trimmed on its own) gives it back; with one V8 worker thread as well, the
// server with `network/` of Windows-driver-samples as the workspace takes 139 MB instead of 160,
// at the same CPU time per edit (bench/memory.mjs, `--plain-env` for the comparison). Other C
// libraries ignore it. The threshold was 64 KB: then every block the compiler asked for above it
// was mapped afresh, and on a virtual machine where a page's first touch costs ~11 µs that was
// ~1,500 page faults on the worker during the first check of a 5,000-line file. At 1 MB glibc
// reuses them: the first check and `initialize` take 20-25 ms less, for ~5-12 MB more resident
// once a whole repository has been indexed (bench/workspace-scan.mjs).
import * as v8 from 'v8';

export const HEAP_GROWING_PERCENT = 35;

export function limitHeapGrowth(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
