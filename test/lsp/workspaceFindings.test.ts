// Findings for files that are not open, over real JSON-RPC: published after the index is built,
// taken back or kept by `wfp.diagnostics.scope`, refreshed when a file changes on disk, and the
// `wfp/checkWorkspace` request with its work-done progress.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { checkWorkspaceRequest } from '../../shared/protocol';
import { LspClient } from '../helpers/lspClient';
import { assertAnnotated, fromDiagnostics } from '../helpers/annotations';

const LEAK = `#include <fwpsk.h>
void CALLBACK Done(void* ctx, NET_BUFFER_LIST* nbl, BOOLEAN dispatch) { FwpsFreeCloneNetBufferList0(nbl, 0); }
NTSTATUS Reinject(HANDLE h, NET_BUFFER_LIST* original, UINT32 ifIndex)
{
   NET_BUFFER_LIST* clone = NULL;
   NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);
   if (!NT_SUCCESS(status))
   {
      return status;
   }
   status = FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, UNSPECIFIED_COMPARTMENT_ID, ifIndex, clone, Done, NULL);
   //       ^^^^^^^^^^^^^^^^^^^^^^^ WFP2002
   if (!NT_SUCCESS(status))
   {
      return status;
   }
   return STATUS_SUCCESS;
}
`;
const FIXED = LEAK.replace(
  '   if (!NT_SUCCESS(status))\n   {\n      return status;\n   }\n   return STATUS_SUCCESS;',
  '   if (!NT_SUCCESS(status))\n   {\n      FwpsFreeCloneNetBufferList0(clone, 0);\n      return status;\n   }\n   return STATUS_SUCCESS;',
);

/** A file's URI as VS Code spells it, which is how the server names files it found on disk. */
const vscodeUri = (p: string) => URI.file(p).toString();

