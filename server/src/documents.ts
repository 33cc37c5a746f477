// Keeps one parsed SourceFile per open document, reparsed when its version changes.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSource, type SourceFile } from './parse/document';

interface Entry {
  version: number;
  file: Promise<SourceFile>;
}

/** Replaced trees are freed a little later, after requests that still hold them have finished. */
const DISPOSE_DELAY_MS = 2000;

export class ParsedDocuments {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly log: (message: string) => void,
    private readonly onParsed: (file: SourceFile) => void,
  ) {}

  /** The parse of this exact document version (shared by every request for it). */
  get(doc: TextDocument): Promise<SourceFile> {
    const cached = this.entries.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.file;
    if (cached) this.disposeLater(cached.file);
    const file = parseSource(doc.uri, doc.getText(), doc.languageId).then((f) => {
      if (f.skipped) this.log(`Skipped ${doc.uri}: ${f.skipped}.`);
      this.onParsed(f);
      return f;
    });
    this.entries.set(doc.uri, { version: doc.version, file });
    return file;
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
