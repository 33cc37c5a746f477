// The messages between the flow panel (client/src/flowPanel.ts) and its webview. The webview
// only renders what it is sent and reports clicks; it never talks to the language server.
// Types only, like flowModel.ts: the webview bundle imports them.
import type { FlowLocation, InjectionFlowModel } from './flowModel';

export type ToWebview = { type: 'model'; model: InjectionFlowModel } | { type: 'empty'; reason: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; location: FlowLocation }
  | { type: 'openDocs'; url: string };
