// The flow panel's checksum step for an inbound transport injection: found through the header
// rebuild, a checksum field, a function named for the checksum or a helper that calls one before
// the injection; unknown when none of these is seen.
import * as assert from 'assert';
import { checkWithFlow } from '../helpers/flowSteps';

const HEAD = `
extern HANDLE gInject;
VOID NTAPI Done(VOID* c, NET_BUFFER_LIST* nbl, BOOLEAN d) { FwpsFreeNetBufferList0(nbl); }
UINT16 IpHeaderChecksum(const UCHAR* header);
`;

/** A receive injection of a packet built by `BuildPacket`, after `before`. */
const driver = (builder: string, before: string) => `${HEAD}
${builder}
NTSTATUS InjectBuilt(UCHAR* buffer, ULONG length, PMDL mdl, NDIS_HANDLE pool)
{
    NET_BUFFER_LIST* nbl = NULL;
    NTSTATUS status = FwpsAllocateNetBufferAndNetBufferList0(pool, 0, 0, mdl, 0, length, &nbl);
    if (!NT_SUCCESS(status))
        return status;
    ${before}
    status = FwpsInjectTransportReceiveAsync0(gInject, NULL, NULL, 0, AF_INET, UNSPECIFIED_COMPARTMENT_ID, 1, 0, nbl, Done, NULL);
    if (!NT_SUCCESS(status))
        FwpsFreeNetBufferList0(nbl);
    return status;
}
`;

async function checksum(text: string): Promise<string> {
  const r = await checkWithFlow('file:///built.c', text);
  return r.step(text.indexOf('FwpsInjectTransportReceiveAsync0(') + 3, 'checksum');
}

describe('flow panel: the checksum step', () => {
  it('is found where a function named for the checksum runs before the injection', async () => {
    const s = await checksum(
      driver('', 'buffer[10] = 0; *(UINT16*)(buffer + 10) = IpHeaderChecksum(buffer);'),
    );
    assert.match(s, /^found: IpHeaderChecksum computes a checksum/);
  });

  it('is found through the workspace helper that builds the packet and sums it, naming the chain', async () => {
    const builder = `VOID FillHeader(UCHAR* ip, ULONG length)
{
    ip[0] = 0x45;
    *(UINT16*)(ip + 10) = IpHeaderChecksum(ip);
}`;
    const s = await checksum(driver(builder, 'FillHeader(buffer, length);'));
    assert.match(
      s,
      /^found: FillHeader computes a checksum before the packet is injected \(IpHeaderChecksum\)/,
    );
  });

  it('stays unknown where nothing sums the packet, or only after the injection', async () => {
    assert.match(
      await checksum(driver('VOID Trace(ULONG n);', 'Trace(length);')),
      /^unknown: No checksum fix seen/,
    );
    const after = driver('', '').replace(
      '    return status;\n}',
      '    IpHeaderChecksum(buffer);\n    return status;\n}',
    );
    assert.match(await checksum(after), /^unknown: No checksum fix seen/);
  });
});
