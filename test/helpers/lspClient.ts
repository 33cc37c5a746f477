// A minimal LSP client over real JSON-RPC on stdio to `node dist/server.js --stdio`.
import { spawn } from 'child_process';
import type { Readable, Writable } from 'stream';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  CompletionList,
  Diagnostic,
  Hover,
  InitializeResult,
  InlayHint,
  Position,
  Range,
  SignatureHelp,
} from 'vscode-languageserver-protocol';
import { SERVER_JS } from './paths';

export class LspClient {
  private versions = new Map<string, number>();
  private diagnostics = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  private waiters: (() => void)[] = [];
  readonly logs: string[] = [];
  /** Diagnostics and log messages in the order they arrived (`diagnostics <uri> <version>`, `log <message>`). */
  readonly arrivals: string[] = [];

  private constructor(
    private readonly kill: () => void,
    readonly rpc: MessageConnection,
  ) {}

  /** What `workspace/configuration` answers for `wfp`; see `changeSettings`. */
  settings: unknown = {};
  /** How often the server asked to refresh inlay hints. */
  inlayHintRefreshes = 0;
  /** How often the server asked to refresh code lenses. */
  codeLensRefreshes = 0;

  /** Every publishDiagnostics received, in order. */
  readonly publishes: { uri: string; version?: number; diagnostics: Diagnostic[] }[] = [];

  /** `$/progress` notifications received, in order. */
  readonly progress: { token: unknown; value: { kind: string; message?: string } }[] = [];

  static async start(
    initializationOptions: unknown = {},
    workspaceFolders: { uri: string; name: string }[] | null = null,
  ): Promise<LspClient> {
    const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    return LspClient.over(
      { reader: proc.stdout!, writer: proc.stdin!, kill: () => proc.kill() },
      initializationOptions,
      workspaceFolders,
    );
  }

  /** A client over any byte streams to a server (a relay to the Windows node.exe, for one). */
  static async over(
    transport: { reader: Readable; writer: Writable; kill: () => void },
    initializationOptions: unknown = {},
    workspaceFolders: { uri: string; name: string }[] | null = null,
  ): Promise<LspClient> {
    const rpc = createMessageConnection(
      new StreamMessageReader(transport.reader),
      new StreamMessageWriter(transport.writer),
    );
    const client = new LspClient(transport.kill, rpc);
    rpc.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        client.diagnostics.set(p.uri, p);
        client.publishes.push(p);
        client.arrivals.push(`diagnostics ${p.uri} ${p.version ?? ''}`);
        client.waiters.splice(0).forEach((w) => w());
      },
    );
    rpc.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
      client.arrivals.push(`log ${p.message}`);
    });
    client.settings = initializationOptions;
    rpc.onRequest('workspace/configuration', () => [client.settings]);
    rpc.onRequest('workspace/inlayHint/refresh', () => {
      client.inlayHintRefreshes++;
      return null;
    });
    rpc.onRequest('workspace/codeLens/refresh', () => {
      client.codeLensRefreshes++;
      return null;
    });
    rpc.onRequest('window/workDoneProgress/create', () => null);
    rpc.onNotification('$/progress', (p: LspClient['progress'][number]) => client.progress.push(p));
    rpc.listen();
    const init: InitializeResult = await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          inlayHint: { refreshSupport: true },
          codeLens: { refreshSupport: true },
        },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
      workspaceFolders,
      initializationOptions,
    });
    client.capabilities = init.capabilities;
    await rpc.sendNotification('initialized', {});
    return client;
  }

  capabilities: InitializeResult['capabilities'] = {};

  async open(uri: string, text: string, languageId = uri.endsWith('.cpp') ? 'cpp' : 'c'): Promise<void> {
    this.versions.set(uri, 1);
    await this.rpc.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  async change(uri: string, changes: { range?: Range; text: string }[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  /** Waits until diagnostics for the document's current version have been published. */
  async waitForDiagnostics(uri: string, timeoutMs = 10000): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.diagnostics.get(uri);
      if (got && (got.version === undefined || got.version === version)) return got.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri} v${version}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * The last diagnostics published for a URI, if any: for that document version when `version`
   * is given, else whatever came last (a file that is not open has none).
   */
  published(uri: string, version?: number): Diagnostic[] | undefined {
    const got = this.diagnostics.get(uri);
    return got && (version === undefined || got.version === version) ? got.diagnostics : undefined;
  }

  /** Resolves once diagnostics for `uri` arrive after the first `count` publishes. */
  async publishedSince(uri: string, count: number): Promise<void> {
    while (!this.publishes.slice(count).some((p) => p.uri === uri)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves when the server has reported the end of a work-done progress. */
  async waitForProgressEnd(timeoutMs = 10000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.progress.some((p) => p.value.kind === 'end')) {
      if (Date.now() > deadline) throw new Error('no end of progress');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.rpc.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  signatureHelp(uri: string, position: Position): Promise<SignatureHelp | null> {
    return this.rpc.sendRequest('textDocument/signatureHelp', { textDocument: { uri }, position });
  }

  completion(uri: string, position: Position): Promise<CompletionList | null> {
    return this.rpc.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  }

  inlayHints(uri: string, range: Range): Promise<InlayHint[] | null> {
    return this.rpc.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
  }

  /** Changes what `workspace/configuration` answers and tells the server, as VS Code does. */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.rpc.sendNotification('workspace/didChangeConfiguration', { settings: { wfp: settings } });
  }

  codeActions(
    uri: string,
    range: Range,
    diagnostics: Diagnostic[],
    only?: string[],
  ): Promise<CodeAction[] | null> {
    return this.rpc.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, only },
    });
  }

  async stop(): Promise<void> {
    try {
      // A server that does not answer shutdown must not keep the test run alive.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.rpc.sendRequest('shutdown'),
        new Promise((resolve) => (timer = setTimeout(resolve, 5000))),
      ]);
      clearTimeout(timer);
      await this.rpc.sendNotification('exit');
    } catch {
      /* the process may already be gone */
    }
    this.rpc.dispose();
    this.kill();
  }
}

/** Position of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - (before.lastIndexOf('\n') + 1) };
}
