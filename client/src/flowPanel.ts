// The "WFP Injection Flow" panel: opens beside the editor, follows the cursor, asks the server
// for the flow model of the injection call there and posts it to the webview, which renders it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FlowLocation, FlowPosition, InjectionFlowModel } from '../../shared/flowModel';
import { injectionFlowRequest } from '../../shared/protocol';
import type { FromWebview, ToWebview } from '../../shared/webviewMessages';
import { flowHtml } from './flowHtml';
import { knownLocation } from './flowLocations';

const VIEW_TYPE = 'wfp.injectionFlow';
/** Cursor moves closer together than this are one update (the panel must follow within 100 ms). */
const FOLLOW_DELAY_MS = 20;
const DOCS_PREFIX = 'https://learn.microsoft.com/';

const isDriverSource = (doc: vscode.TextDocument) => doc.languageId === 'c' || doc.languageId === 'cpp';

export class InjectionFlowPanel implements vscode.Disposable {
  private static current: InjectionFlowPanel | undefined;

  static show(
    context: vscode.ExtensionContext,
    client: LanguageClient,
    uri?: string,
    position?: FlowPosition,
  ): void {
    const editor = vscode.window.activeTextEditor;
    const column = editor?.viewColumn ?? vscode.ViewColumn.One;
    if (!InjectionFlowPanel.current)
      InjectionFlowPanel.current = new InjectionFlowPanel(context, client, column);
    else InjectionFlowPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
    const p = InjectionFlowPanel.current;
    if (uri && position) void p.update(uri, position);
    else if (editor && isDriverSource(editor.document))
      void p.update(editor.document.uri.toString(), editor.selection.active);
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last: ToWebview | undefined;
  private request = 0;
  private pending: vscode.CancellationTokenSource | undefined;

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private editorColumn: vscode.ViewColumn,
  ) {
    const root = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'WFP Injection Flow',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [root],
      },
    );
    const webview = this.panel.webview;
    webview.html = flowHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'style.css')).toString(),
    });
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.follow(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.follow(e)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        const editor = vscode.window.activeTextEditor;
        if (editor && e.document === editor.document) this.follow(editor);
      }),
    );
  }

  private follow(editor: vscode.TextEditor): void {
    if (!isDriverSource(editor.document) || editor.viewColumn === undefined) return;
    this.editorColumn = editor.viewColumn;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => void this.update(editor.document.uri.toString(), editor.selection.active),
      FOLLOW_DELAY_MS,
    );
  }

  private async update(uri: string, position: FlowPosition): Promise<void> {
    const id = ++this.request;
    // A newer cursor position makes the older question moot: cancel it on the server too.
    this.pending?.cancel();
    const cancel = (this.pending = new vscode.CancellationTokenSource());
    let model: InjectionFlowModel | null;
    try {
      model = await this.client.sendRequest(
        injectionFlowRequest,
        { textDocument: { uri }, position: { line: position.line, character: position.character } },
        cancel.token,
      );
    } catch {
      model = null;
    } finally {
      cancel.dispose();
    }
    if (id !== this.request) return; // a newer cursor position won
    this.post(
      model
        ? { type: 'model', model }
        : {
            type: 'empty',
            reason: 'The cursor is not in or near an injection call (FwpsInject…, FwpsStreamInjectAsync0).',
          },
    );
  }

  private post(message: ToWebview): void {
    this.last = message;
    void this.panel.webview.postMessage(message);
  }

  private onMessage(m: FromWebview): void {
    if (m.type === 'ready' && this.last) void this.panel.webview.postMessage(this.last);
    else if (m.type === 'reveal') {
      const location = knownLocation(this.last?.type === 'model' ? this.last.model : undefined, m.location);
      if (location) this.reveal(location).catch(() => undefined); // the file may have gone meanwhile
    } else if (m.type === 'openDocs' && m.url.startsWith(DOCS_PREFIX))
      void vscode.env.openExternal(vscode.Uri.parse(m.url));
  }

  private async reveal(location: FlowLocation): Promise<void> {
    const { start, end } = location.range;
    const range = new vscode.Range(start.line, start.character, end.line, end.character);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(location.uri));
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: this.editorColumn,
      selection: new vscode.Range(range.start, range.start),
      preserveFocus: false,
    });
    // Reveal the start only: revealing a long one-line range scrolls the editor sideways to its
    // end and hides the start of the line the step points at.
    editor.revealRange(
      new vscode.Range(range.start, range.start),
      vscode.TextEditorRevealType.InCenterIfOutsideViewport,
    );
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending?.cancel();
    InjectionFlowPanel.current = undefined;
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
