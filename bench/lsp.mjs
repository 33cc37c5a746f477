// What the benches share: a language server over stdio JSON-RPC, its RSS, and percentiles.
import { spawn } from 'child_process';
import { readFileSync } from 'fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

/** How the extension starts the server (shared/serverLaunch.ts): node flags and environment. */
const LAUNCH = JSON.parse(readFileSync(new URL('../shared/serverLaunch.json', import.meta.url), 'utf8'));
// BENCH_SERVER_FLAGS adds node flags to a bench's server, e.g. to profile it (see docs/ARCHITECTURE.md).
export const SERVER_NODE_FLAGS = [
  ...LAUNCH.nodeFlags,
  ...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []),
];

/** The environment the extension gives the server (serverEnvironment in shared/serverLaunch.ts). */
export function serverEnv(base = process.env) {
  const env = { ...base };
  for (const [key, value] of Object.entries(LAUNCH.env))
    env[key] = key === 'GLIBC_TUNABLES' && base[key] ? `${value}:${base[key]}` : value;
  return env;
}

/**
 * Starts a server (ours by default, as the extension does), answers the client-side requests
 * servers make, and sends initialize/initialized. `onNotification` sees every notification
 * before `listen()`.
 */
export async function startServer({
  command = process.execPath,
  args = [...SERVER_NODE_FLAGS, 'dist/server.js', '--stdio'],
  env = command === process.execPath ? serverEnv() : process.env,
  stderr = 'inherit',
  initialize = {},
  onNotification,
  ipc = false,
} = {}) {
  // `ipc`: a fourth channel for a probe preloaded into the server (bench/memory-probe.cjs).
  const proc = spawn(command, args, { env, stdio: ['pipe', 'pipe', stderr, ...(ipc ? ['ipc'] : [])] });
  const rpc = createMessageConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );
  if (onNotification) {
    rpc.onNotification(onNotification);
    // The connection keeps `$/progress` for itself unless it is asked for by name.
    rpc.onNotification('$/progress', (p) => onNotification('$/progress', p));
  }
  rpc.onRequest('workspace/configuration', (p) => p.items.map(() => ({})));
  rpc.onRequest('window/workDoneProgress/create', () => null);
  rpc.onRequest('client/registerCapability', () => null);
  rpc.listen();
  const t0 = process.hrtime.bigint();
  const result = await rpc.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    ...initialize,
  });
  const initializeMs = msSince(t0);
  await rpc.sendNotification('initialized', {});
  return {
    proc,
    rpc,
    result,
    initializeMs,
    /** Resident memory of the server process, in MB (Linux). */
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))[1]) / 1024,
    async stop() {
      await rpc.sendRequest('shutdown').catch(() => undefined);
      // A server that exits by itself writes what node was asked for at exit (--cpu-prof).
      const exited =
        proc.exitCode === null && proc.signalCode === null
          ? new Promise((resolve) => proc.once('exit', resolve))
          : undefined;
      await rpc.sendNotification('exit').catch(() => undefined);
      if (exited) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      proc.kill();
    },
  };
}

export const msSince = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const result = await fn();
  return { ms: msSince(t0), result };
}

export function percentiles(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: sorted[sorted.length - 1], n: sorted.length };
}

export function formatStats(xs, digits = 2) {
  const s = percentiles(xs);
  const f = (v) => `${v.toFixed(digits)} ms`;
  return `p50 ${f(s.p50)}, p95 ${f(s.p95)}, p99 ${f(s.p99)}, max ${f(s.max)} (n=${s.n})`;
}
