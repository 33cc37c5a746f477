// The commands the extension contributes (package.json `contributes.commands`, checked by a
// test) and the arguments each takes. The server names them in code lenses; the client
// registers them. Plain data: no runtime library is imported.
import type { FlowPosition } from './flowModel';

export const Commands = {
  showInjectionFlow: 'wfp.showInjectionFlow',
  checkWorkspace: 'wfp.checkWorkspace',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The arguments of each command; indexing by every CommandId keeps this list complete. */
export interface CommandArguments {
  /**
   * The injection call at `position` in the document `uri` (a code lens); none from the command
   * palette or the editor's context menu, which opens the panel on the cursor.
   */
  [Commands.showInjectionFlow]: [uri: string, position: FlowPosition] | [];
  [Commands.checkWorkspace]: [];
}

/** An LSP `Command` (a code lens's) whose arguments are those its id takes. */
export interface TypedCommand<C extends CommandId> {
  title: string;
  command: C;
  arguments: CommandArguments[C];
}

export function typedCommand<C extends CommandId>(
  title: string,
  command: C,
  ...args: CommandArguments[C]
): TypedCommand<C> {
  return { title, command, arguments: args };
}
