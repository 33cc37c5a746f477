// The webview's side of the flow panel's messages (shared/webviewMessages.ts).
import type { FromWebview } from '../../shared/webviewMessages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscode(): VsCodeApi {
  return (api ??= acquireVsCodeApi());
}
