// Every custom request between the client and the language server, typed: the method name,
// its parameters and its result live here only. Standard LSP messages are not repeated.
import {
  RequestType,
  type TextDocumentPositionParams,
  type WorkDoneProgressParams,
} from 'vscode-languageserver-protocol';
import type { InjectionFlowModel } from './flowModel';

/**
 * The flow model of the injection call at (or nearest to) a position, for the flow panel; null
 * when there is no injection call there.
 */
export const injectionFlowRequest = new RequestType<InjectionFlowParams, InjectionFlowModel | null, void>(
  'wfp/injectionFlow',
);

export type InjectionFlowParams = TextDocumentPositionParams;

/**
 * Behind the "WFP: Check Workspace" command: check every indexed file now and publish its
 * diagnostics. Progress goes to the work-done token (`$/progress`); null when the check failed.
 */
export const checkWorkspaceRequest = new RequestType<CheckWorkspaceParams, CheckWorkspaceResult | null, void>(
  'wfp/checkWorkspace',
);

export type CheckWorkspaceParams = WorkDoneProgressParams;

export interface CheckWorkspaceResult {
  /** Files checked from disk (files open in the editor are checked as they are typed). */
  files: number;
  filesWithFindings: number;
  findings: number;
  /** Cancelled, or stopped by a change of settings, before every file was checked. */
  stopped: boolean;
  /** Open documents, whose findings are published on their own. */
  openFiles: number;
  /** Every file of the workspace was indexed (not cut at the file limit). */
  complete: boolean;
}
