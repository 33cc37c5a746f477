// The `wfp-inject` task type: runs the bundled CLI over a workspace folder; the `$wfp-inject`
// problem matcher (package.json) puts its findings in the Problems panel.
import * as vscode from 'vscode';
import { checkArgs, TASK_TYPE, type CheckTaskDefinition } from './checkTaskArgs';

export function registerCheckTask(context: vscode.ExtensionContext): vscode.Disposable {
  const cli = context.asAbsolutePath('dist/cli.js');
  const make = (
    definition: CheckTaskDefinition,
    scope: vscode.WorkspaceFolder,
    name: string,
  ): vscode.Task => {
    const setting = vscode.workspace.getConfiguration('wfp', scope.uri).get<string>('targetWindows');
    // The extension host's own executable runs the CLI: VS Code's is Electron, which acts as
    // node with ELECTRON_RUN_AS_NODE; no separate Node.js install is needed.
    const execution = new vscode.ProcessExecution(process.execPath, checkArgs(cli, definition, setting), {
      cwd: scope.uri.fsPath,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(definition, scope, name, TASK_TYPE, execution, ['$wfp-inject']);
    task.group = vscode.TaskGroup.Build;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent };
    return task;
  };
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    provideTasks: () =>
      (vscode.workspace.workspaceFolders ?? []).map((folder) =>
        make({ type: TASK_TYPE }, folder, `check ${folder.name}`),
      ),
    resolveTask: (task) => {
      const scope = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
      return scope ? make(task.definition as CheckTaskDefinition, scope, task.name) : undefined;
    },
  });
}
