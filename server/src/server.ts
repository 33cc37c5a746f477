// LSP wiring only: every answer comes from the engine under features/ and rules/.
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { limitHeapGrowth } from './heapSettings';
import { keepWasmAtBaseline } from './wasmTiers';
import { IdleCollector } from './idleCollection';
import { solutionGrouping } from './workspace/solutions';
import { WorkspaceIndex } from './analysis/workspaceIndex';
import { ParsedDocuments } from './documents';
import { fileKey, filePath } from './fileUris';
import { completionAt } from './features/completion';
import { FIX_ALL_KIND, fixAllAction, quickFixes, toDiagnostic } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { injectionCodeLenses } from './features/codeLens';
import { buildInjectionFlow } from './features/injectionFlow';
import { inlayHintsIn } from './features/inlayHints';
import { signatureHelpAt } from './features/signatureHelp';
import { languageFor, loadParser } from './parse/parser';
import type { SourceFile } from './parse/document';
import type { Finding } from './rules';
import { DeclarationFindings } from './rules/declarationFindings';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';
import { indexFile, scanWorkspace } from './workspace/scan';
import { hasCppSources } from './workspace/sourceFiles';
import { isIndexed, sourceRole, type SourceRole } from './workspace/sourceText';
import { indexUnrelated } from './workspace/unloadRoutines';
import { ProjectEnvironment } from './project/environment';
import { WorkspaceFindings } from './workspaceFindings';
import { warmUp } from './warmUp';
import { checkWorkspaceRequest, injectionFlowRequest } from '../../shared/protocol';
import { nextTurn } from './nextTurn';

keepWasmAtBaseline();
/** Gives back what a burst of edits or indexing left behind once the server is idle. */
const idle = new IdleCollector();
const connection = createConnection(ProposedFeatures.all);
const log = (message: string) => connection.console.log(message);
const index = new WorkspaceIndex();
let settings: Settings = DEFAULT_SETTINGS;
/** Target, defines and annotation macros per file: the project's files, the workspace, the settings. */
const project = new ProjectEnvironment();

/** Open documents by fileKey: the scan and file watchers may spell an open file's URI differently. */
const openKeys = new Set<string>();
const isOpen = (uri: string) => openKeys.has(fileKey(uri));

const targetOf = (uri: string) => project.targetFor(filePath(uri));

/** Each parse's role, read once: indexing and checking both ask, and the text is a whole file. */
const roles = new WeakMap<SourceFile, SourceRole>();
function roleOf(file: SourceFile): SourceRole {
  let role = roles.get(file);
  if (!role) roles.set(file, (role = sourceRole(file.text).role));
  return role;
}

/** Indexes an open document's parse as the workspace scan indexes its file; whether others see a change. */
function indexOpen(file: SourceFile): boolean {
  const role = roleOf(file);
  if (isIndexed(role)) return index.update(file, targetOf(file.uri), true);
  if (role === 'unrelated') return indexUnrelated(index, file.uri, file.text);
  return index.remove(file.uri);
}

const parsed = new ParsedDocuments(
  log,
  (file, edited) => {
    // A change that others can see (a handle, a registration) re-checks the other open files.
    // A file that names nothing of WFP is not parsed into the index, open or not (as the
    // workspace scan and the CLI do): a large unrelated source would otherwise be analysed on
    // every keystroke. Only the unload routine its text sets is kept (unloadRoutines.ts). (Its
    // macros were learned before the parse, below.)
    // A struct that changed is not seen by others, but their injections that pass a completion
    // function are checked again (DeclarationFindings checks only those).
    const layouts = index.layoutGeneration;
    const seen = indexOpen(file);
    if (seen || index.layoutGeneration !== layouts)
      documents.all().forEach((d) => d.uri !== file.uri && scheduleValidation(d));
    if (seen) recheckWorkspace('all', edited ? RECHECK_WHILE_TYPING_MS : undefined);
  },
  (uri) => project.envFor(filePath(uri)),
  // The findings of a provisional parse are checked again on the parse from scratch.
  (uri) => {
    findingsCache.delete(uri);
    const doc = documents.get(uri);
    if (doc) scheduleValidation(doc);
  },
  // Macros an open file defines apply in every file, its own parse included: they are learned
  // before it is parsed (`#define INITGUID`, `#define MY_API NTAPI`), and a change re-parses the
  // other open documents. Learned after, they changed the environment under the file's first
  // check, which then began again on a new parse: an open took twice as long.
  (uri, text) => {
    const path = filePath(uri);
    if (path && project.learn(fileKey(uri), text)) setImmediate(() => environmentChanged(undefined, uri));
  },
);

