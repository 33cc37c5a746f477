// Rule fixtures: each rule loud on the defect, silent on the correct idioms beside it.
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import { checkFile } from '../../server/src/rules';
import { checkFixtures } from '../helpers/check';
import { parseC } from '../helpers/source';
import { assertAnnotated } from '../helpers/annotations';

describe('rules: handles across files', () => {
  it('finds wrong handle types and families only where the handle is known', async () => {
    const r = await checkFixtures(['handles', 'driver_entry.c'], ['handles', 'inject.c']);
    assertAnnotated(r.get('inject.c')!);
    const f = r.get('inject.c')!.findings[0];
    assert.strictEqual(f.related?.[0].uri, 'file:///fixtures/handles/driver_entry.c');
  });

  it('judges a handle an injection helper is given by what all of its callers pass', async () => {
    const r = await checkFixtures(['handles', 'driver_entry.c'], ['handles', 'passed_handle.c']);
    assertAnnotated(r.get('passed_handle.c')!);
  });

  it('flags a handle whose create status is ignored, and one never destroyed', async () => {
    const r = await checkFixtures(['handles', 'driver_entry.c'], ['handles', 'inject.c']);
    assertAnnotated(r.get('driver_entry.c')!);
  });

  it('reports a layer-2-only handle created for AF_INET or AF_INET6 where it is created, and offers AF_UNSPEC', async () => {
    const r = await checkFixtures(['handles', 'l2_family.c']);
    const checked = r.get('l2_family.c')!;
    assertAnnotated(checked);
    const fix = checked.findings[0].fixes[0];
    assert.deepStrictEqual(
      fix.edits.map((e) => [checked.file.text.slice(e.start, e.end), e.newText]),
      [['AF_INET', 'AF_UNSPEC']],
    );
  });

  it('counts a destroy routine passed to a teardown macro beside the handle', async () => {
    const r = await checkFixtures(['handles', 'macro_teardown.c']);
    assertAnnotated(r.get('macro_teardown.c')!);
  });
});

describe('rules: layers from registrations', () => {
  it('learns layers through a registration helper and designated initializers', async () => {
    const r = await checkFixtures(['layers', 'register.c'], ['layers', 'classify.c']);
    assertAnnotated(r.get('classify.c')!);
    assertAnnotated(r.get('register.c')!);
  });

  it('joins a registration split over functions on the callout key, a reused FWPS_CALLOUT callout by callout', async () => {
    const r = await checkFixtures(
      ['layers', 'split-registration', 'register.c'],
      ['layers', 'split-registration', 'classify.c'],
    );
    assertAnnotated(r.get('classify.c')!);
    assertAnnotated(r.get('register.c')!);
  });

  it('fixes a missing self-injection check with the handle the function injects with', async () => {
    const r = await checkFixtures(['layers', 'register.c'], ['layers', 'classify.c']);
    const { file, findings } = r.get('classify.c')!;
    const [noHandle, unguarded] = findings.filter((f) => f.ruleId === 'WFP3005');
    assert.deepStrictEqual(noHandle.fixes, [], 'no fix when the function injects with no visible handle');
    const fixed = await parseC(applyEdits(file.text, unguarded.fixes[0].edits));
    assert.match(
      fixed.text,
      /switch \(FwpsQueryPacketInjectionState0\(gNetHandle, \(NET_BUFFER_LIST\*\)packet, NULL\)\)/,
    );
    assert.match(fixed.text, /out->actionType = FWP_ACTION_PERMIT;/);
    const after = checkFile(fixed, 'win10').filter((f) => f.ruleId === 'WFP3005');
    assert.strictEqual(after.length, 1, 'only the unfixable one remains');
  });

  it('learns layers from field constants alone, and stays silent without any evidence', async () => {
    const r = await checkFixtures(['layers', 'classify.c']);
    const ids = r.get('classify.c')!.findings.map((f) => f.ruleId);
    assert.ok(ids.includes('WFP3003'), 'field constants place NetworkClassify at INBOUND_IPPACKET_V4');
    const quiet = await parseC(
      'VOID NTAPI C(const FWPS_INCOMING_VALUES0* v, const FWPS_INCOMING_METADATA_VALUES0* m, VOID* d, const VOID* cc, const FWPS_FILTER2* f, UINT64 fc, FWPS_CLASSIFY_OUT0* out)\n' +
        '{ if (FwpsQueryPacketInjectionState0(h, d, NULL) != FWPS_PACKET_NOT_INJECTED) return;\n' +
        '  status = FwpsInjectForwardAsync0(h, NULL, 0, AF_INET6, m->compartmentId, ifIndex, nbl, Done, NULL); }',
    );
    assertAnnotated({ file: quiet, findings: checkFile(quiet, 'win10') });
  });
});

describe('rules: ALE pend and layerId', () => {
  it('flags ALE injection without pend/complete and layer ids the function does not take', async () => {
    const r = await checkFixtures(['layers', 'ale_and_l2.c']);
    assertAnnotated(r.get('ale_and_l2.c')!);
  });
});

describe('rules: parameters', () => {
  it('flags each parameter mistake once', async () => {
    const r = await checkFixtures(['params', 'reserved_and_null.c']);
    assertAnnotated(r.get('reserved_and_null.c')!);
  });

  it('flags an address family other than AF_INET/AF_INET6, and only literal ones', async () => {
    const file = await parseC(
      'void f(NET_BUFFER_LIST* nbl, ADDRESS_FAMILY af) {\n' +
        '  s = FwpsInjectForwardAsync0(h, NULL, 0, AF_UNSPEC, c, i, nbl, Done, NULL);\n' +
        '  //                                      ^^^^^^^^^ WFP1004\n' +
        '  s = FwpsInjectForwardAsync0(h, NULL, 0, 23, c, i, nbl, Done, NULL);\n' +
        '  s = FwpsInjectForwardAsync0(h, NULL, 0, af, c, i, nbl, Done, NULL);\n}\n',
    );
    assertAnnotated({ file, findings: checkFile(file, 'win10') });
  });

  it('is silent on correct variants', async () => {
    const r = await checkFixtures(['params', 'correct_variants.c'], ['driver', 'forward_classify.c']);
    assertAnnotated(r.get('correct_variants.c')!);
    assertAnnotated(r.get('forward_classify.c')!);
  });
});
