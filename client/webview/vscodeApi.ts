// The messages between the flow panel and its webview. The webview only renders what it is sent
// and reports clicks; it never talks to the language server itself.
import type { FlowLocation, InjectionFlowModel } from '../../server/src/protocol/injectionFlow';

export type ToWebview = { type: 'model'; model: InjectionFlowModel } | { type: 'empty'; reason: string };
export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; location: FlowLocation }
  | { type: 'openDocs'; url: string };

interface VsCodeApi {
  postMessage(message: FromWebview): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscode(): VsCodeApi {
  return (api ??= acquireVsCodeApi());
}
