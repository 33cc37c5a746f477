// LSP wiring only: every answer comes from the engine under features/ and rules/.
import {
  CodeActionKind,
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';
import { WorkspaceIndex } from './analysis/workspaceIndex';
import { ParsedDocuments } from './documents';
import { completionAt } from './features/completion';
import { FIX_ALL_KIND, fixAllAction, quickFixes, toDiagnostic } from './features/diagnostics';
import { hoverAt } from './features/hover';
import { injectionCodeLenses } from './features/codeLens';
import { buildInjectionFlow } from './features/injectionFlow';
import { inlayHintsIn } from './features/inlayHints';
import { signatureHelpAt } from './features/signatureHelp';
import { loadParsers } from './parse/parser';
import type { SourceFile } from './parse/document';
import { INJECTION_FLOW_REQUEST, type InjectionFlowModel, type InjectionFlowParams } from './protocol/injectionFlow';
import { checkFile, type Finding } from './rules';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';
import { indexFile, scanWorkspace } from './workspaceScan';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);
const index = new WorkspaceIndex();
let settings: Settings = DEFAULT_SETTINGS;
const parsed = new ParsedDocuments(log, (file) => {
  // A change that others can see (a handle, a registration) re-checks the other open files.
  if (index.update(file, settings.targetWindows)) {
    documents.all().forEach((d) => d.uri !== file.uri && scheduleValidation(d));
  }
});
let pullConfiguration = false;
let workDoneProgress = false;
let inlayHintRefresh = false;
let workspaceFolders: string[] = [];

/** Findings per document version and index generation, shared by diagnostics and code actions. */
const findingsCache = new Map<string, { version: number; generation: number; findings: Finding[] }>();

async function findingsFor(doc: TextDocument): Promise<{ file: SourceFile; findings: Finding[] }> {
  const file = await parsed.get(doc);
  const cached = findingsCache.get(doc.uri);
  if (cached && cached.version === doc.version && cached.generation === index.generation) return { file, findings: cached.findings };
  const generation = index.generation;
  const findings = checkFile(file, settings.targetWindows, index);
  findingsCache.set(doc.uri, { version: doc.version, generation, findings });
  return { file, findings };
}

/** Runs a handler, logging instead of failing: a bad file must never break the editor. */
async function safely<T>(what: string, fn: () => Promise<T | null> | T | null): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    log(`${what} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return null;
  }
}

async function withFile<T>(uri: string, what: string, fn: (file: SourceFile, doc: TextDocument) => T | null): Promise<T | null> {
  const doc = documents.get(uri);
  if (!doc) return null;
  return safely(what, async () => fn(await parsed.get(doc), doc));
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
        const { file, findings } = await findingsFor(current);
        if (documents.get(doc.uri)?.version !== current.version) return null;
        await connection.sendDiagnostics({
          uri: current.uri,
          version: current.version,
          diagnostics: findings.map((f) => toDiagnostic(file, f)),
        });
        return null;
      });
    }, 0),
  );
}

connection.onInitialize((params): InitializeResult => {
  settings = parseSettings(params.initializationOptions);
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  workDoneProgress = !!params.capabilities.window?.workDoneProgress;
  inlayHintRefresh = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
  if (!workspaceFolders.length && params.rootUri) workspaceFolders = [params.rootUri];
  void loadParsers().catch((err) => log(`Could not load the tree-sitter grammars: ${String(err)}`));
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
  if (raw) settings = parseSettings(raw);
  findingsCache.clear();
  documents.all().forEach(scheduleValidation);
  if (inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
}

async function indexWorkspace(): Promise<void> {
  if (!workspaceFolders.length) {
    // A lone file: what is open is all there is to know.
    index.complete = true;
    return;
  }
  const progress = workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  progress?.begin('WFP: indexing C/C++ files', 0, undefined, false);
  await scanWorkspace(
    workspaceFolders,
    index,
    settings.targetWindows,
    (uri) => !!documents.get(uri),
    { report: (done, total) => progress?.report(total ? Math.round((done * 100) / total) : 100, `${done}/${total} files`) },
    log,
  );
  progress?.done();
  documents.all().forEach(scheduleValidation);
}

connection.onInitialized(() => {
  void refreshSettings();
  void safely('workspace indexing', indexWorkspace);
});

connection.onDidChangeWatchedFiles((change) => {
  void safely('file watching', async () => {
    for (const event of change.changes) {
      if (documents.get(event.uri) || !event.uri.startsWith('file:')) continue;
      if (event.type === 3) index.remove(event.uri);
      else await indexFile(fileURLToPath(event.uri), event.uri, index, settings.targetWindows, log);
    }
    documents.all().forEach(scheduleValidation);
    return null;
  });
});
connection.onDidChangeConfiguration((change) => {
  if (pullConfiguration) void refreshSettings();
  else {
    settings = parseSettings((change.settings as { wfp?: unknown } | undefined)?.wfp);
    findingsCache.clear();
    documents.all().forEach(scheduleValidation);
    if (inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
  }
});

documents.onDidOpen((e) => scheduleValidation(e.document));
documents.onDidChangeContent((e) => scheduleValidation(e.document));
documents.onDidClose((e) => {
  parsed.forget(e.document.uri);
  // The saved file on disk is what the workspace holds now.
  if (e.document.uri.startsWith('file:')) {
    void safely('reindex', () => indexFile(fileURLToPath(e.document.uri), e.document.uri, index, settings.targetWindows, log).then(() => null));
  } else index.remove(e.document.uri);
  findingsCache.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover((p) => withFile(p.textDocument.uri, 'hover', (file) => hoverAt(file, file.offsetAt(p.position), settings.targetWindows)));
connection.onSignatureHelp((p) =>
  withFile(p.textDocument.uri, 'signature help', (file) => signatureHelpAt(file, file.offsetAt(p.position), settings.targetWindows)),
);
connection.onCompletion((p) =>
  withFile(p.textDocument.uri, 'completion', (file) => completionAt(file, file.offsetAt(p.position), settings.targetWindows)),
);
connection.languages.inlayHint.on((p) =>
  withFile(p.textDocument.uri, 'inlay hints', (file) =>
    inlayHintsIn(file, file.offsetAt(p.range.start), file.offsetAt(p.range.end), settings.targetWindows, settings.parameterNameHints),
  ),
);
connection.onCodeAction(async (p) => {
  const doc = documents.get(p.textDocument.uri);
  if (!doc) return null;
  return safely('code actions', async () => {
    const { file, findings } = await findingsFor(doc);
    const only = p.context.only;
    const actions: CodeAction[] = [];
    if (!only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) {
      actions.push(...quickFixes(file, findings, p.range));
    }
    if (only?.some((k) => FIX_ALL_KIND.startsWith(k))) {
      const all = fixAllAction(file, findings);
      if (all) actions.push(all);
    }
    return actions;
  });
});

connection.onCodeLens((p) => withFile(p.textDocument.uri, 'code lens', (file) => injectionCodeLenses(file, settings.targetWindows)));
connection.onRequest(INJECTION_FLOW_REQUEST, async (p: InjectionFlowParams): Promise<InjectionFlowModel | null> => {
  const doc = documents.get(p.textDocument?.uri);
  if (!doc) return null;
  return safely('injection flow', async () => {
    const { file, findings } = await findingsFor(doc);
    return buildInjectionFlow(file, file.offsetAt(p.position), settings.targetWindows, index, findings);
  });
});

documents.listen(connection);
connection.listen();
