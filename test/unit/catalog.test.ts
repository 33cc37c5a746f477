// The catalog against Microsoft's published prototypes and against itself.
import * as assert from 'assert';
import * as fs from 'fs';
import {
  FUNCTIONS,
  allLayers,
  getLayer,
  injectionFunctions,
  kernelFunctions,
  lifecycleOf,
  pairedFree,
  paramByRole,
  resolveFunction,
  versionIndependentNames,
} from '../../server/src/catalog';
import type { LayerSpec } from '../../server/src/catalog';
import { layersOf } from '../../server/src/catalog/injectionLayers';
import { fixture } from '../helpers/paths';

type Reference = Record<string, { current?: string[]; syntax2018?: string[] }>;
const reference: Reference = JSON.parse(fs.readFileSync(fixture('reference', 'prototypes.json'), 'utf8'));

describe('catalog', () => {
  it('says what each allocator and free does, at the argument whose role it is', () => {
    for (const f of FUNCTIONS) {
      const made = f.lifecycle?.allocates;
      if (made && made.into !== 'return')
        assert.strictEqual(
          f.params[made.into]?.role,
          'netBufferListOut',
          `${f.name} allocates into its out-parameter`,
        );
      const freed = f.lifecycle?.frees;
      if (freed)
        assert.strictEqual(f.params[freed.arg]?.role, 'netBufferList', `${f.name} frees its NBL parameter`);
      // Every function of the NBL's lifetime says what it does, and its pairedWith agrees.
      if (f.kind === 'nblAllocate' || f.kind === 'nblFree')
        assert.ok(f.lifecycle, `${f.name} has a lifecycle`);
      // The first free it is paired with is the one made for what it allocates.
      const first = f.pairedWith?.[0] && lifecycleOf(f.pairedWith[0]);
      if (made && first && first.frees)
        assert.ok(
          first.frees.origins.includes(made.origin),
          `${f.pairedWith![0]} frees what ${f.name} makes`,
        );
    }
    // Each origin has one free made for it; the version-independent and kernel names resolve.
    for (const origin of [
      'clone',
      'allocated',
      'streamClone',
      'reassembled',
      'ndisClone',
      'ndisAllocated',
      'mdl',
      'ndisMdl',
      'pool',
    ] as const)
      assert.ok(pairedFree(origin), origin);
    assert.strictEqual(pairedFree('streamClone'), 'FwpsDiscardClonedStreamData0');
    assert.strictEqual(pairedFree('reassembled'), 'FwpsFreeNetBufferList0');
    // A stream clone is a chain: FwpsFreeCloneNetBufferList0 frees only its first NBL.
    assert.deepStrictEqual(lifecycleOf('FwpsFreeCloneNetBufferList')?.frees?.origins, ['clone']);
    assert.strictEqual(lifecycleOf('NdisAllocateCloneNetBufferList')?.allocates?.into, 'return');
    assert.ok(
      kernelFunctions().every(
        (k) => !k.name.startsWith('Fwps') && (k.lifecycle.allocates || k.lifecycle.frees),
      ),
    );
  });

  it('has the 10 injection functions and the calls around them', () => {
    assert.deepStrictEqual(
      injectionFunctions().map((f) => f.name),
      [
        'FwpsInjectTransportReceiveAsync0',
        'FwpsInjectTransportSendAsync0',
        'FwpsInjectTransportSendAsync1',
        'FwpsInjectNetworkSendAsync0',
        'FwpsInjectNetworkReceiveAsync0',
        'FwpsInjectForwardAsync0',
        'FwpsInjectMacReceiveAsync0',
        'FwpsInjectMacSendAsync0',
        'FwpsInjectvSwitchEthernetIngressAsync0',
        'FwpsStreamInjectAsync0',
      ],
    );
    for (const name of [
      'FwpsInjectionHandleCreate0',
      'FwpsInjectionHandleDestroy0',
      'FwpsQueryPacketInjectionState0',
      'FwpsAllocateCloneNetBufferList0',
      'FwpsFreeCloneNetBufferList0',
      'FwpsAllocateNetBufferAndNetBufferList0',
      'FwpsFreeNetBufferList0',
      'FwpsReferenceNetBufferList0',
      'FwpsDereferenceNetBufferList0',
      'FwpsConstructIpHeaderForTransportPacket0',
      'FwpsPendOperation0',
      'FwpsCompleteOperation0',
      'FwpsPendClassify0',
      'FwpsCompleteClassify0',
      'FwpsAcquireClassifyHandle0',
      'FwpsReleaseClassifyHandle0',
      'FwpsGetPacketListSecurityInformation0',
      'FwpsCloneStreamData0',
      'FwpsDiscardClonedStreamData0',
    ]) {
      assert.ok(resolveFunction(name), `${name} in catalog`);
    }
  });

  it('matches the parameter names and order of Microsoft prototypes', () => {
    let compared = 0;
    for (const fn of FUNCTIONS) {
      const ref = reference[fn.name.toLowerCase()];
      assert.ok(ref, `${fn.name} has a reference page`);
      // The 2018 pages carry the C declaration; newer pages only the parameter headings.
      const expected = ref.syntax2018 ?? ref.current;
      assert.deepStrictEqual(
        fn.params.map((p) => p.name),
        expected,
        fn.name,
      );
      compared++;
    }
    assert.ok(compared >= 28);
  });

  it('gives FwpsInjectForwardAsync0 all nine parameters, completionFn eighth', () => {
    const fn = resolveFunction('FwpsInjectForwardAsync0')!;
    assert.strictEqual(fn.params.length, 9);
    assert.strictEqual(fn.params[7].name, 'completionFn');
  });

  it('describes every injection function completely', () => {
    for (const fn of injectionFunctions()) {
      assert.ok(fn.injection, fn.name);
      assert.ok(fn.injection.layers.length > 0, `${fn.name} layers`);
      assert.ok(paramByRole(fn, 'injectionHandle'), `${fn.name} handle`);
      assert.ok(paramByRole(fn, 'netBufferList'), `${fn.name} nbl`);
      assert.ok(paramByRole(fn, 'completionFn'), `${fn.name} completionFn`);
      assert.ok(fn.ownershipOnFailure, `${fn.name} ownership`);
      assert.match(
        fn.docUrl,
        /^https:\/\/learn\.microsoft\.com\/windows-hardware\/drivers\/ddi\/fwpsk\/nf-fwpsk-/,
      );
      for (const l of fn.injection.layers)
        assert.ok(getLayer(l.layer), `${fn.name}: unknown layer ${l.layer}`);
      for (const v of fn.injection.layerIdValues ?? [])
        assert.ok(getLayer(v), `${fn.name}: unknown layerId ${v}`);
    }
  });

  it('marks every reserved argument', () => {
    const reserved = FUNCTIONS.flatMap((f) =>
      f.params.filter((p) => p.mustBe).map((p) => `${f.name}.${p.name}=${p.mustBe}`),
    );
    for (const expected of [
      'FwpsInjectTransportReceiveAsync0.reserved=null',
      'FwpsInjectTransportReceiveAsync0.flags=zero',
      'FwpsInjectForwardAsync0.flags=zero',
      'FwpsInjectvSwitchEthernetIngressAsync0.reserved=null',
      'FwpsFreeCloneNetBufferList0.freeCloneFlags=zero',
      'FwpsAllocateCloneNetBufferList0.allocateCloneFlags=zero',
    ]) {
      assert.ok(reserved.includes(expected), expected);
    }
  });

  it('resolves version-independent names by target', () => {
    assert.strictEqual(
      resolveFunction('FwpsInjectTransportSendAsync', 'win7')?.name,
      'FwpsInjectTransportSendAsync1',
    );
    assert.strictEqual(
      resolveFunction('FwpsInjectTransportSendAsync', 'vista')?.name,
      'FwpsInjectTransportSendAsync0',
    );
    assert.strictEqual(resolveFunction('FwpsInjectForwardAsync', 'win10')?.name, 'FwpsInjectForwardAsync0');
    for (const name of versionIndependentNames()) assert.ok(resolveFunction(name, 'win10'), name);
    assert.strictEqual(resolveFunction('FwpsSomethingElse'), undefined);
  });

  it('lists layers whose injection functions exist, with no duplicates', () => {
    const ids = new Set<string>();
    for (const l of allLayers()) {
      assert.ok(!ids.has(l.id), `duplicate ${l.id}`);
      ids.add(l.id);
      for (const i of l.injectWith) assert.ok(resolveFunction(i.fn), `${l.id}: ${i.fn}`);
      if (l.discard) assert.deepStrictEqual(l.injectWith, [], `${l.id} is a discard layer`);
    }
    for (const id of [
      'FWPS_LAYER_INBOUND_IPPACKET_V4',
      'FWPS_LAYER_IPFORWARD_V6',
      'FWPS_LAYER_STREAM_V4',
      'FWPS_LAYER_ALE_AUTH_RECV_ACCEPT_V6',
      'FWPS_LAYER_INGRESS_VSWITCH_ETHERNET',
      'FWPS_LAYER_OUTBOUND_MAC_FRAME_NATIVE',
    ]) {
      assert.ok(ids.has(id), id);
    }
  });

  it("derives each function's layers from the layer records: every pair once, conditions kept", () => {
    const injectionNames = new Set(injectionFunctions().map((f) => f.name));
    const stored = allLayers().flatMap((l) =>
      l.injectWith.map((i) => ({ fn: i.fn, layer: l.id, condition: i.condition, inferred: !!i.inferred })),
    );
    for (const s of stored)
      assert.ok(injectionNames.has(s.fn), `${s.layer} lists ${s.fn}, which is not an injection function`);
    const derived = injectionFunctions().flatMap((f) =>
      f.injection!.layers.map((l) => ({
        fn: f.name,
        layer: l.layer,
        condition: l.condition,
        inferred: !!l.inferred,
      })),
    );
    const key = (p: { fn: string; layer: string }) => `${p.fn} @ ${p.layer}`;
    assert.strictEqual(
      new Set(derived.map(key)).size,
      derived.length,
      'a (function, layer) pair appears twice',
    );
    const byKey = new Map(derived.map((d) => [key(d), d]));
    assert.strictEqual(derived.length, stored.length);
    for (const s of stored) assert.deepStrictEqual(byKey.get(key(s)), s, key(s));
    assert.strictEqual(stored.length, 52, 'the 52 documented and inferred pairs');
    // What the rules and the flow panel rely on: forward injection only at IPFORWARD, the weak-host
    // uses there marked as our deduction, the documented ALE re-injection not.
    const forward = injectionFunctions().find((f) => f.name === 'FwpsInjectForwardAsync0')!;
    assert.deepStrictEqual(
      forward.injection!.layers.map((l) => l.layer),
      ['FWPS_LAYER_IPFORWARD_V4', 'FWPS_LAYER_IPFORWARD_V6'],
    );
    const networkSend = injectionFunctions().find((f) => f.name === 'FwpsInjectNetworkSendAsync0')!;
    assert.strictEqual(
      networkSend.injection!.layers.find((l) => l.layer === 'FWPS_LAYER_IPFORWARD_V6')?.inferred,
      true,
    );
    const receive = injectionFunctions().find((f) => f.name === 'FwpsInjectTransportReceiveAsync0')!;
    const ale = receive.injection!.layers.find((l) => l.layer === 'FWPS_LAYER_ALE_AUTH_RECV_ACCEPT_V4')!;
    assert.strictEqual(ale.inferred, undefined);
    assert.match(ale.condition!, /FwpsCompleteOperation0/);
  });

  it('derives layers in layer-table order, leaving out what a layer does not say', () => {
    const layer = (id: string, injectWith: LayerSpec['injectWith']): LayerSpec => ({
      ...allLayers()[0],
      id,
      injectWith,
    });
    const table = [
      layer('A', [{ fn: 'F', condition: 'only inbound' }, { fn: 'G' }]),
      layer('B', []),
      layer('C', [{ fn: 'F', inferred: true }]),
    ];
    assert.deepStrictEqual(layersOf('F', table), [
      { layer: 'A', condition: 'only inbound' },
      { layer: 'C', inferred: true },
    ]);
    assert.deepStrictEqual(layersOf('G', table), [{ layer: 'A' }]);
    assert.deepStrictEqual(layersOf('H', table), []);
  });
});