const workspaceFindings = new WorkspaceFindings({
  index,
  target: targetOf,
  env: (uri) => project.envFor(filePath(uri)),
  isOpen,
  publish: (uri, diagnostics) => {
    void connection.sendDiagnostics({ uri, diagnostics });
    idle.activity();
  },
  log,
  backgroundProgress: async () => {
    if (!workDoneProgress) return undefined;
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('WFP: checking the workspace', 0, undefined, false);
    return (
      progress && {
        report: (done, total) =>
          progress.report(total ? Math.round((done * 100) / total) : 100, `${done}/${total} files`),
        done: () => progress.done(),
      }
    );
  },
});
/** Settles once the workspace folders are indexed (at once without folders). */
let indexed: Promise<void> = Promise.resolve();
/**
 * Cold start: the file whose opening started the extension is checked before the workspace is
 * indexed, so its diagnostics and lenses do not wait behind hundreds of files (at most
 * FIRST_CHECK_WAIT_MS; the indexing re-checks it when done).
 */
const FIRST_CHECK_WAIT_MS = 3000;
/** With no document opened this soon after `initialized`, nothing is worth waiting for. */
const FIRST_OPEN_WAIT_MS = 500;
let firstCheckDone: () => void = () => undefined;
/**
 * Settles with the first diagnostics published, FIRST_OPEN_WAIT_MS after `initialized` when no
 * document is open by then, or FIRST_CHECK_WAIT_MS after it at the latest.
 */
function firstCheck(): Promise<void> {
  return new Promise<void>((resolve) => {
    firstCheckDone = resolve;
    setTimeout(resolve, FIRST_CHECK_WAIT_MS).unref?.();
    setTimeout(() => documents.all().length || resolve(), FIRST_OPEN_WAIT_MS).unref?.();
    if (firstPublished) resolve();
  });
}
let firstPublished = false;

/**
 * How long typing must pause before the workspace's files on disk are checked again for it. Most
 * letters typed into a name change what the file shows the others (a call's callee): re-checked
 * 300 ms after each, the files were parsed again in the background for as long as the user
 * typed, a third of the server's time, and keystrokes waited behind it (with Windows-driver-samples
 * `network/` as the workspace, edit → diagnostics p95 61 → 52 ms, 107 → 63 ms for a letter typed
 * into a name, measured while the bench still opened its file as a second copy of the one on
 * disk). Open files are checked again at once, as before.
 */
const RECHECK_WHILE_TYPING_MS = 1500;

/**
 * Files not open are checked again when the index changes: all of them in the `workspace`
 * scope (only once the index is complete), else only those a "Check Workspace" run reported on.
 */
function recheckWorkspace(uris: string[] | 'all', delayMs?: number): void {
  if (settings.diagnosticsScope === 'workspace') {
    if (index.complete) workspaceFindings.schedule(uris, delayMs);
    return;
  }
  const shown = (uris === 'all' ? index.uris() : uris).filter((u) => workspaceFindings.isPublished(u));
  if (shown.length) workspaceFindings.schedule(shown, delayMs);
}

/**
 * Targets, defines or learned macros changed: every open document is parsed and checked again,
 * and the workspace's files after `delayMs` (the default waits for the end of a burst of changes).
 */
