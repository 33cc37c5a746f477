// A throwaway code-server: own HOME, XDG dirs, user-data and extensions dirs, the VSIX installed
// the way a user would, a copy of the fixture workspace, bound to a free port on 127.0.0.1.
import { spawn, execFileSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { codeServerBin, E2E_WORKSPACE, vsixPath } from './paths';

/** Settings a tester would pick to keep the first run quiet; none of them touches our extension. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'window.commandCenter': false,
};

export class CodeServer {
  private constructor(
    readonly url: string,
    readonly root: string,
    readonly workspace: string,
    readonly userDataDir: string,
    private readonly proc: ChildProcess,
    /** code-server's stdout and stderr as they arrive. */
    private readonly output: string[],
  ) {}

  static async start(): Promise<CodeServer> {
    const bin = codeServerBin();
    const vsix = vsixPath();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-e2e-'));
    const dir = (name: string) => {
      fs.mkdirSync(path.join(root, name), { recursive: true });
      return path.join(root, name);
    };
    const userDataDir = dir('user-data');
    const extensionsDir = dir('extensions');
    const workspace = path.join(root, 'workspace');
    fs.cpSync(E2E_WORKSPACE, workspace, { recursive: true });
    fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
    // code-server writes a config file even for --version: keep it out of the real HOME.
    const env = {
      ...process.env,
      HOME: dir('home'),
      XDG_CONFIG_HOME: dir('config'),
      XDG_DATA_HOME: dir('data'),
      XDG_CACHE_HOME: dir('cache'),
      XDG_RUNTIME_DIR: dir('run'),
    };
    const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

    const installed = execFileSync(bin, [...common, '--install-extension', vsix], {
      env,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    if (!/successfully installed/i.test(installed))
      throw new Error(`VSIX install did not report success:\n${installed}`);

    const port = await freePort();
    const args = [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      workspace,
    ];
    const proc = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const server = new CodeServer(`http://127.0.0.1:${port}/`, root, workspace, userDataDir, proc, output);
    await server.waitHealthy(60_000);
    return server;
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null)
        throw new Error(`code-server exited with ${this.proc.exitCode} before it was ready:\n${this.log()}`);
      if ((await status(new URL('healthz', this.url).href)) === 200) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms:\n${this.log()}`);
  }

  /** The user settings as they are on disk. */
  userSettings(): Record<string, unknown> {
    return JSON.parse(
      fs.readFileSync(path.join(this.userDataDir, 'User', 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
  }

  /** code-server's own stdout and stderr. */
  log(): string {
    return this.output.join('');
  }

  /** Log files VS Code wrote under the user-data dir (extension host, output channels, server). */
  logFiles(): string[] {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.log')) out.push(p);
      }
    };
    const logs = path.join(this.userDataDir, 'logs');
    if (fs.existsSync(logs)) walk(logs);
    return out;
  }

  /** The extension host log: where activation errors of our extension end up. */
  extensionHostLog(): string {
    return this.logFiles()
      .filter((f) => /exthost/.test(f) && !/output_logging/.test(f))
      .map((f) => `--- ${path.relative(this.userDataDir, f)}\n${fs.readFileSync(f, 'utf8')}`)
      .join('\n');
  }

  /** The text of our output channel, which VS Code mirrors to a file; '' until it exists. */
  outputChannel(name: string): string {
    const file = this.logFiles().find((f) => path.basename(f).endsWith(`${name}.log`));
    return file ? fs.readFileSync(file, 'utf8') : '';
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => req.destroy());
  });
}
