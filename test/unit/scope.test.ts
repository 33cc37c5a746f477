// Context rules judged in the right scope: WFP3005 per classify function (clones only read need
// no check; a check with another handle does not protect), WFP3003 per branch on the layer.
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import { checkFixtures } from '../helpers/check';

describe('WFP3005: who needs the self-injection check, with which handle', () => {
  it('flags clones handed on to be injected and a check made with another handle; not clones only read', async () => {
    const r = await checkFixtures(['layers', 'self_injection.c'], ['layers', 'self_injection_helpers.c']);
    const { file, findings, summary } = r.get('self_injection.c')!;
    assert.deepStrictEqual(summary, [
      'WFP3005@51:FwpsAllocateCloneNetBufferList0',
      'WFP3005@62:FwpsAllocateCloneNetBufferList0',
      'WFP3005@74:gOtherHandle',
      'WFP3005@134:FwpsAllocateCloneNetBufferList0',
      'WFP3005@152:gOtherHandle',
    ]);
    assert.deepStrictEqual(r.get('self_injection_helpers.c')!.summary, []);
    assert.match(
      findings[4].message,
      /HelperWrongHandleClassify asks FwpsQueryPacketInjectionState0 about `gOtherHandle` but injects with `gInjectHandle`/,
    );
    assert.match(
      applyEdits(file.text, findings[4].fixes[0].edits),
      /if \(InjectedBySelf\(gInjectHandle, layerData\)\) return;/,
    );
    const wrong = findings[2];
    assert.match(
      wrong.message,
      /asks FwpsQueryPacketInjectionState0 about `gOtherHandle` but injects with `gInjectHandle`/,
    );
    assert.strictEqual(wrong.related?.[0].line, 75, 'the injection, 0-based');
    assert.deepStrictEqual(
      wrong.fixes.map((f) => f.safe),
      [false],
    );
    assert.match(
      applyEdits(file.text, wrong.fixes[0].edits),
      /FwpsQueryPacketInjectionState0\(gInjectHandle, \(NET_BUFFER_LIST\*\)layerData, NULL\) == FWPS_PACKET_INJECTED_BY_SELF/,
    );
  });
});

describe('WFP3005: helpers the engine does not index', () => {
  it('a clone freed outright after a helper looked at it was not handed on; one given to an unseen queue was', async () => {
    // Only the classify file: the helpers (which mention no Fwps name) are not indexed.
    const r = await checkFixtures(['layers', 'self_injection.c']);
    const summary = r.get('self_injection.c')!.summary;
    assert.ok(
      !summary.some((s) => s.startsWith('WFP3005@122')),
      'ReadElsewhereClassify frees its clone itself',
    );
    assert.ok(
      summary.includes('WFP3005@134:FwpsAllocateCloneNetBufferList0'),
      'QueueElsewhereClassify hands it to an unseen queue',
    );
  });
});

describe('WFP3003: a classify for several layers, judged per branch', () => {
  it('takes the layer of the case, the if/else on layerId, or the per-layer field constants of the arm', async () => {
    const r = await checkFixtures(['layers', 'per_branch.c']);
    const { findings, summary } = r.get('per_branch.c')!;
    assert.deepStrictEqual(summary, [
      'WFP3003@30:FwpsInjectNetworkSendAsync0',
      'WFP3003@59:FwpsInjectTransportReceiveAsync0',
      'WFP3003@88:FwpsInjectNetworkReceiveAsync0',
      'WFP3003@140:FwpsInjectNetworkSendAsync0',
    ]);
    assert.match(
      findings[0].message,
      /^The branch of BranchIpClassify that makes this call runs at FWPS_LAYER_INBOUND_IPPACKET_V6,/,
    );
    assert.match(findings[1].message, /runs at FWPS_LAYER_OUTBOUND_TRANSPORT_V4,/);
  });
});

describe('WFP1006: literal interface indexes', () => {
  it('accepts them for packets the driver built (Fwps or NDIS allocation, also through a field), not for clones', async () => {
    const r = await checkFixtures(['layers', 'built_packets.c']);
    assert.deepStrictEqual(
      r.get('built_packets.c')!.summary,
      ['WFP1006@56:1', 'WFP1006@56:0'],
      'the NBL handed in (line 64) is not judged',
    );
  });
});
