// What the last check of each file on disk found. Opening the file gives it the same findings
// when the open document parses the text that was checked the same way, the file's own facts in
// the index were made from that parse, nothing other files show it has changed, and the files
// its related locations point into are as they were: those diagnostics are shown as it opens,
// before the open document's own check (which follows, and replaces them).
import { createHash } from 'crypto';
import type { Diagnostic } from 'vscode-languageserver';
import type { WindowsTarget } from './catalog';
import { fileKey } from './fileUris';
import type { SourceLanguage } from './parse/parser';

/**
 * What a file's facts and findings follow of the file itself: a digest of its text (keeping
 * every checked file's text would cost megabytes), its language, preprocessor environment
 * (PreprocessEnv.key) and target.
 */
export function sourceStamp(
  text: string,
  language: SourceLanguage,
  env: string,
  target: WindowsTarget,
): string {
  return `${createHash('sha1').update(text).digest('base64')}|${language}|${env}|${target}`;
}

/** What the findings follow of the workspace index (WorkspaceIndex has all of it). */
export interface IndexState {
  readonly visibleGeneration: number;
  readonly layoutGeneration: number;
  readonly complete: boolean;
  fileVersion(uri: string): number;
  /** The sourceStamp the file's facts were made from, if known. */
  stampOf(uri: string): string | undefined;
}

export interface DiskCheck {
  /** The URI the diagnostics were made for: related locations in the file carry it. */
  uri: string;
  stamp: string;
  visibleGeneration: number;
  /** WorkspaceIndex.layoutGeneration: the structs, which WFP2006 compares. */
  layoutGeneration: number;
  complete: boolean;
  /** The other files related locations point into, with their fileVersion. */
  related: [string, number][];
  diagnostics: Diagnostic[];
}

/** The DiskCheck of diagnostics just found for `uri` from the text stamped `stamp`, as `index` is now. */
export function diskCheck(
  uri: string,
  stamp: string,
  index: IndexState,
  diagnostics: Diagnostic[],
): DiskCheck {
  const related = new Set<string>();
  for (const d of diagnostics)
    for (const r of d.relatedInformation ?? []) if (r.location.uri !== uri) related.add(r.location.uri);
  return {
    uri,
    stamp,
    visibleGeneration: index.visibleGeneration,
    layoutGeneration: index.layoutGeneration,
    complete: index.complete,
    related: [...related].map((u) => [u, index.fileVersion(u)]),
    diagnostics,
  };
}

export class DiskChecks {
  private readonly byKey = new Map<string, DiskCheck>();

  remember(check: DiskCheck): void {
    this.byKey.set(fileKey(check.uri), check);
  }

  forget(uri: string): void {
    this.byKey.delete(fileKey(uri));
  }

  /**
   * The diagnostics of the last check of `uri` on disk, when checking the text stamped `stamp()`
   * (computed only when there is a check to compare with) now would find the same.
   */
  unchanged(uri: string, stamp: () => string, index: IndexState): Diagnostic[] | undefined {
    const last = this.byKey.get(fileKey(uri));
    if (!last || last.uri !== uri || index.stampOf(uri) !== last.stamp) return undefined;
    if (
      last.visibleGeneration !== index.visibleGeneration ||
      last.layoutGeneration !== index.layoutGeneration ||
      last.complete !== index.complete
    )
      return undefined;
    if (!last.related.every(([u, v]) => index.fileVersion(u) === v)) return undefined;
    return stamp() === last.stamp ? last.diagnostics : undefined;
  }
}
