// Microsoft's SARIF multitool (`validate`), from the npm package @microsoft/sarif-multitool-linux.
import { spawnSync } from 'child_process';
import * as fs from 'fs';

export interface Validation {
  /** `file(line,col): error|warning SARIFnnnn: text` lines, per validated file. */
  problems: string[];
  output: string;
}

/** The multitool's executable; its package's postinstall (chmod u+x) may not have been run. */
export function multitool(): string {
  // An optional dependency: required only when a test validates SARIF, so importing this file never fails.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exe: string = require('@microsoft/sarif-multitool-linux');
  if (!(fs.statSync(exe).mode & 0o100)) fs.chmodSync(exe, 0o755);
  return exe;
}

/**
 * Validates SARIF files with the multitool's SARIF rules and GitHub code scanning's ingestion
 * rules. It exits 0 whatever it finds, so its report lines are read instead.
 */
export function validateSarif(files: string[]): Validation {
  const r = spawnSync(multitool(), ['validate', '--rule-kind', 'Sarif;Gh', ...files], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || !/Analysis completed successfully/.test(output))
    throw new Error(`the SARIF multitool failed (${r.status}):\n${output}`);
  const scanned = /Done\. (\d+) files? scanned/.exec(output);
  if (Number(scanned?.[1]) !== files.length)
    throw new Error(`the SARIF multitool scanned ${scanned?.[1]} of ${files.length} files:\n${output}`);
  return { problems: output.split('\n').filter((l) => /: (error|warning) [A-Z]+\d+: /.test(l)), output };
}
