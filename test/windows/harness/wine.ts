// Runs the real Windows node.exe under Wine, as scripts/windows/setup.sh installed it. node.exe
// under Wine cannot use a Linux pipe as stdin/stdout/stderr (the first touch throws EBADF), so
// its output goes to files and its stdin is /dev/null.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const CACHE =
  process.env.WFP_WINDOWS_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'wfp-inject-windows');
export const NODE_EXE = path.join(CACHE, 'node.exe');

export function wineEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    WINEDEBUG: '-all',
    WINEPREFIX: path.join(CACHE, 'wineprefix'),
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
  };
}

/** The Windows path of a Linux path: Wine's Z: drive is the Linux root. */
export function winPath(p: string): string {
  return 'Z:' + path.resolve(p).replace(/\//g, '\\');
}

export interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `node.exe args…` (or another Windows program) in `cwd` (a Linux folder). */
export async function runWindows(
  args: string[],
  cwd: string,
  options: { program?: string; timeoutMs?: number } = {},
): Promise<Run> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-wine-'));
  const outFile = path.join(scratch, 'out.txt');
  const errFile = path.join(scratch, 'err.txt');
  const out = fs.openSync(outFile, 'w');
  const err = fs.openSync(errFile, 'w');
  try {
    const proc = spawn('wine', [options.program ?? NODE_EXE, ...args], {
      cwd,
      env: wineEnv(),
      stdio: ['ignore', out, err],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        proc.kill();
        reject(new Error(`timed out: ${args.join(' ')}`));
      }, options.timeoutMs ?? 60000);
      proc.on('error', reject);
      proc.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    return { code, out: fs.readFileSync(outFile, 'utf8'), err: fs.readFileSync(errFile, 'utf8') };
  } finally {
    fs.closeSync(out);
    fs.closeSync(err);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
