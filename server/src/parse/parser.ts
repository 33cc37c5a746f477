// Loads web-tree-sitter and the C / C++ grammars once, and parses text with them.
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser } from 'web-tree-sitter';

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

let ready: Promise<Record<SourceLanguage, Parser>> | undefined;
let loaded: Record<SourceLanguage, Parser> | undefined;

/** The parsers once loaded, for callers that must parse synchronously (incremental reparse). */
export function loadedParsers(): Record<SourceLanguage, Parser> | undefined {
  return loaded;
}

/** Initialises tree-sitter once; every caller shares the same parsers. */
export function loadParsers(): Promise<Record<SourceLanguage, Parser>> {
  ready ??= (async () => {
    await Parser.init({ locateFile: () => locateWasm('runtime') });
    const result = {} as Record<SourceLanguage, Parser>;
    for (const lang of ['c', 'cpp'] as const) {
      const language = await Language.load(locateWasm(lang));
      const parser = new Parser();
      parser.setLanguage(language);
      result[lang] = parser;
    }
    loaded = result;
    return result;
  })();
  return ready;
}

let background: Promise<Record<SourceLanguage, Parser>> | undefined;

/**
 * Parsers of their own for background indexing, whose parses are cut into slices (a parse that
 * is stopped resumes on the next call): requests, on the main parsers, run in between.
 */
export function loadBackgroundParsers(): Promise<Record<SourceLanguage, Parser>> {
  background ??= loadParsers().then((main) => {
    const result = {} as Record<SourceLanguage, Parser>;
    for (const lang of ['c', 'cpp'] as const) {
      const parser = new Parser();
      parser.setLanguage(main[lang].language);
      result[lang] = parser;
    }
    return result;
  });
  return background;
}

const CPP_EXTENSIONS = new Set(['.cpp', '.cc', '.cxx', '.hpp', '.hh', '.hxx', '.inl']);
export const SOURCE_EXTENSIONS = new Set(['.c', '.h', ...CPP_EXTENSIONS]);

/** C++ files by extension or language id; `.h` is parsed as C (most driver headers are C). */
export function languageFor(fileNameOrUri: string, languageId?: string): SourceLanguage {
  if (languageId === 'cpp' || languageId === 'cuda-cpp') return 'cpp';
  if (languageId === 'c') return 'c';
  return CPP_EXTENSIONS.has(path.extname(fileNameOrUri).toLowerCase()) ? 'cpp' : 'c';
}

export type { Edit, Tree, Parser } from 'web-tree-sitter';
