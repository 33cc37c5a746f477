// Loads web-tree-sitter and the C / C++ grammars, each once and when first needed.
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';
import { checkMemoryReader, setMemoryReadable, type WasmHeap } from './treeMemory';

export type SourceLanguage = 'c' | 'cpp';

/** The wasm files and the module specifier each resolves to inside node_modules. */
export const WASM_FILES: Record<SourceLanguage | 'runtime', { file: string; specifier: string }> = {
  runtime: { file: 'tree-sitter.wasm', specifier: 'web-tree-sitter/tree-sitter.wasm' },
  c: { file: 'tree-sitter-c.wasm', specifier: 'tree-sitter-c/tree-sitter-c.wasm' },
  cpp: { file: 'tree-sitter-cpp.wasm', specifier: 'tree-sitter-cpp/tree-sitter-cpp.wasm' },
};

/** Bundled builds keep the wasm files next to the script; source runs find them in node_modules. */
function locateWasm(kind: SourceLanguage | 'runtime'): string {
  const { file, specifier } = WASM_FILES[kind];
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(specifier);
}

let runtime: Promise<void> | undefined;
/** Given to Parser.init, which keeps its views of the wasm memory on it (treeMemory reads them). */
const heap: WasmHeap & { locateFile: () => string } = { locateFile: () => locateWasm('runtime') };

/** The wasm memory's views, once the runtime is loaded. */
export function wasmHeap(): WasmHeap | undefined {
  return heap.HEAPU8 ? heap : undefined;
}

const ready = new Map<SourceLanguage, Promise<Parser>>();
const loaded = new Map<SourceLanguage, Parser>();
/** Grammars whose wasm is being compiled. */
const compiling = new Set<Promise<unknown>>();

/**
 * The parser of one language, loaded on first use: the C++ grammar alone is about 20 MB of the
 * server's memory (its tables and compiled code), which a C-only project never needs.
 */
export function loadParser(language: SourceLanguage): Promise<Parser> {
  let parser = ready.get(language);
  if (!parser) {
    runtime ??= Parser.init(heap);
    parser = runtime.then(async () => {
      const load = Language.load(locateWasm(language));
      compiling.add(load);
      const grammar = await load.finally(() => compiling.delete(load));
      // No parse while another grammar compiles: V8 then compiles the first one's lexer on the
      // threads the other needs, and a 3 MB grammar took 100 ms to load instead of 10.
      while (compiling.size) await Promise.allSettled([...compiling]);
      const p = new Parser();
      p.setLanguage(grammar);
      setMemoryReadable(grammar, checkMemoryReader(p, wasmHeap()));
      loaded.set(language, p);
      return p;
    });
    // A failed load is tried again by the next caller.
    parser.catch(() => ready.delete(language));
    ready.set(language, parser);
  }
  return parser;
}

/** A language's parser once loaded, for callers that must parse synchronously (incremental reparse). */
export function loadedParser(language: SourceLanguage): Parser | undefined {
  return loaded.get(language);
}

/** Both parsers (benches and tools that parse whatever they are given). */
export async function loadParsers(): Promise<Record<SourceLanguage, Parser>> {
  // Asked for together, the grammars compile side by side before either parses.
  const [c, cpp] = await Promise.all([loadParser('c'), loadParser('cpp')]);
  return { c, cpp };
}

const background = new Map<SourceLanguage, Promise<Parser>>();

/**
 * A parser of its own for background indexing, whose parses are cut into slices (a parse that
 * is stopped resumes on the next call): requests, on the main parser, run in between.
 */
export function loadBackgroundParser(language: SourceLanguage): Promise<Parser> {
  let parser = background.get(language);
  if (!parser) {
    parser = loadParser(language).then((main) => {
      const p = new Parser();
      p.setLanguage(main.language);
      return p;
    });
    parser.catch(() => background.delete(language));
    background.set(language, parser);
  }
  return parser;
}

const CPP_EXTENSIONS = new Set(['.cpp', '.cc', '.cxx', '.hpp', '.hh', '.hxx', '.inl']);
export const SOURCE_EXTENSIONS = new Set(['.c', '.h', ...CPP_EXTENSIONS]);

/** C++ files by extension or language id; `.h` is C first (most driver headers are; see parseSource). */
export function languageFor(fileNameOrUri: string, languageId?: string): SourceLanguage {
  if (languageId === 'cpp' || languageId === 'cuda-cpp') return 'cpp';
  if (languageId === 'c') return 'c';
  return CPP_EXTENSIONS.has(path.extname(fileNameOrUri).toLowerCase()) ? 'cpp' : 'c';
}

export type { Edit, Parser } from 'web-tree-sitter';
