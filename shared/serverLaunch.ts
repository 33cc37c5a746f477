// How the language server process is started: by the extension, by the benches (which read the
// JSON directly) and, from the README, by other editors. Why each setting is there:
// server/src/heapSettings.ts.
import launch from './serverLaunch.json';

/**
 * Node/V8 flags: a young generation of 2 × 4 MB instead of node's 2 × 16 MB, an old generation
 * that is not collected before it holds 32 MB (the first check of a large file is not interrupted
 * by a full collection), and one V8 worker thread instead of four (the server's work is on its
 * main thread; each worker keeps compiler and collector memory of its own).
 */
export const SERVER_NODE_FLAGS: readonly string[] = launch.nodeFlags;

/**
 * What the server's environment adds to the client's. glibc's allocator settings (ignored off
 * Linux) go after any the user set, so that theirs are kept where they name the same tunable
 * (glibc reads the list in order; the last setting of a tunable wins).
 */
export function serverEnvironment(
  base: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const added: Record<string, string> = {};
  for (const [key, value] of Object.entries(launch.env)) {
    const own = base[key];
    added[key] = key === 'GLIBC_TUNABLES' && own ? `${value}:${own}` : value;
  }
  return added;
}
