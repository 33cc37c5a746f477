// The flow panel's context steps: moving the data start before the clone where the injection
// function needs it, completing a pended classify, and the condition a found step runs under.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { parseSource } from '../../server/src/parse/document';
import type { InjectionFlowModel, StepId } from '../../shared/flowModel';
import { checkFile } from '../../server/src/rules';

/** An out-of-band inbound transport injection in the style of pended-connection samples. */
const WORKER = (retreat: boolean, checksumUnder: string | undefined, pend: boolean) => `
typedef struct _PENDED { NET_BUFFER_LIST* nbl; HANDLE completionContext; BOOLEAN ipSecProtected; ULONG ipHeaderSize; ULONG transportHeaderSize;
                         COMPARTMENT_ID compartmentId; IF_INDEX interfaceIndex; IF_INDEX subInterfaceIndex; } PENDED;
extern HANDLE gInject;
VOID NTAPI Done(VOID* c, NET_BUFFER_LIST* nbl, BOOLEAN d) { FwpsFreeCloneNetBufferList0(nbl, 0); }
${pend ? 'VOID PendIt(PENDED* p, const FWPS_INCOMING_METADATA_VALUES0* meta) { FwpsPendOperation0(meta->completionHandle, &p->completionContext); }' : ''}
NTSTATUS ReinjectInbound(PENDED* packet)
{
   NTSTATUS status;
   NET_BUFFER_LIST* clone = NULL;
   ${pend ? 'FwpsCompleteOperation0(packet->completionContext, NULL);' : ''}
   ${retreat ? 'status = NdisRetreatNetBufferDataStart(NET_BUFFER_LIST_FIRST_NB(packet->nbl), packet->ipHeaderSize + packet->transportHeaderSize, 0, NULL);' : 'status = STATUS_SUCCESS;'}
   if (!NT_SUCCESS(status)) return status;
   status = FwpsAllocateCloneNetBufferList0(packet->nbl, NULL, NULL, 0, &clone);
   ${retreat ? 'NdisAdvanceNetBufferDataStart(NET_BUFFER_LIST_FIRST_NB(packet->nbl), packet->ipHeaderSize + packet->transportHeaderSize, FALSE, NULL);' : ''}
   if (!NT_SUCCESS(status)) return status;
   ${checksumUnder ? `if (${checksumUnder})\n   {\n      FwpsConstructIpHeaderForTransportPacket0(clone, packet->ipHeaderSize, AF_INET, NULL, NULL, IPPROTO_UDP, 0, NULL, 0, 0, NULL, 0, 0);\n   }` : ''}
   status = FwpsInjectTransportReceiveAsync0(gInject, NULL, NULL, 0, AF_INET, packet->compartmentId, packet->interfaceIndex,
                                             packet->subInterfaceIndex, clone, Done, NULL);
   if (!NT_SUCCESS(status))
   {
      FwpsFreeCloneNetBufferList0(clone, 0);
   }
   return status;
}
`;

async function flowOf(
  text: string,
  needle = 'FwpsInjectTransportReceiveAsync0',
): Promise<InjectionFlowModel> {
  const file = await parseSource('file:///worker.c', text);
  const index = new WorkspaceIndex();
  index.update(file, 'win10');
  index.complete = true;
  return buildInjectionFlow(file, text.indexOf(needle) + 3, 'win10', index, checkFile(file, 'win10', index))!;
}

const ids = (m: InjectionFlowModel) => m.steps.map((s) => s.id);
const stepOf = (m: InjectionFlowModel, id: StepId) => m.steps.find((s) => s.id === id);

describe('flow panel: context steps', () => {
  it('shows the retreat before the clone, the checksum under its condition and the completion of the pended classify', async () => {
    const m = await flowOf(WORKER(true, 'packet->ipSecProtected', true));
    assert.deepStrictEqual(ids(m).slice(0, 6), [
      'selfInjectionCheck',
      'retreat',
      'allocate',
      'checksum',
      'completeOperation',
      'inject',
    ]);
    const retreat = stepOf(m, 'retreat')!;
    assert.strictEqual(retreat.status, 'found');
    assert.match(retreat.detail, /advanced back afterwards/);
    assert.strictEqual(stepOf(m, 'checksum')!.condition, 'packet->ipSecProtected');
    assert.strictEqual(stepOf(m, 'completeOperation')!.status, 'found');
    assert.strictEqual(retreat.condition, undefined, 'the retreat runs whenever the call does');
  });

  it('says the retreat is unknown where none is seen, and adds no completion step without a pend', async () => {
    const m = await flowOf(WORKER(false, undefined, false));
    assert.strictEqual(stepOf(m, 'retreat')!.status, 'unknown');
    assert.match(stepOf(m, 'retreat')!.detail, /IP header/);
    assert.strictEqual(stepOf(m, 'completeOperation'), undefined);
  });

  it('gives no condition to a step in the same branch as the call, and "not (…)" to one in the else', async () => {
    const same = WORKER(true, undefined, false)
      .replace(
        '   status = FwpsInjectTransportReceiveAsync0(',
        '   if (packet->ipSecProtected)\n   {\n   FwpsConstructIpHeaderForTransportPacket0(clone, packet->ipHeaderSize, AF_INET, NULL, NULL, IPPROTO_UDP, 0, NULL, 0, 0, NULL, 0, 0);\n   status = FwpsInjectTransportReceiveAsync0(',
      )
      .replace('clone, Done, NULL);\n', 'clone, Done, NULL);\n   }\n');
    const m = await flowOf(same);
    assert.strictEqual(stepOf(m, 'checksum')!.status, 'found');
    assert.strictEqual(stepOf(m, 'checksum')!.condition, undefined);

    const inElse = WORKER(true, 'packet->ipSecProtected', false).replace(
      '      FwpsConstructIpHeaderForTransportPacket0',
      '   }\n   else\n   {\n      FwpsConstructIpHeaderForTransportPacket0',
    );
    assert.strictEqual(stepOf(await flowOf(inElse), 'checksum')!.condition, 'not (packet->ipSecProtected)');
  });

  it('adds no retreat step for a forward injection, whose data already starts at the IP header', async () => {
    const text = WORKER(false, undefined, false).replace(
      /status = FwpsInjectTransportReceiveAsync0\([^;]*;/,
      'status = FwpsInjectForwardAsync0(gInject, NULL, 0, AF_INET, packet->compartmentId, packet->interfaceIndex, clone, Done, NULL);',
    );
    const m = await flowOf(text, 'FwpsInjectForwardAsync0');
    assert.strictEqual(stepOf(m, 'retreat'), undefined);
  });
});
