// Findings for the files of the workspace that are not open: each indexed file is read from
// disk, parsed and checked against the whole index, one at a time with the event loop turning in
// between, and its diagnostics published without a version. A newer run (the index changed, the
// settings changed, the user asked again) stops the older one; an open document's own
// diagnostics always win over the copy on disk. What each check found is kept (diskChecks.ts):
// a file opened unchanged shows it at once.
import type { Diagnostic } from 'vscode-languageserver';
import type { WindowsTarget } from './catalog';
import type { WorkspaceIndex } from './analysis/workspaceIndex';
import { DiskChecks, diskCheck, sourceStamp } from './diskChecks';
import { fileKey, filePath } from './fileUris';
import { toDiagnostic } from './features/diagnostics';
import { parseSourceInSlices } from './parse/document';
import type { SourceLanguage } from './parse/parser';
import type { PreprocessEnv } from './parse/preprocessEnv';
import { checkFileUnlessStopped } from './rules';
import { readSourceText } from './workspace/sourceText';

/** Files checked per run at most: the rest keeps whatever it had. */
export const MAX_CHECKED_FILES = 5000;

export interface WorkspaceCheckResult {
  /** Files checked in this run. */
  files: number;
  /** Of those, the files with at least one finding. */
  filesWithFindings: number;
  findings: number;
  /** The run was stopped (a newer run, or the user cancelled) before every file was checked. */
  stopped: boolean;
}

export interface ProgressSink {
  report(done: number, total: number): void;
  done(): void;
}

export interface WorkspaceFindingsHost {
  index: WorkspaceIndex;
  /** Progress shown for a check of the whole workspace in the background. */
  backgroundProgress?(): Promise<ProgressSink | undefined>;
  /** The target Windows version and the preprocessor environment a file is parsed in. */
  target(uri: string): WindowsTarget;
  env(uri: string): PreprocessEnv;
  isOpen(uri: string): boolean;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  log(message: string): void;
}

interface Waiter {
  resolve(result: WorkspaceCheckResult): void;
  progress?: (done: number, total: number) => void;
  cancelled?: () => boolean;
}

/** Changes come in bursts (a save, a branch switch): checks start this long after the last one. */
export const RECHECK_DELAY_MS = 300;

export class WorkspaceFindings {
  /**
   * Files whose diagnostics came from disk (so they can be taken back), by fileKey, with the URI
   * they were published under: the index, the editor and file watchers may spell it differently.
   */
  private readonly published = new Map<string, string>();
  private run = 0;
  /** What is still to check: some files, or every file. */
  private pending: Set<string> | 'all' | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private working = false;
  /** Callers of checkNow(), answered when a whole-workspace run ends. */
  private waiters: Waiter[] = [];
  private readonly lastChecks = new DiskChecks();

  constructor(private readonly host: WorkspaceFindingsHost) {}

