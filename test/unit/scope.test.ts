// Context rules judged in the right scope: WFP3005 per classify function (clones only read need
// no check; a check with another handle does not protect), WFP3003 per branch on the layer.
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import * as fs from 'fs';
import { checkFixtures, checkText } from '../helpers/check';
import { fixture } from '../helpers/paths';
import { assertAnnotated, marker } from '../helpers/annotations';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';

describe('WFP3005: who needs the self-injection check, with which handle', () => {
  it('asks for a self-injection check in a classify function that injects only through helpers', async () => {
    const r = await checkFixtures(['layers', 'helper_injection.c']);
    assertAnnotated(r.get('helper_injection.c')!);
  });

  it('flags clones handed on to be injected and a check made with another handle; not clones only read', async () => {
    const r = await checkFixtures(['layers', 'self_injection.c'], ['layers', 'self_injection_helpers.c']);
    const { file, findings } = r.get('self_injection.c')!;
    assertAnnotated(r.get('self_injection.c')!);
    assertAnnotated(r.get('self_injection_helpers.c')!);
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
    assert.strictEqual(
      wrong.related?.[0].line,
      marker(file.text, '$injectsWithAnotherHandle').line,
      'the injection',
    );
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

describe('WFP3005: packets injected down the other path', () => {
  it('needs no check for a reply injected into the receive path from an outbound layer, and one for a resend', async () => {
    const r = await checkFixtures(['layers', 'reply_injection.c']);
    const { file, findings } = r.get('reply_injection.c')!;
    assertAnnotated({ file, findings });
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const selfCheck = (fn: string) =>
      buildInjectionFlow(file, file.text.indexOf(fn), 'win10', index, findings)?.steps.find(
        (s) => s.id === 'selfInjectionCheck',
      )?.status;
    assert.deepStrictEqual(
      [selfCheck('FwpsInjectNetworkReceiveAsync0('), selfCheck('FwpsInjectNetworkSendAsync0(')],
      ['notApplicable', 'missing'],
    );
  });
});

describe('WFP3005: helpers the engine does not index', () => {
  it('a clone freed outright after a helper looked at it was not handed on; one given to an unseen queue was', async () => {
    // Only the classify file: the helpers (which mention no Fwps name) are not indexed.
    const r = await checkFixtures(['layers', 'self_injection.c']);
    // ReadElsewhereClassify frees its clone itself; QueueElsewhereClassify hands it to an unseen queue.
    assertAnnotated(r.get('self_injection.c')!);
  });
});

describe('WFP3003: a classify for several layers, judged per branch', () => {
  it('takes the layer of the case, the if/else on layerId, or the per-layer field constants of the arm', async () => {
    const r = await checkFixtures(['layers', 'per_branch.c']);
    const { findings } = r.get('per_branch.c')!;
    assertAnnotated(r.get('per_branch.c')!);
    assert.match(
      findings[0].message,
      /^The branch of BranchIpClassify that makes this call runs at FWPS_LAYER_INBOUND_IPPACKET_V6,/,
    );
    assert.match(findings[1].message, /runs at FWPS_LAYER_OUTBOUND_TRANSPORT_V4,/);
  });

  it('leaves the code after an early exit on one layer to the other layers', async () => {
    const r = await checkFixtures(['layers', 'early_exit.c']);
    assertAnnotated(r.get('early_exit.c')!);
  });

  it('reads the branches of a C++ file as those of a C file (its conditions are condition clauses)', async () => {
    const text = fs.readFileSync(fixture('layers', 'per_branch.c'), 'utf8');
    const asC = await checkText('file:///fixtures/layers/per_branch.c', text);
    const asCpp = await checkText('file:///fixtures/layers/per_branch.cpp', text);
    const seen = (c: typeof asC) => c.findings.map((f) => `${f.ruleId}@${f.start}`);
    assert.strictEqual(asC.findings.length, 4);
    assert.deepStrictEqual(seen(asCpp), seen(asC));
    [asC, asCpp].forEach((c) => c.file.dispose());
  });
});

describe('WFP1006: literal interface indexes', () => {
  it('accepts them for packets the driver built (Fwps or NDIS allocation, also through a field), not for clones', async () => {
    const r = await checkFixtures(['layers', 'built_packets.c']);
    // The NBL handed in to the last function is not judged.
    assertAnnotated(r.get('built_packets.c')!);
  });
});
