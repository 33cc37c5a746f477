// Keeps one parsed SourceFile per open document. Each version is parsed incrementally from the
// last one (parse/document.ts reparseIncrementally) instead of from scratch.
//
// Where a syntax error touches an edit, error recovery may read the text otherwise than a parse
// from scratch (what the CLI sees). That parse costs as much as the file is long (90 ms for
// 13,000 lines) and typing makes such errors at every other keystroke, so the incremental parse
// answers at once, as a provisional parse; once the document has stayed at that version for
// REFINE_AFTER_MS, it is parsed from scratch and replaces the provisional one (`onRefined`).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSource, reparseIncrementally, type SourceFile } from './parse/document';
import { DEFAULT_ENV, type PreprocessEnv } from './parse/preprocessEnv';

interface Entry {
  version: number;
  file: Promise<SourceFile>;
  /** The same file once parsed: the base of the next incremental parse. */
  parsed?: SourceFile;
  /** Why the file was skipped, so that a skipped file is logged once, not on every edit. */
  skipped?: string;
  /** The pending parse from scratch of a provisional parse. */
  refine?: { timer: ReturnType<typeof setTimeout>; run: () => Promise<void> };
}

/** How long a document must stay at one version before its provisional parse is replaced. */
export const REFINE_AFTER_MS = 500;

export class ParsedDocuments {
  private readonly entries = new Map<string, Entry>();
  /** Parses replaced by a newer one, whose trees are freed. */
  private readonly retired = new WeakSet<SourceFile>();

  constructor(
    private readonly log: (message: string) => void,
    /** `edited`: a later version's parse (not the first, nor the same text in a new environment). */
    private readonly onParsed: (file: SourceFile, edited: boolean) => void,
    /** What the preprocessing layer knows for a document (target, defines, project macros). */
    private readonly envFor: (uri: string, languageId: string) => PreprocessEnv = () => DEFAULT_ENV,
    /** A provisional parse was replaced by one from scratch: what was read from it is stale. */
    private readonly onRefined: (uri: string) => void = () => undefined,
    /** Called with a document's text before it is parsed, before its environment is read. */
    private readonly beforeParse: (uri: string, text: string) => void = () => undefined,
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
      // The next parse is made in the new environment; refining the old one is wasted.
      cancelRefine(entry);
    }
  }

  /** The parse of this exact document version (shared by every request for it). */
  get(doc: TextDocument): Promise<SourceFile> {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.file;
    const text = doc.getText();
    this.beforeParse(doc.uri, text);
    const env = this.envFor(doc.uri, doc.languageId);
    const incremental = cached?.parsed ? reparseIncrementally(cached.parsed, text, env) : undefined;
    if (cached) {
      // The reparse was the last use of the old tree.
      this.retire(cached.file);
      cancelRefine(cached);
    }
    const entry: Entry = {
      version: doc.version,
      file: undefined!,
      parsed: incremental,
      skipped: cached?.skipped,
    };
    // A new environment parses the same text again: that is no edit (the server waits for a
    // pause in typing only after edits before it checks the files on disk again).
    const edited = !!cached && cached.parsed?.text !== text;
    entry.file = this.parsedInto(
      entry,
      doc.uri,
      edited,
      incremental ? Promise.resolve(incremental) : parseSource(doc.uri, text, doc.languageId, env),
    );
    if (incremental?.provisional) {
      const run = async () => {
        entry.refine = undefined;
        const fresh = await parseSource(doc.uri, text, doc.languageId, env);
        if (this.entries.get(doc.uri) !== entry || entry.parsed !== incremental) {
          fresh.dispose();
          return;
        }
        this.retire(entry.file);
        entry.file = this.parsedInto(entry, doc.uri, true, Promise.resolve(fresh));
        await entry.file;
        this.onRefined(doc.uri);
      };
      const timer = setTimeout(() => void run(), REFINE_AFTER_MS);
      timer.unref?.();
      entry.refine = { timer, run };
    }
    this.entries.set(doc.uri, entry);
    return entry.file;
  }

  /** Replaces a provisional parse of `uri` by one from scratch now, if one is pending (tests). */
  async settle(uri: string): Promise<void> {
    const entry = this.entries.get(uri);
    const refine = entry?.refine;
    if (!entry || !refine) return;
    cancelRefine(entry);
    await refine.run();
  }

  /** `parse`, recorded in `entry` as the base of the next reparse and indexed. */
  private parsedInto(
    entry: Entry,
    uri: string,
    edited: boolean,
    parse: Promise<SourceFile>,
  ): Promise<SourceFile> {
    return parse.then((f) => {
      if (f.skipped && f.skipped !== entry.skipped) this.log(`Skipped ${uri}: ${f.skipped}.`);
      entry.skipped = f.skipped;
      entry.parsed = f;
      try {
        this.onParsed(f, edited);
      } catch (err) {
        // The parse itself is good: requests on it still get answers.
        this.log(
          `Indexing ${uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
      }
      return f;
    });
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
    if (cached) {
      this.retire(cached.file);
      cancelRefine(cached);
    }
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

/** Drops the pending parse from scratch of `entry`, if any. */
function cancelRefine(entry: Entry): void {
  if (entry.refine) clearTimeout(entry.refine.timer);
  entry.refine = undefined;
}