async function until<T>(what: string, get: () => T | undefined, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function workspace(): { dir: string; leak: string; leakUri: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-wsf-'));
  const leak = path.join(dir, 'reinject.c');
  fs.writeFileSync(leak, LEAK);
  fs.writeFileSync(
    path.join(dir, 'complete.c'),
    'void CALLBACK Sent(void* ctx, NET_BUFFER_LIST* nbl, BOOLEAN dispatch)\n{\n   FwpsFreeCloneNetBufferList0(nbl, 0);\n}\n',
  );
  fs.writeFileSync(path.join(dir, 'unrelated.c'), 'int add(int a, int b) { return a + b; }\n');
  return { dir, leak, leakUri: vscodeUri(leak) };
}

describe('LSP: findings of files that are not open', function () {
  let client: LspClient;
  after(() => client?.stop());

  it('publishes the leak of a file nobody opened, once the workspace is indexed (scope: workspace, the default)', async () => {
    assert.strictEqual(FIXED === LEAK, false, 'the fixed text differs');
    const ws = workspace();
    client = await LspClient.start({}, [{ uri: vscodeUri(ws.dir), name: 'ws' }]);
    const diags = await until('diagnostics of reinject.c', () => client.published(ws.leakUri));
    assertAnnotated({ file: { uri: ws.leakUri, text: LEAK }, findings: fromDiagnostics(LEAK, diags) });
    assert.strictEqual(
      client.published(vscodeUri(path.join(ws.dir, 'unrelated.c'))),
      undefined,
      'a file without WFP calls gets nothing',
    );
    // The round logs once all its files are published: on a slow machine, after this one's.
    await until('the round to log what it checked', () =>
      client.logs.some((l) => /Checked 2 workspace files/.test(l)) ? true : undefined,
    );

    // Fixed on disk (a save from another editor, a git checkout): the finding goes.
    fs.writeFileSync(ws.leak, FIXED);
    await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.leakUri, type: 2 }],
    });
    await until('the finding to go', () => (client.published(ws.leakUri)?.length === 0 ? true : undefined));

    // Deleted: nothing stays behind.
    fs.writeFileSync(ws.leak, LEAK);
    await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.leakUri, type: 2 }],
    });
    await until('the finding to come back', () =>
      client.published(ws.leakUri)?.length === 1 ? true : undefined,
    );
    fs.unlinkSync(ws.leak);
    await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: ws.leakUri, type: 3 }],
    });
    await until('the finding of a deleted file to go', () =>
      client.published(ws.leakUri)?.length === 0 ? true : undefined,
    );
  });

  it('checks the file that started the extension before it indexes the workspace', async () => {
    const ws = workspace();
    await client?.stop();
    client = await LspClient.start({}, [{ uri: vscodeUri(ws.dir), name: 'ws' }]);
    await client.open(ws.leakUri, FIXED);
    await until("the open document's diagnostics", () => client.published(ws.leakUri, 1));
    // The order the server sent them in, not what has arrived by the time this test looks.
    const checked = client.arrivals.indexOf(`diagnostics ${ws.leakUri} 1`);
    const indexedAt = client.arrivals.findIndex((a) => a.startsWith('log Indexed '));
    assert.ok(
      checked >= 0 && (indexedAt < 0 || checked < indexedAt),
      `indexed before the first check:\n${client.arrivals.join('\n')}`,
    );
    await until('the workspace to be indexed', () =>
      client.logs.some((l) => /^Indexed /.test(l)) ? true : undefined,
    );
  });

  it('an open file speaks for itself; closed again, the file on disk does', async () => {
    const ws = workspace();
    await client?.stop();
    client = await LspClient.start({}, [{ uri: vscodeUri(ws.dir), name: 'ws' }]);
    await until('diagnostics of reinject.c', () => client.published(ws.leakUri));
    await client.open(ws.leakUri, FIXED); // unsaved fix in the editor
    assert.deepStrictEqual(
      await until("the open document's diagnostics", () => client.published(ws.leakUri, 1)),
      [],
    );
    await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri: ws.leakUri } });
    await until('the leak on disk to show again', () =>
      client.published(ws.leakUri)?.length === 1 ? true : undefined,
    );
  });

  it('a file opened as it is on disk shows what its check there found at once; its own check follows', async () => {
    const ws = workspace();
    await client?.stop();
    client = await LspClient.start({}, [{ uri: vscodeUri(ws.dir), name: 'ws' }]);
    const onDisk = await until('diagnostics of reinject.c', () => client.published(ws.leakUri));
    await client.open(ws.leakUri, LEAK);
    const opened = () => client.publishes.filter((p) => p.uri === ws.leakUri && p.version === 1);
    const both = await until('the findings of the disk check, then those of the open document', () =>
      opened().length >= 2 ? opened() : undefined,
    );
    assert.strictEqual(onDisk.length, 1);
    both.forEach((p) => assert.deepStrictEqual(p.diagnostics, onDisk));

    // Opened with another text than the disk's (an unsaved change): only its own check speaks.
    await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri: ws.leakUri } });
    await until('the leak on disk to show again', () => {
      const last = client.publishes.filter((p) => p.uri === ws.leakUri).at(-1);
      return last?.version === undefined && last?.diagnostics.length === 1 ? true : undefined;
    });
    const before = client.publishes.length;
    await client.open(ws.leakUri, FIXED, 'c');
    assert.deepStrictEqual(
      await until("the open document's diagnostics", () => client.published(ws.leakUri, 1)),
      [],
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.deepStrictEqual(
      client.publishes.slice(before).filter((p) => p.uri === ws.leakUri),
      [{ uri: ws.leakUri, version: 1, diagnostics: [] }],
    );
  });

  it('a file opened unchanged after its environment changed waits for its own check', async () => {
    const ws = workspace();
    await client?.stop();
    client = await LspClient.start({}, [{ uri: vscodeUri(ws.dir), name: 'ws' }]);
    const checks = () => client.logs.filter((l) => /^Checked \d+ workspace files/.test(l)).length;
    // The round after indexing logs once all its files are published: on a slow machine its log
    // can come after reinject.c's findings, and must not be taken for the round after the change.
    await until('the workspace checked', () => (checks() > 0 ? true : undefined));
    await until('diagnostics of reinject.c', () => client.published(ws.leakUri));
    const before = checks();
    // The disk copy's facts in the index were made without the define: its check after the
    // change cannot stand for the open document's, which re-indexes it with the define.
    await client.changeSettings({ defines: ['WFP_TEST_DEFINE=1'] });
    await until('the workspace checked again', () => (checks() > before ? true : undefined));
    const published = client.publishes.length;
    await client.open(ws.leakUri, LEAK);
    await until("the open document's diagnostics", () => client.published(ws.leakUri, 1));
    await new Promise((r) => setTimeout(r, 300));
    const opened = client.publishes.slice(published).filter((p) => p.uri === ws.leakUri);
    assert.strictEqual(opened.length, 1, JSON.stringify(opened));
    assert.strictEqual(opened[0].diagnostics.length, 1);
  });

  it('scope openFiles: nothing for files that are not open, and switching takes the findings back', async () => {
    const ws = workspace();
    await client?.stop();
    client = await LspClient.start({ diagnostics: { scope: 'openFiles' } }, [
      { uri: vscodeUri(ws.dir), name: 'ws' },
    ]);
    await client.waitForProgressEnd();
    await new Promise((r) => setTimeout(r, 800));
    assert.strictEqual(client.published(ws.leakUri), undefined);

    await client.changeSettings({ diagnostics: { scope: 'workspace' } });
    await until('findings once the scope is the workspace', () =>
      client.published(ws.leakUri)?.length === 1 ? true : undefined,
    );
    await client.changeSettings({ diagnostics: { scope: 'openFiles' } });
    await until('findings taken back', () => (client.published(ws.leakUri)?.length === 0 ? true : undefined));
  });

  it(`${checkWorkspaceRequest.method} checks every indexed file now, with progress on the given token`, async () => {
    const ws = workspace();
    await client?.stop();
    client = await LspClient.start({ diagnostics: { scope: 'openFiles' } }, [
      { uri: vscodeUri(ws.dir), name: 'ws' },
    ]);
    const result = await client.rpc.sendRequest(checkWorkspaceRequest, { workDoneToken: 'check-1' });
    assert.deepStrictEqual(
      { ...result },
      { files: 2, filesWithFindings: 1, findings: 1, stopped: false, openFiles: 0, complete: true },
    );
    const mine = client.progress.filter((p) => p.token === 'check-1').map((p) => p.value.kind);
    assert.strictEqual(mine[0], 'begin');
    assert.strictEqual(mine[mine.length - 1], 'end');
    assert.ok(mine.includes('report'));
    const diags: Diagnostic[] = client.published(ws.leakUri)!;
    assert.deepStrictEqual(
      diags.map((d) => d.code),
      ['WFP2002'],
    );
  });

  it(`${checkWorkspaceRequest.method} stops when the request is cancelled`, async () => {
    const ws = workspace();
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(ws.dir, `copy${i}.c`), LEAK);
    await client?.stop();
    client = await LspClient.start({ diagnostics: { scope: 'openFiles' } }, [
      { uri: vscodeUri(ws.dir), name: 'ws' },
    ]);
    await client.waitForProgressEnd();
    const { CancellationTokenSource } = await import('vscode-jsonrpc');
    const source = new CancellationTokenSource();
    const answer = client.rpc.sendRequest(checkWorkspaceRequest, {}, source.token);
    await until('a first file to be checked', () =>
      client.published(vscodeUri(path.join(ws.dir, 'copy0.c'))) ? true : undefined,
    );
    source.cancel();
    const result = await answer;
    assert.ok(result, 'a cancelled check still answers what it did');
    assert.strictEqual(result.stopped, true);
    assert.ok(result.files < 42, `checked ${result.files}`);
  });
});
