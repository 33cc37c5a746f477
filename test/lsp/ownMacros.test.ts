// Over real JSON-RPC: a document that defines its own annotation-like macro is read with it on
// its first check, which is not begun again, and the macro applies to the next document opened.
import * as assert from 'assert';
import { LspClient, positionOf } from '../helpers/lspClient';

const DEFINES = `#define INITGUID
#define DRV_CALLBACK NTAPI

static NTSTATUS DRV_CALLBACK
Reinject(_In_ NET_BUFFER_LIST* original, _In_ COMPARTMENT_ID compartmentId)
{
   NET_BUFFER_LIST* clone = NULL;
   NTSTATUS status;

   status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);
   if (NT_SUCCESS(status))
   {
      status = FwpsInjectNetworkSendAsync0(gInjectionHandle, NULL, 0, compartmentId, clone, DrvInjectComplete, NULL);
   }
   return status;
}
`;

/** Uses the macro the other document defines, and leaks the same way. */
const USES = DEFINES.replace('#define INITGUID\n#define DRV_CALLBACK NTAPI\n', '').replace(
  'Reinject(',
  'ReinjectToo(',
);

const leakLine = (text: string) => positionOf(text, 'status = FwpsInjectNetworkSendAsync0').line;

describe('LSP: a document’s own macros', function () {
  let client: LspClient;
  const definesUri = 'file:///drv/defines.c';
  const usesUri = 'file:///drv/uses.c';

  // A lone file: no workspace indexing re-checks it.
  before(async () => (client = await LspClient.start()));
  after(() => client.stop());

  /** Opens `text` and expects the one leak, found through the function's header. */
  async function opensWithItsLeak(uri: string, text: string): Promise<void> {
    await client.open(uri, text);
    const diags = await client.waitForDiagnostics(uri);
    assert.deepStrictEqual(
      diags.map((d) => [d.code, d.range.start.line]),
      [['WFP2002', leakLine(text)]],
    );
  }

  it('are read on the first check, which is published once', async () => {
    await opensWithItsLeak(definesUri, DEFINES);
    // Whatever else the server does for this version has had time to happen.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const mine = client.publishes.filter((p) => p.uri === definesUri);
    assert.strictEqual(mine.length, 1, JSON.stringify(mine));
  });

  it('apply to the next document opened', async () => {
    await opensWithItsLeak(usesUri, USES);
  });
});
