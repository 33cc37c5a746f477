// The workspace index over real JSON-RPC: files that are not open inform the open ones.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';
import { twoDriverRepo } from '../helpers/twoDrivers';

describe('LSP: workspace index', function () {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-ws-'));
    fs.copyFileSync(fixture('handles', 'driver_entry.c'), path.join(dir, 'driver_entry.c'));
    fs.copyFileSync(fixture('handles', 'inject.c'), path.join(dir, 'inject.c'));
    fs.writeFileSync(path.join(dir, 'unrelated.c'), 'int add(int a, int b) { return a + b; }\n');
    client = await LspClient.start({}, [{ uri: pathToFileURL(dir).href, name: 'ws' }]);
  });
  after(() => client.stop());

  it('indexes the folder in the background with work-done progress', async () => {
    await client.waitForProgressEnd();
    assert.strictEqual(client.progress[0].value.kind, 'begin');
    assert.ok(
      client.logs.some((l) => /Indexed 3 C\/C\+\+ files/.test(l)),
      client.logs.join('\n'),
    );
  });

  it('warms up while nothing is open, before indexing', () => {
    const warm = client.logs.findIndex((l) => /^Warmed up while idle: 20 checks/.test(l));
    const indexed = client.logs.findIndex((l) => /^Indexed /.test(l));
    assert.ok(warm >= 0 && warm < indexed, client.logs.join('\n'));
  });

  it('does not warm up once a document is open: it is checked at once', async () => {
    const other = await LspClient.start({}, [{ uri: pathToFileURL(dir).href, name: 'ws' }]);
    try {
      const uri = pathToFileURL(path.join(dir, 'inject.c')).href;
      await other.open(uri, fs.readFileSync(path.join(dir, 'inject.c'), 'utf8'));
      await other.waitForDiagnostics(uri);
      await other.waitForProgressEnd();
      assert.ok(!other.logs.some((l) => /^Warmed up/.test(l)), other.logs.join('\n'));
    } finally {
      await other.stop();
    }
  });

  it('knows handles created in a file that is not open', async () => {
    const uri = pathToFileURL(path.join(dir, 'inject.c')).href;
    await client.open(uri, fs.readFileSync(path.join(dir, 'inject.c'), 'utf8'));
    await client.waitForProgressEnd();
    const diags = await client.waitForDiagnostics(uri);
    // The layer-2 handle created for AF_INET is reported where driver_entry.c creates it.
    assert.deepStrictEqual(
      diags.map((d) => d.code),
      ['WFP3001', 'WFP3002'],
    );
    assert.ok(diags[0].message.includes('FWPS_INJECTION_TYPE_NETWORK'));
  });

  it('follows changes to files on disk reported by the client', async () => {
    const entry = path.join(dir, 'driver_entry.c');
    const text = fs
      .readFileSync(entry, 'utf8')
      .replace(
        'FWPS_INJECTION_TYPE_NETWORK, &gNetHandleV4',
        'FWPS_INJECTION_TYPE_NETWORK | FWPS_INJECTION_TYPE_TRANSPORT, &gNetHandleV4',
      );
    fs.writeFileSync(entry, text);
    const uri = pathToFileURL(path.join(dir, 'inject.c')).href;
    await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(entry).href, type: 2 }],
    });
    const deadline = Date.now() + 5000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const diags = await client.waitForDiagnostics(uri);
      if (!diags.some((d) => d.code === 'WFP3001')) break;
      assert.ok(Date.now() < deadline, 'WFP3001 should disappear once the handle serves transport injection');
    }
  });
});

describe('LSP: several drivers in one workspace', function () {
  let client: LspClient;
  let repo: string;

  before(async () => {
    repo = twoDriverRepo();
    client = await LspClient.start({}, [{ uri: pathToFileURL(repo).href, name: 'repo' }]);
    await client.waitForProgressEnd();
  });
  after(() => client.stop());

  it("checks each open file against its own driver's files, as the CLI does", async () => {
    const codesOf = async (folder: string) => {
      const file = path.join(repo, folder, 'sys', 'connect_pend.c');
      const uri = pathToFileURL(file).href;
      await client.open(uri, fs.readFileSync(file, 'utf8'));
      return (await client.waitForDiagnostics(uri)).map((d) => d.code);
    };
    assert.deepStrictEqual(await codesOf('forgets'), ['WFP3008']);
    assert.deepStrictEqual(await codesOf('completes'), []);
  });
});

describe("LSP: the unload routine set in DriverEntry's file, which names nothing of WFP", function () {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-ws-'));
    for (const name of ['entry.c', 'callout.c'])
      fs.copyFileSync(fixture('handles', 'unload-elsewhere', name), path.join(dir, name));
    client = await LspClient.start({}, [{ uri: pathToFileURL(dir).href, name: 'ws' }]);
    await client.waitForProgressEnd();
  });
  after(() => client.stop());

  it('knows the unload path from the file on disk, and from it open as the user types', async () => {
    const uri = pathToFileURL(path.join(dir, 'callout.c')).href;
    await client.open(uri, fs.readFileSync(path.join(dir, 'callout.c'), 'utf8'));
    const unloadPath = async () =>
      (await client.waitForDiagnostics(uri)).some((d) => /on the driver's unload path/.test(d.message));
    assert.ok(await unloadPath());
    // Open the entry file and take the assignment away: the create is no longer on the unload path.
    const entry = pathToFileURL(path.join(dir, 'entry.c')).href;
    const text = fs.readFileSync(path.join(dir, 'entry.c'), 'utf8');
    await client.open(entry, text);
    await client.change(entry, [
      { text: text.replace('attributes.EvtCleanupCallback = DriverCleanup;', '') },
    ]);
    const deadline = Date.now() + 5000;
    while (await unloadPath()) {
      assert.ok(Date.now() < deadline, 'the create should no longer be on the unload path');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});
