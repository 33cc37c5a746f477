// Keeps one parsed SourceFile per open document. Each version is parsed incrementally from the
// last one (parse/document.ts reparseSource) instead of from scratch.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSource, reparseSource, type SourceFile } from './parse/document';
import { DEFAULT_ENV, type PreprocessEnv } from './parse/preprocessEnv';

interface Entry {
  version: number;
  file: Promise<SourceFile>;
  /** The same file once parsed: the base of the next incremental parse. */
  parsed?: SourceFile;
  /** Why the file was skipped, so that a skipped file is logged once, not on every edit. */
  skipped?: string;
}

export class ParsedDocuments {
  private readonly entries = new Map<string, Entry>();
  /** Parses replaced by a newer one, whose trees are freed. */
  private readonly retired = new WeakSet<SourceFile>();

  constructor(
    private readonly log: (message: string) => void,
    private readonly onParsed: (file: SourceFile) => void,
    /** What the preprocessing layer knows for a document (target, defines, project macros). */
    private readonly envFor: (uri: string, languageId: string) => PreprocessEnv = () => DEFAULT_ENV,
  ) {}

  /**
   * The environment may have changed: the next request for each document whose parse was made in
   * another environment than `envKey(uri)` parses it again (all of them without `envKey`).
   */
  invalidate(envKey?: (uri: string) => string): void {
    for (const [uri, entry] of this.entries) {
      if (envKey && entry.parsed && entry.parsed.envKey === envKey(uri)) continue;
      entry.version = Number.NaN;
      if (entry.parsed) this.retired.add(entry.parsed);
    }
  }

  /** The parse of this exact document version (shared by every request for it). */
  get(doc: TextDocument): Promise<SourceFile> {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.file;
    const text = doc.getText();
    const env = this.envFor(doc.uri, doc.languageId);
    const incremental = cached?.parsed ? reparseSource(cached.parsed, text, env) : undefined;
    // The reparse was the last use of the old tree.
    if (cached) this.retire(cached.file);
    const entry: Entry = {
      version: doc.version,
      file: undefined!,
      parsed: incremental,
      skipped: cached?.skipped,
    };
    entry.file = (
      incremental ? Promise.resolve(incremental) : parseSource(doc.uri, text, doc.languageId, env)
    ).then((f) => {
      if (f.skipped && f.skipped !== entry.skipped) this.log(`Skipped ${doc.uri}: ${f.skipped}.`);
      entry.skipped = f.skipped;
      entry.parsed = f;
      try {
        this.onParsed(f);
      } catch (err) {
        // The parse itself is good: requests on it still get answers.
        this.log(
          `Indexing ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
      return f;
    });
    this.entries.set(doc.uri, entry);
    return entry.file;
  }

  /**
   * Whether `file` is no longer the parse of its document (a newer version, or the environment
   * changed): long work on it must stop, since its tree is freed once it is replaced.
   */
  superseded(file: SourceFile): boolean {
    return this.retired.has(file) || !this.entries.has(file.uri);
  }

  forget(uri: string): void {
    const cached = this.entries.get(uri);
    if (cached) this.retire(cached.file);
    this.entries.delete(uri);
  }

  /**
   * Frees a replaced parse's tree at once: a 5,000-line file's tree is megabytes of wasm memory,
   * which never shrinks, so trees kept for a while after each edit set its size. Work that held
   * the parse across a turn of the event loop asks superseded() (or finds `tree` gone) before
   * reading it again; requests read it synchronously once they have it.
   */
  private retire(file: Promise<SourceFile>): void {
    void file.then((f) => {
      this.retired.add(f);
      f.dispose();
    });
  }
}