  /**
   * Checks these files (or all) soon. A whole-workspace check stops the one in progress and
   * starts over; a few files wait for the run in progress to end.
   */
  schedule(uris: string[] | 'all', delayMs = RECHECK_DELAY_MS): void {
    if (uris === 'all' || this.pending === 'all') this.pending = 'all';
    else {
      const set: Set<string> = this.pending ?? new Set<string>();
      uris.forEach((u) => set.add(u));
      this.pending = set;
    }
    if (this.pending === 'all') this.stop();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), delayMs);
  }

  /** Checks the whole workspace now (the "Check Workspace" command); resolves when done or cancelled. */
  checkNow(
    progress?: (done: number, total: number) => void,
    cancelled?: () => boolean,
  ): Promise<WorkspaceCheckResult> {
    const answer = new Promise<WorkspaceCheckResult>((resolve) =>
      this.waiters.push({ resolve, progress, cancelled }),
    );
    this.schedule('all', 0);
    return answer;
  }

  private async drain(): Promise<void> {
    if (this.working) return; // the loop below takes what was scheduled meanwhile
    this.working = true;
    try {
      while (this.pending) {
        const todo = this.pending;
        this.pending = undefined;
        if (todo !== 'all') {
          await this.checkAll({ uris: [...todo] });
          continue;
        }
        const waiters = [...this.waiters];
        const userCancelled = () => waiters.length > 0 && waiters.every((w) => w.cancelled?.());
        const sink = await this.host.backgroundProgress?.();
        let result: WorkspaceCheckResult;
        try {
          result = await this.checkAll({
            progress: (done, total) => {
              sink?.report(done, total);
              waiters.forEach((w) => w.progress?.(done, total));
            },
            cancelled: userCancelled,
          });
        } finally {
          sink?.done();
        }
        // Stopped by a newer run: that run answers them. Done, or cancelled by the user: answer now.
        if (!result.stopped || userCancelled()) {
          this.waiters = this.waiters.filter((w) => !waiters.includes(w));
          waiters.forEach((w) => w.resolve(result));
        }
      }
    } finally {
      this.working = false;
    }
  }

  /** Stops the running check, if any. */
  private stop(): void {
    this.run++;
  }

  /** Stops checking and takes back every diagnostic published from disk. */
  clear(): void {
    this.pending = undefined;
    clearTimeout(this.timer);
    this.stop();
    const none: WorkspaceCheckResult = { files: 0, filesWithFindings: 0, findings: 0, stopped: true };
    this.waiters.splice(0).forEach((w) => w.resolve(none));
    for (const uri of this.published.values()) if (!this.host.isOpen(uri)) this.host.publish(uri, []);
    this.published.clear();
  }

  /** Diagnostics from disk are shown for this file. */
  isPublished(uri: string): boolean {
    return this.published.has(fileKey(uri));
  }

  /**
   * A document was closed: whatever it showed is replaced by the findings of the file on disk,
   * none included, once that is checked.
   */
  closed(uri: string): void {
    this.published.set(fileKey(uri), uri);
  }

  /**
   * The diagnostics of the last check of this file on disk, when the document opened as `uri`
   * with `text` in `language` would be found the same now; else undefined.
   */
  unchangedOnDisk(uri: string, text: string, language: SourceLanguage): Diagnostic[] | undefined {
    return this.lastChecks.unchanged(
      uri,
      () => sourceStamp(text, language, this.host.env(uri).key, this.host.target(uri)),
      this.host.index,
    );
  }

  /** An open document now speaks for itself; when it closes, it is checked from disk again. */
  opened(uri: string): void {
    const key = fileKey(uri);
    const was = this.published.get(key);
    this.published.delete(key);
    // Published under another spelling: the client would show both, the open document's and these.
    if (was !== undefined && was !== uri) this.host.publish(was, []);
  }

  /**
   * Checks every indexed file that is not open (or only `uris`), stopping an older run.
   * `progress` hears (done, total) now and then; `cancelled` is asked between files.
   */
  private async checkAll(
    options: {
      uris?: string[];
      progress?: (done: number, total: number) => void;
      cancelled?: () => boolean;
    } = {},
  ): Promise<WorkspaceCheckResult> {
    const run = ++this.run;
    const stopped = () => run !== this.run || !!options.cancelled?.();
    // Each file once, by the URI it is indexed under, whatever spelling asked for it.
    const asked = options.uris?.map((u) => this.host.index.indexedUri(u) ?? u) ?? this.host.index.uris();
    const todo = [...new Map(asked.map((u) => [fileKey(u), u])).values()]
      .filter((u) => u.startsWith('file:') && !this.host.isOpen(u))
      .slice(0, MAX_CHECKED_FILES);
    const result: WorkspaceCheckResult = { files: 0, filesWithFindings: 0, findings: 0, stopped: false };
    const started = Date.now();
    for (let i = 0; i < todo.length; i++) {
      if (stopped()) return { ...result, stopped: true };
      options.progress?.(i, todo.length);
      const diagnostics = await this.checkOne(todo[i], stopped);
      if (!diagnostics) continue;
      result.files++;
      if (diagnostics.length) result.filesWithFindings++;
      result.findings += diagnostics.length;
    }
    options.progress?.(todo.length, todo.length);
    if (!options.uris)
      this.host.log(
        `Checked ${result.files} workspace files in ${Date.now() - started} ms: ${result.findings} findings in ${result.filesWithFindings} files.`,
      );
    return result;
  }

  /** The diagnostics published for one file on disk; undefined when it was not checked. */
  private async checkOne(uri: string, stopped: () => boolean): Promise<Diagnostic[] | undefined> {
    const path = filePath(uri);
    const source = path === undefined ? undefined : readSourceText(path);
    if (!source) {
      this.forget(uri);
      return undefined;
    }
    if (source.role === 'skipped') return undefined;
    if (source.role !== 'checked') {
      this.forget(uri);
      return [];
    }
    const target = this.host.target(uri);
    const file = await parseSourceInSlices(uri, source.text, 2, this.host.env(uri));
    try {
      if (!file.tree || stopped()) return undefined;
      const { index } = this.host;
      const generation = index.generation;
      const findings = await checkFileUnlessStopped(
        file,
        target,
        index.viewFor(uri),
        () => stopped() || this.host.isOpen(uri),
      );
      if (!findings || this.host.isOpen(uri)) return undefined;
      const diagnostics = findings.map((f) => toDiagnostic(file, f));
      // Kept when the check read the file's own facts as made from this parse, and nothing in
      // the index changed while it ran.
      const stamp = sourceStamp(source.text, file.language, file.envKey, target);
      if (index.generation === generation && index.stampOf(uri) === stamp)
        this.lastChecks.remember(diskCheck(uri, stamp, index, diagnostics));
      else this.lastChecks.forget(uri);
      const key = fileKey(uri);
      const was = this.published.get(key);
      if (was !== undefined && was !== uri) this.host.publish(was, []);
      if (diagnostics.length || was !== undefined) this.host.publish(uri, diagnostics);
      if (diagnostics.length) this.published.set(key, uri);
      else this.published.delete(key);
      return diagnostics;
    } finally {
      file.dispose();
    }
  }

  /** A file that is gone or no longer ours loses what was published for it. */
  forget(uri: string): void {
    this.lastChecks.forget(uri);
    const key = fileKey(uri);
    const was = this.published.get(key);
    if (was === undefined) return;
    this.published.delete(key);
    if (!this.host.isOpen(uri)) this.host.publish(was, []);
  }
}
