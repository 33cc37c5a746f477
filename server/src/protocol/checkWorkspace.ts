// The `wfp/checkWorkspace` request behind the "WFP: Check Workspace" command: check every
// indexed file now and publish its diagnostics. Progress goes to the work-done token.

export const CHECK_WORKSPACE_REQUEST = 'wfp/checkWorkspace';

export interface CheckWorkspaceParams {
  workDoneToken?: string | number;
}

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
