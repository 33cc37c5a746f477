// What the last check of each file on disk found. A file opened with the text that was checked,
// parsed the same way, while nothing it can see of the other files has changed since, would be
// found the same: those diagnostics are shown as it opens, before the open document's own check
// (which follows, and replaces them).
import { createHash } from 'crypto';
import type { Diagnostic } from 'vscode-languageserver';
import type { WindowsTarget } from './catalog';
import { fileKey } from './fileUris';
import type { SourceLanguage } from './parse/parser';

/** Everything besides the text that a file's findings follow. */
export interface CheckedAs {
  language: SourceLanguage;
  /** The preprocessor environment's key (PreprocessEnv.key). */
  env: string;
  target: WindowsTarget;
  /** WorkspaceIndex.visibleGeneration and .complete when the check started. */
  visibleGeneration: number;
  complete: boolean;
}

interface DiskCheck extends CheckedAs {
  /** The URI the diagnostics were made for: related locations in the file carry it. */
  uri: string;
  /** A digest of the text checked: keeping every checked file's text would cost megabytes. */
  digest: string;
  diagnostics: Diagnostic[];
}

const digestOf = (text: string) => createHash('sha1').update(text).digest('base64');

const sameCheck = (a: CheckedAs, b: CheckedAs) =>
  a.language === b.language &&
  a.env === b.env &&
  a.target === b.target &&
  a.visibleGeneration === b.visibleGeneration &&
  a.complete === b.complete;

export class DiskChecks {
  private readonly byKey = new Map<string, DiskCheck>();

  remember(uri: string, text: string, as: CheckedAs, diagnostics: Diagnostic[]): void {
    this.byKey.set(fileKey(uri), { ...as, uri, digest: digestOf(text), diagnostics });
  }

  forget(uri: string): void {
    this.byKey.delete(fileKey(uri));
  }

  /** The diagnostics of the last check of `uri` on disk, when checking `text` `as` now would find the same. */
  unchanged(uri: string, text: string, as: CheckedAs): Diagnostic[] | undefined {
    const last = this.byKey.get(fileKey(uri));
    if (!last || last.uri !== uri || !sameCheck(last, as)) return undefined;
    return digestOf(text) === last.digest ? last.diagnostics : undefined;
  }
}
