// "WFP: Check Workspace": asks the server to check every indexed file now, with a cancellable
// progress notification fed by the server's work-done progress, then says what it found.
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { checkWorkspaceRequest, type CheckWorkspaceResult } from '../../shared/protocol';

let runs = 0;

export async function checkWorkspace(client: LanguageClient): Promise<CheckWorkspaceResult | null> {
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'WFP: Checking the workspace',
      cancellable: true,
    },
    async (progress, token) => {
      const workDoneToken = `wfp-check-workspace-${process.pid}-${++runs}`;
      let reported = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const increment =
          value.percentage !== undefined ? Math.max(0, value.percentage - reported) : undefined;
        if (value.percentage !== undefined) reported = Math.max(reported, value.percentage);
        progress.report({ message: value.message, increment });
      });
      try {
        return await client.sendRequest(checkWorkspaceRequest, { workDoneToken }, token);
      } catch {
        return null;
      } finally {
        listener.dispose();
      }
    },
  );
  if (!result) return null;
  const summary = result.stopped
    ? `WFP: the check was stopped after ${result.files} files (${result.findings} findings so far).`
    : `WFP: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} of ${result.files} files not open${result.openFiles ? ` (open files are checked as you type)` : ''}.`;
  void vscode.window.showInformationMessage(summary, 'Show Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
  return result;
}
