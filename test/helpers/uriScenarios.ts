// Workspace scenarios where one file is named by several URI spellings: the workspace scan, the
// editor and file watchers must agree that they name the same file. Shared by the Linux LSP suite
// and the Windows lane (the server under node.exe, behind real Windows pipes).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { InjectionFlowModel } from '../../shared/flowModel';
import { injectionFlowRequest } from '../../shared/protocol';
import { type LspClient, positionOf } from './lspClient';
import { fixture } from './paths';

export interface UriSpellings {
  /** Starts a server whose one workspace folder has this URI. */
  start(folderUri: string): Promise<LspClient>;
  /** The URI the editor sends for a (local) path. */
  editor(p: string): string;
  /** The URI file-watcher events carry for a path: another spelling than the editor's. */
  watcher(p: string): string;
}

/** The scenarios, in a folder named `drv (x64)`, which VS Code and Node escape differently. */
export function describeUriScenarios(title: string, setup: UriSpellings): void {
  describe(title, function () {
    let client: LspClient;
    let dir: string;
    const file = (name: string) => path.join(dir, name);
    const uri = (name: string) => setup.editor(file(name));
    const text = (name: string) => fs.readFileSync(file(name), 'utf8');
    const codes = (diags: Diagnostic[]) => diags.map((d) => d.code).sort();

    /** Diagnostics of `name` once `until` holds for them (the server may publish several rounds). */
    async function diagnosticsUntil(
      name: string,
      until: (codes: unknown[]) => boolean,
      what: string,
    ): Promise<Diagnostic[]> {
      const deadline = Date.now() + 8000;
      for (;;) {
        const diags = await client.waitForDiagnostics(uri(name));
        if (until(codes(diags))) return diags;
        assert.ok(Date.now() < deadline, `${what}; got ${codes(diags).join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    // A fresh folder and server per test: no test depends on what an earlier one left behind.
    beforeEach(async () => {
      dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-uri-')), 'drv (x64)');
      fs.mkdirSync(dir);
      for (const name of ['setup.c', 'send.c', 'unload.c'])
        fs.copyFileSync(fixture('uris', name), file(name));
      assert.notStrictEqual(
        setup.editor(dir),
        setup.watcher(dir),
        'the editor and the watcher must spell the folder differently',
      );
      client = await setup.start(setup.editor(dir));
      await client.waitForProgressEnd();
      await client.open(uri('send.c'), text('send.c'));
    });
    afterEach(() => client.stop());

    it('knows handles and completion functions from the scan and from the open file alike', async () => {
      const diags = await diagnosticsUntil('send.c', (c) => c.length === 3, 'three findings expected');
      assert.deepStrictEqual(codes(diags), ['WFP2002', 'WFP2005', 'WFP3001']);
      const leak = diags.find((d) => d.code === 'WFP2002')!;
      assert.ok(
        leak.relatedInformation?.some((r) => /completion function/.test(r.message)),
        JSON.stringify(leak.relatedInformation),
      );
      // Answers about the open document keep the exact URI the editor sent.
      assert.ok(
        leak.relatedInformation!.every((r) => r.location.uri === uri('send.c')),
        JSON.stringify(leak.relatedInformation),
      );
    });

    it('finds a completion function defined in the same open file', async () => {
      const flow = (await client.rpc.sendRequest(injectionFlowRequest, {
        textDocument: { uri: uri('send.c') },
        position: positionOf(
          text('send.c'),
          'FwpsInjectNetworkSendAsync0(gSendHandle, NULL, 0, cid, clone, SendComplete',
          3,
        ),
      })) as InjectionFlowModel;
      const step = flow.steps.find((s) => s.id === 'completionFunction')!;
      assert.strictEqual(step.status, 'found', step.detail);
      assert.strictEqual(step.location?.uri, uri('send.c'));
    });

    it('follows unsaved edits in another open file', async () => {
      await client.open(uri('setup.c'), text('setup.c'));
      await client.open(uri('unload.c'), text('unload.c'));
      assert.deepStrictEqual(codes(await client.waitForDiagnostics(uri('setup.c'))), []);
      const destroy = 'FwpsInjectionHandleDestroy0(gSendHandle);';
      const start = positionOf(text('unload.c'), destroy);
      await client.change(uri('unload.c'), [
        {
          range: { start, end: { line: start.line, character: start.character + destroy.length } },
          text: '',
        },
      ]);
      await diagnosticsUntil(
        'setup.c',
        (c) => c.includes('WFP3007'),
        'deleting the only destroy (unsaved) should give WFP3007',
      );
      await client.change(uri('unload.c'), [{ range: { start, end: start }, text: destroy }]);
      await diagnosticsUntil(
        'setup.c',
        (c) => !c.includes('WFP3007'),
        'putting the destroy back should clear WFP3007',
      );
    });

    it('follows a file changed on disk, reported with another spelling', async () => {
      await diagnosticsUntil('send.c', (c) => c.includes('WFP3001'), 'WFP3001 expected first');
      fs.writeFileSync(file('setup.c'), text('setup.c').replace(/gSendHandle/g, 'gOtherHandle'));
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: setup.watcher(file('setup.c')), type: 2 }],
      });
      await diagnosticsUntil(
        'send.c',
        (c) => !c.includes('WFP3001'),
        'gSendHandle is no longer created anywhere: WFP3001 should go',
      );
    });

    it('takes back the findings of a closed file deleted on disk, reported with another spelling', async () => {
      await diagnosticsUntil('send.c', (c) => c.length === 3, 'three findings expected');
      // Closed, its findings stay (now from the file on disk), under the URI the editor knows.
      await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri: uri('send.c') } });
      await new Promise((r) => setTimeout(r, 500));
      assert.deepStrictEqual(codes(await client.waitForDiagnostics(uri('send.c'))), [
        'WFP2002',
        'WFP2005',
        'WFP3001',
      ]);
      fs.unlinkSync(file('send.c'));
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: setup.watcher(file('send.c')), type: 3 }],
      });
      await diagnosticsUntil(
        'send.c',
        (c) => c.length === 0,
        'the deleted file keeps findings under the spelling they were published with',
      );
    });

    it('follows a file deleted on disk, reported with another spelling', async () => {
      await client.open(uri('setup.c'), text('setup.c'));
      assert.deepStrictEqual(codes(await client.waitForDiagnostics(uri('setup.c'))), []);
      fs.unlinkSync(file('unload.c'));
      await client.rpc.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: setup.watcher(file('unload.c')), type: 3 }],
      });
      await diagnosticsUntil(
        'setup.c',
        (c) => c.includes('WFP3007'),
        'with unload.c deleted, gSendHandle is never destroyed',
      );
    });
  });
}
