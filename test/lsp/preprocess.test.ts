// The preprocessing environment over real JSON-RPC: the project's target and the workspace's
// macros decide how an open document is read; the setting wins; an edit on an #if line re-reads it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { LspClient, positionOf } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';

const WIN8_ONLY = `#include "driver_macros.h"
/* Only Windows 8 and later builds have this path; it leaks the clone when the injection fails. */
#if (NTDDI_VERSION >= NTDDI_WIN8)
WFPDRV_CLASSIFY_ANNOTATIONS
static NTSTATUS WFPDRV_CALLBACK
Win8Reinject(_In_ NET_BUFFER_LIST* original, _In_ COMPARTMENT_ID compartmentId)
#else
static NTSTATUS WFPDRV_CALLBACK
Win8Reinject(_In_ NET_BUFFER_LIST* original)
#endif
{
   NET_BUFFER_LIST* clone = NULL;
   NTSTATUS status = FwpsAllocateCloneNetBufferList(original, NULL, NULL, 0, &clone);
   if (!NT_SUCCESS(status))
   {
      return status;
   }
#if (NTDDI_VERSION >= NTDDI_WIN8)
   status = FwpsInjectNetworkSendAsync(gNetworkInjectionHandle, NULL, 0, compartmentId, clone, DrvInjectComplete, NULL);
   if (!NT_SUCCESS(status))
   {
      WFPDRV_TRACE(("failed %x", status));
   }
#else
   FwpsFreeCloneNetBufferList(clone, 0);
#endif
   return status;
}
`;

describe('LSP: preprocessing environment', function () {
  let client: LspClient;
  let dir: string;
  let uri: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-pre-'));
    fs.writeFileSync(
      path.join(dir, 'drv.vcxproj'),
      '<Project><PropertyGroup><TargetVersion>Windows7</TargetVersion></PropertyGroup></Project>\n',
    );
    fs.copyFileSync(fixture('preprocess', 'driver_macros.h'), path.join(dir, 'driver_macros.h'));
    fs.writeFileSync(path.join(dir, 'reinject.c'), WIN8_ONLY);
    uri = pathToFileURL(path.join(dir, 'reinject.c')).href;
    client = await LspClient.start({}, [{ uri: pathToFileURL(dir).href, name: 'drv' }]);
    await client.waitForProgressEnd();
  });
  after(() => client.stop());

  it("reads the project's target: a Windows 7 build never compiles the leaking branch", async () => {
    await client.open(uri, WIN8_ONLY);
    assert.deepStrictEqual(await client.waitForDiagnostics(uri), []);
    assert.ok(
      client.logs.some((l) => /Parse: \d+ files, \d+ functions, 0 parsed with errors/.test(l)),
      client.logs.join('\n'),
    );
  });

  it('lets an explicit wfp.targetWindows win over the project, and goes back to it on auto', async () => {
    await client.changeSettings({ targetWindows: 'win10' });
    let diags: { code?: unknown; range: { start: { line: number } } }[] = [];
    for (let i = 0; i < 50 && !diags.length; i++) {
      diags = await client.waitForDiagnostics(uri);
      if (!diags.length) await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepStrictEqual(
      diags.map((d) => [d.code, d.range.start.line]),
      [['WFP2002', positionOf(WIN8_ONLY, 'status = FwpsInjectNetworkSendAsync').line]],
    );
    await client.changeSettings({ targetWindows: 'auto' });
    for (let i = 0; i < 50 && diags.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      diags = await client.waitForDiagnostics(uri);
    }
    assert.deepStrictEqual(diags, []);
  });

  it('re-reads the branches when an #if line is edited', async () => {
    const lines = WIN8_ONLY.split('\n');
    const changes = lines
      .map((l, i) => [l, i] as const)
      .filter(([l]) => l.includes('>= NTDDI_WIN8'))
      .reverse()
      .map(([l, i]) => ({
        range: {
          start: { line: i, character: l.indexOf('WIN8') },
          end: { line: i, character: l.indexOf('WIN8') + 4 },
        },
        text: 'WIN7',
      }));
    await client.change(uri, changes);
    const diags = await client.waitForDiagnostics(uri);
    assert.deepStrictEqual(
      diags.map((d) => d.code),
      ['WFP2002'],
    );
  });
});