function environmentChanged(delayMs?: number, parsedAlready?: string): void {
  parsed.invalidate((doc) => project.envFor(filePath(doc)).key);
  findingsCache.clear();
  // The document whose macros changed it is being parsed in the new environment already.
  documents.all().forEach((doc) => doc.uri !== parsedAlready && scheduleValidation(doc));
  recheckWorkspace('all', delayMs);
}

function applySettings(next: Settings): void {
  const before = settings;
  settings = next;
  project.setUser({
    target: settings.targetExplicit ? settings.targetWindows : undefined,
    defines: settings.defines,
    macros: settings.macros,
  });
  if (codeLensRefresh && before.codeLens !== next.codeLens)
    void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  // Back to open files only: what was published for the others goes (environmentChanged re-checks the rest).
  if (next.diagnosticsScope === 'openFiles' && before.diagnosticsScope === 'workspace')
    workspaceFindings.clear();
}
const documents = new TextDocuments(TextDocument);
let pullConfiguration = false;
let workDoneProgress = false;
let inlayHintRefresh = false;
let codeLensRefresh = false;
let workspaceFolders: string[] = [];

/** Findings per document version and index generation, shared by diagnostics and code actions. */
const findingsCache = new Map<string, { version: number; generation: number; findings: Finding[] }>();

/** Per open document: findings kept per top-level declaration, so an edit re-checks what it touched. */
const declarationFindings = new Map<string, DeclarationFindings>();

/** Undefined when the request was cancelled or the document changed before the check ended. */
async function findingsFor(
  doc: TextDocument,
  token?: CancellationToken,
): Promise<{ file: SourceFile; findings: Finding[] } | undefined> {
  // The environment can change under a check (the workspace's macros learned, a setting): the
  // same version is then parsed again and checked on the new parse.
  for (let attempt = 0; attempt < 3; attempt++) {
    const got = await findingsOnce(doc, token);
    if (got !== 'superseded') return got;
  }
  return undefined;
}

async function findingsOnce(
  doc: TextDocument,
  token?: CancellationToken,
): Promise<{ file: SourceFile; findings: Finding[] } | 'superseded' | undefined> {
  const version = doc.version;
  const file = await parsed.get(doc);
  const cached = findingsCache.get(doc.uri);
  if (cached && cached.version === version && cached.generation === index.generation)
    return { file, findings: cached.findings };
  const generation = index.generation;
  if (roleOf(file) !== 'checked') {
    // No call of the catalog, nothing to report (the CLI does not check such files either).
    declarationFindings.delete(doc.uri);
    findingsCache.set(doc.uri, { version, generation, findings: [] });
    return { file, findings: [] };
  }
  const stop = () =>
    !!token?.isCancellationRequested ||
    documents.get(doc.uri)?.version !== version ||
    parsed.superseded(file);
  let byDeclaration = declarationFindings.get(doc.uri);
  if (!byDeclaration) declarationFindings.set(doc.uri, (byDeclaration = new DeclarationFindings()));
  const findings = await byDeclaration.findings(
    file,
    targetOf(doc.uri),
    index.viewFor(doc.uri),
    stop,
    nextTurn,
  );
  const current = !token?.isCancellationRequested && documents.get(doc.uri)?.version === version;
  if (parsed.superseded(file)) return current ? 'superseded' : undefined;
  if (!findings) return undefined;
  findingsCache.set(doc.uri, { version, generation, findings });
  return { file, findings };
}

const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');

/** A position on a line the document does not have gets no answer (rather than the last line's). */
function beyondEnd(doc: TextDocument, position: Position | undefined): boolean {
  // A malformed request (no position) is answered like one past the end: null, not an error.
  return !(position && position.line >= 0 && position.line < doc.lineCount);
}

