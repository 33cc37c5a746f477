// What the `wfp-inject` task runs: the bundled CLI's arguments for a task definition. Kept free
// of the vscode module so that unit tests can check it.

export const TASK_TYPE = 'wfp-inject';

export interface CheckTaskDefinition {
  type: typeof TASK_TYPE;
  /** Files, folders or wildcard patterns, relative to the workspace folder; default: all of it. */
  paths?: string[];
  /** vista, win7, win8 or win10; default: the wfp.targetWindows setting (auto: the project's). */
  target?: string;
  /** Apply the safe fixes in place. */
  fix?: boolean;
}

/** `check` in the text format the `$wfp-inject` problem matcher reads. */
export function checkArgs(
  cli: string,
  definition: CheckTaskDefinition,
  settingTarget: string | undefined,
): string[] {
  const target = definition.target ?? (settingTarget && settingTarget !== 'auto' ? settingTarget : undefined);
  return [
    cli,
    'check',
    '--format',
    'text',
    ...(target ? ['--target', target] : []),
    ...(definition.fix ? ['--fix'] : []),
    ...(definition.paths?.length ? definition.paths : ['.']),
  ];
}
