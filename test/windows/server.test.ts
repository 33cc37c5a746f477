// The language server under the Windows node.exe, started the way VS Code on Windows starts it
// (stdio over real Windows pipes, through a relay under node.exe), with the URIs VS Code on
// Windows sends: file:///z%3A/… with its own escaping. File watchers use Neovim's spelling with
// the path upper-cased: Windows file names are case-insensitive.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { URI } from 'vscode-uri';
import { LspClient } from '../helpers/lspClient';
import { REPO_ROOT, SERVER_JS } from '../helpers/paths';
import { describeUriScenarios } from '../helpers/uriScenarios';
import { NODE_EXE, wineEnv, winPath } from './harness/wine';

const RELAY_JS = path.join(REPO_ROOT, 'out', 'test', 'windows', 'relay.js');

/** VS Code on Windows: lower-case drive letter, `:` escaped, ( ) escaped. */
const vscodeOnWindows = (p: string) => URI.from({ scheme: 'file', path: '/z:' + p }).toString();
/** Neovim on Windows: upper-case drive letter, raw `:` and ( ); here with the path upper-cased too. */
const neovimUpperCase = (p: string) => 'file:///Z:' + pathToFileURL(p).pathname.toUpperCase();
const neovimOnWindows = (p: string) => 'file:///Z:' + pathToFileURL(p).pathname;

/**
 * Starts dist/server.js under node.exe behind the relay; the client talks to it over TCP. A relay
 * that exits before it wrote a line never ran (Wine's node.exe failed to start, seen once on a
 * loaded machine): it is started once more.
 */
async function startOnWindows(folderUri: string): Promise<LspClient> {
  try {
    return await startRelayed(folderUri);
  } catch (err) {
    if (!(err instanceof RelayNeverRan)) throw err;
    return startRelayed(folderUri);
  }
}

class RelayNeverRan extends Error {}

async function startRelayed(folderUri: string): Promise<LspClient> {
  const listener = net.createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const port = (listener.address() as net.AddressInfo).port;
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-relay-')), 'relay.log');
  fs.writeFileSync(log, '');
  const relay = spawn('wine', [NODE_EXE, winPath(RELAY_JS), String(port), winPath(SERVER_JS), winPath(log)], {
    env: wineEnv(),
    stdio: 'ignore',
  });
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the relay did not connect; its log:\n${fs.readFileSync(log, 'utf8')}`)),
      30000,
    );
    relay.on('exit', (code) => {
      const written = fs.readFileSync(log, 'utf8');
      const message = `the relay exited with ${code}; its log:\n${written}`;
      reject(written ? new Error(message) : new RelayNeverRan(message));
    });
    listener.once('connection', (s) => {
      clearTimeout(timer);
      resolve(s);
    });
  });
  listener.close();
  const client = await LspClient.over(
    {
      reader: socket,
      writer: socket,
      kill: () => {
        socket.destroy();
        relay.kill();
      },
    },
    {},
    [{ uri: folderUri, name: 'drv' }],
  );
  return client;
}

describe('Windows: the server under node.exe', function () {
  this.timeout(60000);

  it('answers over Windows pipes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-win-'));
    const client = await startOnWindows(vscodeOnWindows(dir));
    try {
      const uri = vscodeOnWindows(path.join(dir, 'a.c'));
      await client.open(
        uri,
        'VOID F(HANDLE h, NET_BUFFER_LIST* nbl) { FwpsInjectNetworkSendAsync0(h, NULL, 1, 0, nbl, NULL, NULL); }\n',
      );
      const diags = await client.waitForDiagnostics(uri, 30000);
      assert.ok(
        diags.some((d) => d.code === 'WFP1003'),
        JSON.stringify(diags),
      );
    } finally {
      await client.stop();
    }
  });

  describeUriScenarios(
    "Windows: files opened with VS Code's URI spelling, watched with Neovim's upper-cased",
    {
      start: startOnWindows,
      editor: vscodeOnWindows,
      watcher: neovimUpperCase,
    },
  );
  describeUriScenarios("Windows: files opened with Neovim's URI spelling, watched with VS Code's", {
    start: startOnWindows,
    editor: neovimOnWindows,
    watcher: vscodeOnWindows,
  });
});