/** Runs a handler, logging instead of failing: a bad file must never break the editor. */
async function safely<T>(what: string, fn: () => Promise<T | null> | T | null): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    log(`${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return null;
  }
}

async function withFile<T>(
  p: { textDocument: { uri: string }; position?: Position },
  token: CancellationToken,
  what: string,
  fn: (file: SourceFile, doc: TextDocument) => T | null,
): Promise<T | ResponseError<void> | null> {
  const doc = documents.get(p.textDocument.uri);
  if (!doc || (p.position && beyondEnd(doc, p.position))) return null;
  return safely(what, async () => {
    const file = await parsed.get(doc);
    return token.isCancellationRequested ? cancelled() : fn(file, doc);
  });
}

const pendingValidation = new Map<string, ReturnType<typeof setTimeout>>();

function scheduleValidation(doc: TextDocument): void {
  clearTimeout(pendingValidation.get(doc.uri));
  pendingValidation.set(
    doc.uri,
    setTimeout(() => {
      pendingValidation.delete(doc.uri);
      void safely('diagnostics', async () => {
        const current = documents.get(doc.uri);
        if (!current || current.version !== doc.version) return null;
        const version = current.version;
        const got = await findingsFor(current);
        if (!got || documents.get(doc.uri)?.version !== version) return null;
        const { file, findings } = got;
        await connection.sendDiagnostics({
          uri: current.uri,
          version,
          diagnostics: findings.map((f) => toDiagnostic(file, f)),
        });
        firstPublished = true;
        firstCheckDone();
        idle.activity();
        return null;
      });
    }, 0),
  );
}

connection.onInitialize(async (params): Promise<InitializeResult> => {
  applySettings(parseSettings(params.initializationOptions));
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  workDoneProgress = !!params.capabilities.window?.workDoneProgress;
  inlayHintRefresh = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
  codeLensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
  if (!workspaceFolders.length && params.rootUri) workspaceFolders = [params.rootUri];
  // A lone file: what is open is all there is to know, from the first check on (set later, the
  // first file checked missed what needs the whole workspace, WFP3008, until its next edit).
  if (!workspaceFolders.length) index.complete = true;
  const roots = workspaceFolders.map(filePath).filter((p): p is string => !!p);
  project.setRoots(roots);
  // C is what drivers are mostly written in; the C++ grammar loads now only where the workspace
  // has C++ files, else with the first one opened (so too after failing here). The engine runs
  // once on a sample before the answer: the first file opened is checked warm.
  workspaceHasCpp = hasCppSources(roots);
  const cpp = workspaceHasCpp
    ? loadParser('cpp').catch((err) => log(`Could not load the C++ grammar: ${String(err)}`))
    : undefined;
  await Promise.all([loadParser('c'), cpp]).then(
    () => warmUp().catch((err) => log(`The warm-up check failed: ${String(err)}`)),
    (err) => log(`Could not load the tree-sitter grammars: ${String(err)}`),
  );
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [',', ')'] },
      completionProvider: { triggerCharacters: ['_'], resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      codeLensProvider: { resolveProvider: false },
      inlayHintProvider: true,
    },
    serverInfo: { name: 'wfp-injection-assistant' },
  };
});

async function refreshSettings(): Promise<void> {
  if (!pullConfiguration) return;
  const raw = await connection.workspace.getConfiguration('wfp').catch(() => undefined);
  const before = JSON.stringify(settings);
  if (raw) applySettings(parseSettings(raw));
  // At start the client usually repeats what initialize said: nothing to do again then.
  if (JSON.stringify(settings) === before) return;
  environmentChanged();
  if (inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
}

async function indexWorkspace(): Promise<void> {
  // A lone file: the index was complete from the start (onInitialize).
  if (!workspaceFolders.length) return;
  const progress = workDoneProgress
    ? await connection.window.createWorkDoneProgress().catch(() => undefined)
    : undefined;
  progress?.begin('WFP: indexing C/C++ files', 0, undefined, false);
  // Each driver of the workspace (a folder with a solution) is checked against its own files.
  index.setGrouping(solutionGrouping());
  await scanWorkspace(
    workspaceFolders,
    index,
    project,
    isOpen,
    {
      report: (done, total) =>
        progress?.report(total ? Math.round((done * 100) / total) : 100, `${done}/${total} files`),
    },
    log,
  );
  progress?.done();
  idle.activity();
  // Open documents were parsed before the workspace's macros were known. With none open, the
  // files on disk are checked at once (no burst of changes to wait out), so that one opened
  // unchanged a moment later shows what its check found (publishUnchangedFromDisk).
  environmentChanged(documents.all().length ? undefined : 0);
}

connection.onInitialized(() => {
  void refreshSettings();
  // The wait counts from here, not from the process start: a slow start must not use it up.
  indexed = firstCheck()
    // Until the first publish V8 grows the heap as it likes: that check is the one that builds it.
    .then(limitHeapGrowth)
    .then(() => safely('idle warm-up', warmUpWhileIdle))
    .then(() => safely('workspace indexing', indexWorkspace))
    .then(() => undefined);
});

/**
 * Rounds of the warm-up check run when no document was opened soon after start (the extension
 * starts with a workspace of C files): V8 optimises the engine then, so the first file opened
 * is checked warm, in about two thirds of the time. A round takes 5-30 ms.
 */
const IDLE_WARM_UP_ROUNDS = 20;

/** Set at `initialize`: the C++ grammar is loaded then, and warmed up too. */
let workspaceHasCpp = false;

async function warmUpWhileIdle(): Promise<null> {
  const started = Date.now();
  let round = 0;
  for (; round < IDLE_WARM_UP_ROUNDS && !documents.all().length; round++) {
    await warmUp(workspaceHasCpp && round % 2 ? 'cpp' : 'c');
    // An opened document waits for one round at most.
    await nextTurn();
  }
  if (round) log(`Warmed up while idle: ${round} checks of the sample in ${Date.now() - started} ms.`);
  idle.activity();
  return null;
}

connection.onDidChangeWatchedFiles((change) => {
  void safely('file watching', async () => {
    let learned = false;
    const visibleBefore = index.visibleGeneration;
    const changed: string[] = [];
    for (const event of change.changes) {
      const path = filePath(event.uri);
      if (!path || isOpen(event.uri)) continue;
      if (event.type === 3) {
        index.remove(event.uri);
        workspaceFindings.forget(event.uri);
        if (project.forget(fileKey(event.uri))) learned = true;
      } else {
        if (await indexFile(path, event.uri, index, project, log, isOpen)) learned = true;
        changed.push(event.uri);
      }
    }
    if (learned) environmentChanged();
    else {
      documents.all().forEach(scheduleValidation);
      // What other files see changed: all of them; else only the changed files.
      recheckWorkspace(index.visibleGeneration !== visibleBefore ? 'all' : changed);
    }
    return null;
  });
});
connection.onDidChangeConfiguration((change) => {
  if (pullConfiguration) void refreshSettings();
  else {
    applySettings(parseSettings((change.settings as { wfp?: unknown } | undefined)?.wfp));
    environmentChanged();
    if (inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
  }
});

documents.onDidOpen((e) => {
  openKeys.add(fileKey(e.document.uri));
  workspaceFindings.opened(e.document.uri);
  publishUnchangedFromDisk(e.document);
  scheduleValidation(e.document);
});

/**
 * A document opened as it is on disk, whose file was checked there since anything it sees
 * changed: those findings are its findings, shown at once; its own check follows (the caches of
 * edits, code actions and lenses need it) and publishes the same.
 */
function publishUnchangedFromDisk(doc: TextDocument): void {
  const diagnostics = workspaceFindings.unchangedOnDisk(
    doc.uri,
    doc.getText(),
    languageFor(doc.uri, doc.languageId),
  );
  if (diagnostics) void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
}
documents.onDidChangeContent((e) => scheduleValidation(e.document));
documents.onDidClose((e) => {
  openKeys.delete(fileKey(e.document.uri));
  parsed.forget(e.document.uri);
  index.closed(e.document.uri);
  findingsCache.delete(e.document.uri);
  declarationFindings.delete(e.document.uri);
  // The saved file on disk is what the workspace holds now; in the workspace scope its findings
  // stay, replaced by those of the file on disk once it is checked.
  const uri = e.document.uri;
  const path = filePath(uri);
  const fromDisk = !!path && settings.diagnosticsScope === 'workspace';
  if (!fromDisk) void connection.sendDiagnostics({ uri, diagnostics: [] });
  if (path) {
    void safely('reindex', async () => {
      const visibleBefore = index.visibleGeneration;
      const learned = await indexFile(path, uri, index, project, log, isOpen);
      if (fromDisk) workspaceFindings.closed(uri);
      if (learned) environmentChanged();
      else recheckWorkspace(index.visibleGeneration !== visibleBefore ? 'all' : [uri]);
      return null;
    });
  } else index.remove(uri);
});

connection.onHover((p, token) =>
  withFile(p, token, 'hover', (file) => hoverAt(file, file.offsetAt(p.position), targetOf(file.uri))),
);
connection.onSignatureHelp((p, token) =>
  withFile(p, token, 'signature help', (file) =>
    signatureHelpAt(file, file.offsetAt(p.position), targetOf(file.uri)),
  ),
);
connection.onCompletion((p, token) =>
  withFile(p, token, 'completion', (file) =>
    completionAt(file, file.offsetAt(p.position), targetOf(file.uri)),
  ),
);
connection.languages.inlayHint.on((p, token) =>
  withFile(p, token, 'inlay hints', (file) =>
    inlayHintsIn(
      file,
      file.offsetAt(p.range.start),
      file.offsetAt(p.range.end),
      targetOf(file.uri),
      settings.parameterNameHints,
    ),
  ),
);
connection.onCodeAction(async (p, token) => {
  const doc = documents.get(p.textDocument.uri);
  if (!doc || beyondEnd(doc, p.range.start)) return null;
  return safely<CodeAction[] | ResponseError<void>>('code actions', async () => {
    const got = await findingsFor(doc, token);
    // Stopped: cancelled by the client, or the document changed (the client asks again).
    if (!got) return token.isCancellationRequested ? cancelled() : null;
    const { file, findings } = got;
    const only = p.context.only;
    const actions: CodeAction[] = [];
    if (
      !only ||
      only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))
    ) {
      actions.push(...quickFixes(file, findings, p.range));
    }
    if (only?.some((k) => FIX_ALL_KIND.startsWith(k))) {
      const all = fixAllAction(file, findings);
      if (all) actions.push(all);
    }
    return actions;
  });
});

connection.onCodeLens((p, token) =>
  withFile(p, token, 'code lens', (file) =>
    settings.codeLens ? injectionCodeLenses(file, targetOf(file.uri)) : [],
  ),
);
connection.onRequest(checkWorkspaceRequest, async (p, token) =>
  safely('check workspace', async () => {
    const progress =
      p?.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(p.workDoneToken) : undefined;
    progress?.begin('WFP: checking the workspace', 0, 'indexing…', true);
    try {
      await indexed;
      const result = await workspaceFindings.checkNow(
        (done, total) =>
          progress?.report(total ? Math.round((done * 100) / total) : 100, `${done}/${total} files`),
        () => token.isCancellationRequested,
      );
      return { ...result, openFiles: documents.all().length, complete: index.complete };
    } finally {
      progress?.done();
    }
  }),
);
connection.onRequest(injectionFlowRequest, async (p, token) => {
  const doc = documents.get(p.textDocument?.uri);
  if (!doc || beyondEnd(doc, p.position)) return null;
  return safely('injection flow', async () => {
    const got = await findingsFor(doc, token);
    if (!got) return token.isCancellationRequested ? cancelled() : null;
    const { file, findings } = got;
    const view = index.viewFor(file.uri);
    return buildInjectionFlow(file, file.offsetAt(p.position), targetOf(file.uri), view, findings);
  });
});

documents.listen(connection);
connection.listen();
