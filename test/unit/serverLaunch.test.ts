// How the server process is started: the extension's environment and flags, the idle collection.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import launch from '../../shared/serverLaunch.json';
import { SERVER_NODE_FLAGS, serverEnvironment } from '../../shared/serverLaunch';
import { exposedGc, IdleCollector } from '../../server/src/idleCollection';
import { REPO_ROOT } from '../helpers/paths';

describe('server launch', () => {
  it('adds the allocator settings to an environment without any', () => {
    const env = serverEnvironment({ PATH: '/bin' });
    assert.deepStrictEqual(env, { GLIBC_TUNABLES: launch.env.GLIBC_TUNABLES });
  });

  it("keeps the user's own tunables, after ours so that theirs win", () => {
    const env = serverEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' });
    assert.strictEqual(env.GLIBC_TUNABLES, `${launch.env.GLIBC_TUNABLES}:glibc.malloc.arena_max=4`);
  });

  it('starts node with the flags and the environment', function () {
    this.timeout(20000);
    // A flag node does not know, or a tunable glibc rejects, must fail here rather than in the editor.
    const run = spawnSync(
      process.execPath,
      [...SERVER_NODE_FLAGS, '-e', 'process.stdout.write(String(process.env.GLIBC_TUNABLES))'],
      { env: { ...process.env, ...serverEnvironment(process.env) }, cwd: REPO_ROOT, encoding: 'utf8' },
    );
    assert.strictEqual(run.status, 0, run.stderr);
    assert.ok(run.stdout.startsWith(launch.env.GLIBC_TUNABLES));
  });
});

describe('idle collection', () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('collects once, after the last activity of a burst', async () => {
    let collections = 0;
    const idle = new IdleCollector(() => collections++, 30);
    for (let i = 0; i < 5; i++) {
      idle.activity();
      await wait(5);
    }
    assert.strictEqual(collections, 0, 'not while activity goes on');
    await wait(60);
    assert.strictEqual(collections, 1);
    await wait(60);
    assert.strictEqual(collections, 1, 'not again without new activity');
  });

  it('does nothing when the runtime offers no collection, and stops when disposed', async () => {
    new IdleCollector(undefined, 5).activity();
    let collections = 0;
    const idle = new IdleCollector(() => collections++, 20);
    idle.activity();
    idle.dispose();
    await wait(50);
    assert.strictEqual(collections, 0);
  });

  it("finds V8's collection in this runtime", () => {
    // The server's default: without it, memory is never given back when idle.
    assert.strictEqual(typeof exposedGc(), 'function');
  });
});
