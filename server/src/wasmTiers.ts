// How V8 compiles tree-sitter's wasm in the server. By default a wasm function starts as baseline
// (Liftoff) code and, once it has run enough, is compiled again by TurboFan on V8's worker thread.
// For the grammars that recompile is one huge lexer function: about 125 ms for C's and 190 ms for
// C++'s, plus 70 ms for the parse loop of the runtime, with 20-30 MB of compiler memory each. It
// starts during the first large parse, which is the first file opened, and holds the one worker
// thread the server starts with (shared/serverLaunch.json) for the whole first check: the
// engine's JavaScript waited that long to be optimised, and the first check of a 5,000-line
// driver took 400 ms instead of 300 (bench/clangd-compare.mjs). The price of keeping it at
// baseline: a full parse of that driver takes about 35 ms instead of 25, and an edit 0-4 ms more.
// The CLI, which parses every file of a tree in one run, keeps V8's default.
import * as v8 from 'v8';

/** Before any grammar loads: wasm stays baseline code (V8 only warns about a flag it does not know). */
export function keepWasmAtBaseline(): void {
  v8.setFlagsFromString('--liftoff-only');
}
