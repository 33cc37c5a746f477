// Starts the bundled language server for C/C++ documents. Everything else happens in the server.
import * as path from 'path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands, type CommandArguments } from '../../shared/commands';
import { SERVER_NODE_FLAGS, serverEnvironment } from '../../shared/serverLaunch';
import { checkWorkspace } from './checkWorkspace';
import { CLIENT_ID, SETTINGS_SECTION } from './clientId';
import { registerCheckTask } from './checkTask';
import { InjectionFlowPanel } from './flowPanel';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('WFP Injection Assistant');
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // Node flags and allocator settings that keep the server small (shared/serverLaunch.ts); the
  // benches start the server the same way. The client adds `env` to its own environment.
  const execArgv = [...SERVER_NODE_FLAGS];
  const env = serverEnvironment(process.env);
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv, env } },
    debug: {
      module: serverModule,
      transport: TransportKind.stdio,
      options: { execArgv: [...execArgv, '--nolazy', '--inspect=6019'], env },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cpp' },
      { scheme: 'untitled', language: 'c' },
      { scheme: 'untitled', language: 'cpp' },
    ],
    outputChannel: output,
    initializationOptions: vscode.workspace.getConfiguration(SETTINGS_SECTION),
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{c,h,cpp,cc,cxx,hpp,hh,hxx,inl}'),
    },
  };
  client = new LanguageClient(CLIENT_ID, 'WFP Injection Assistant', serverOptions, clientOptions);
  const started = client;
  context.subscriptions.push(
    registerCheckTask(context),
    vscode.commands.registerCommand(
      Commands.showInjectionFlow,
      // The editor's context menu passes the document's Uri: the panel then follows the cursor.
      (...[uri, position]: CommandArguments[typeof Commands.showInjectionFlow] | [vscode.Uri]) =>
        InjectionFlowPanel.show(context, started, typeof uri === 'string' ? uri : undefined, position),
    ),
    vscode.commands.registerCommand(Commands.checkWorkspace, () => checkWorkspace(started)),
  );
  await client.start();
  output.appendLine('WFP language server started.');
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
