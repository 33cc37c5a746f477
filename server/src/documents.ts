// Keeps one parsed SourceFile per open document. Edits from didChange are replayed on the last
// tree so that the next version is parsed incrementally instead of from scratch.
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Edit } from 'web-tree-sitter';
import { treeEdit } from './parse/edits';
import { parseSource, reparseSource, type SourceFile } from './parse/document';

interface Entry {
  version: number;
  file: Promise<SourceFile>;
  /** The same file once parsed: the base of the next incremental parse. */
  parsed?: SourceFile;
  /** Edits made since `version`, oldest first; undefined when the whole text was replaced. */
  edits: Edit[] | undefined;
  /** Why the file was skipped, so that a skipped file is logged once, not on every edit. */
  skipped?: string;
}

/** Replaced trees are freed a little later, after requests that still hold them have finished. */
const DISPOSE_DELAY_MS = 500;

export class ParsedDocuments {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly log: (message: string) => void,
    private readonly onParsed: (file: SourceFile) => void,
  ) {}

  /**
   * Applies didChange content changes to a document (the `update` of TextDocuments), recording
   * each as a tree edit against the text it applies to.
   */
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const entry = this.entries.get(doc.uri);
    for (const change of changes) {
      if (entry?.edits) {
        if ('range' in change) {
          let start = doc.offsetAt(change.range.start);
          let end = doc.offsetAt(change.range.end);
          if (end < start) [start, end] = [end, start];
          entry.edits.push(treeEdit(doc.getText(), start, end, change.text));
        } else entry.edits = undefined;
      }
      doc = TextDocument.update(doc, [change], version);
    }
    return doc;
  }

  /** The parse of this exact document version (shared by every request for it). */
  get(doc: TextDocument): Promise<SourceFile> {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.file;
    if (cached) this.disposeLater(cached.file);
    const text = doc.getText();
    const incremental = cached?.parsed && cached.edits ? reparseSource(cached.parsed, text, cached.edits) : undefined;
    const entry: Entry = { version: doc.version, file: undefined!, parsed: incremental, edits: [], skipped: cached?.skipped };
    entry.file = (incremental ? Promise.resolve(incremental) : parseSource(doc.uri, text, doc.languageId)).then((f) => {
      if (f.skipped && f.skipped !== entry.skipped) this.log(`Skipped ${doc.uri}: ${f.skipped}.`);
      entry.skipped = f.skipped;
      entry.parsed = f;
      try {
        this.onParsed(f);
      } catch (err) {
        // The parse itself is good: requests on it still get answers.
        this.log(`Indexing ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      return f;
    });
    this.entries.set(doc.uri, entry);
    return entry.file;
  }

  forget(uri: string): void {
    const cached = this.entries.get(uri);
    if (cached) this.disposeLater(cached.file);
    this.entries.delete(uri);
  }

  private disposeLater(file: Promise<SourceFile>): void {
    void file.then((f) => setTimeout(() => f.dispose(), DISPOSE_DELAY_MS).unref?.());
  }
}
