// NBL ownership across functions: helpers that allocate, free or inject, several calls deep and
// across files, judged through the workspace's composed summaries.
import * as assert from 'assert';
import * as fs from 'fs';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { checkFile, type Finding } from '../../server/src/rules';
import { applyEdits, safeFixEdits } from '../../server/src/rules/fixes';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated, findingsAt } from '../helpers/annotations';
import { errorCount } from '../helpers/source';
import { fixture } from '../helpers/paths';

const HELPERS = ['ownership', 'helpers', 'packet.c'];
const LEAKS = ['ownership', 'helpers', 'leaks.c'];
const IDIOMS = ['ownership', 'helpers', 'idioms.c'];

/** Checks `text` as idioms.c beside the untouched helpers. */
async function checkWithHelpers(
  text: string,
  helpers = fs.readFileSync(fixture(...HELPERS), 'utf8'),
): Promise<{ file: SourceFile; findings: Finding[] }> {
  const files: SourceFile[] = [
    await parseSource('file:///w/packet.c', helpers),
    await parseSource('file:///w/idioms.c', text),
  ];
  const index = new WorkspaceIndex();
  for (const f of files) index.update(f, 'win10');
  index.complete = true;
  try {
    return { file: files[1], findings: checkFile(files[1], 'win10', index) };
  } finally {
    files.forEach((f) => f.dispose());
  }
}

describe('rules: NBL ownership across functions', () => {
  it('finds each leak through helpers and wrappers, where the fix belongs', async () => {
    const r = await checkFixtures(HELPERS, LEAKS, IDIOMS);
    assertAnnotated(r.get('packet.c')!);
    assertAnnotated(r.get('leaks.c')!);
    assertAnnotated(r.get('idioms.c')!);
  });

  it('takes a helper for an allocator only when every path gives back what it allocated', async () => {
    const helpers = fs.readFileSync(fixture(...HELPERS), 'utf8');
    const file = await parseSource('file:///w/packet.c', helpers);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    try {
      assert.deepStrictEqual(index.effects('CloneIfNeeded')!.allocates, []);
      assert.deepStrictEqual(index.effects('GetPacket')!.allocates, []);
      assert.deepStrictEqual(
        index.effects('CloneForReinject')!.allocates.map((a) => [a.into, a.origin]),
        [['return', 'clone']],
      );
      assert.deepStrictEqual(
        index.effects('CloneIndicated')!.allocates.map((a) => [a.into, a.origin]),
        [[{ param: 1, path: '*' }, 'clone']],
      );
    } finally {
      file.dispose();
    }
    // Without the borrowed paths they are allocators, and their callers' leaks are found.
    const only = helpers
      .replace('    if (!needCopy)\n    {\n        return indicated;\n    }\n', '')
      .replace(
        '    if (gCachedNbl != NULL)\n    {\n        *packet = gCachedNbl;\n        return STATUS_SUCCESS;\n    }\n',
        '',
      );
    assert.notStrictEqual(only, helpers);
    const got = await checkWithHelpers(fs.readFileSync(fixture(...IDIOMS), 'utf8'), only);
    assert.deepStrictEqual(
      got.findings.map((f) => f.ruleId),
      ['WFP2002', 'WFP2002'],
    );
  });

  it("flags a free from the wrong family: NDIS on an Fwps clone, Fwps on an NDIS clone, the wrong Fwps free on a helper's clone", async () => {
    const r = await checkFixtures(HELPERS, ['ownership', 'helpers', 'families.c']);
    assertAnnotated(r.get('families.c')!);
    assert.deepStrictEqual(
      r.get('families.c')!.findings.map((f) => f.fixes[0].edits[0].newText),
      [
        'FwpsFreeCloneNetBufferList0(clone, 0)',
        'NdisFreeCloneNetBufferList(clone, 0)',
        'FwpsFreeCloneNetBufferList0(clone, 0)',
      ],
    );
    assert.match(
      r.get('families.c')!.findings[2].message,
      /comes from CloneForReinject → FwpsAllocateCloneNetBufferList0/,
    );
  });

  it('follows the whole built packet: the MDL and the copy are freed with the NBL, on failure and by the completion', async () => {
    const r = await checkFixtures(['ownership', 'packet-parts.c']);
    const parts = r.get('packet-parts.c')!;
    assertAnnotated(parts);
    assert.deepStrictEqual(
      parts.findings[0].fixes[0].edits.map((e) => e.newText.trim().replace(/\s+/g, ' ')),
      ['IoFreeMdl(mdl); ExFreePoolWithTag(copy, COPY_TAG);'],
    );
    // Each negative holds because of its frees: without the MDL's free on failure, it leaks.
    const text = fs.readFileSync(fixture('ownership', 'packet-parts.c'), 'utf8');
    const without = text.replace(
      '        FwpsFreeNetBufferList0(nbl);\n        IoFreeMdl(mdl);\n        ExFreePoolWithTag(copy, COPY_TAG);\n    }\n    return status;',
      '        FwpsFreeNetBufferList0(nbl);\n        ExFreePoolWithTag(copy, COPY_TAG);\n    }\n    return status;',
    );
    assert.notStrictEqual(without, text);
    const file = await parseSource('file:///w/packet-parts.c', without);
    assertAnnotated(
      { file, findings: checkFile(file, 'win10') },
      { also: [['WFP2007', '$leaksWithoutMdlFree']] },
    );
    assert.match(checkFile(file, 'win10')[0].message, /^`mdl` \(the MDL\) under `nbl` leaks/);
    file.dispose();
  });

  it("points along the chain: the allocation inside the helper, the wrapper's injection", async () => {
    const r = await checkFixtures(HELPERS, LEAKS);
    const leaks = r.get('leaks.c')!;
    const [built] = findingsAt(leaks, '$builtInHelper');
    assert.deepStrictEqual(
      built.related?.map((x) => x.message),
      [
        'NBL allocated in MakePacket → BuildPacketNbl → FwpsAllocateNetBufferAndNetBufferList0 (allocated)',
        'BuildPacketNbl allocates it here',
        'FwpsAllocateNetBufferAndNetBufferList0 allocates it here',
        'completion function (runs only on STATUS_SUCCESS)',
      ],
    );
    const inside = built.related!.filter((x) => x.uri.endsWith('packet.c')).map((x) => x.line + 1);
    const helpers = fs.readFileSync(fixture(...HELPERS), 'utf8').split('\n');
    assert.ok(
      helpers[inside[0] - 1].includes('BuildPacketNbl(copy, length, packet)'),
      helpers[inside[0] - 1],
    );
    assert.ok(
      helpers[inside[1] - 1].includes('FwpsAllocateNetBufferAndNetBufferList0('),
      helpers[inside[1] - 1],
    );
    const [wrapped] = findingsAt(leaks, '$wrappedInjection');
    assert.match(
      wrapped.message,
      /InjectReceive \(which returns the status of FwpsInjectTransportReceiveAsync0\)/,
    );
    assert.ok(
      wrapped.related!.some(
        (x) =>
          x.message === 'FwpsInjectTransportReceiveAsync0 is called here; InjectReceive returns its status' &&
          x.uri.endsWith('packet.c'),
      ),
    );
  });

  it('stays silent only because of each free: removing it is a leak', async () => {
    const text = fs.readFileSync(fixture(...IDIOMS), 'utf8');
    const removals: [free: string, leak: string][] = [
      ['        FreeQueued(entry);\n    }\n}\n\n/* 6.', '$leaksWithoutFreeQueued'],
      ['        SendDone(copy, nbl, FALSE);', '$leaksWithoutSendDone'],
      ['        free_packet(pkt);', '$leaksWithoutFreePacket'],
      ['        CloneDone(NULL, clone, FALSE);', '$leaksWithoutCloneDone'],
      ['        FwpsFreeCloneNetBufferList0(clone, 0);\n        return status;', '$leaksWithoutCloneFree'],
      ['        FreeQueued(entry);\n    }\n}\n\n/* 2. the helper', '$leaksWithoutSecondFreeQueued'],
      ['        ReleaseEntry(entry, FALSE);', '$leaksWithoutReleaseEntry'],
    ];
    for (const [free, leak] of removals) {
      assert.ok(text.includes(free), free);
      const cut = free.includes('\n') ? free.replace(/^\s*\w+\([^;]*\);/, '') : '';
      assertAnnotated(await checkWithHelpers(text.replace(free, cut)), {
        also: [['WFP2002', leak]],
        message: free,
      });
    }
  });

  it("fixes each leak with the project's own free where it has one, and every fix holds", async () => {
    const helpers = fs.readFileSync(fixture(...HELPERS), 'utf8');
    const lf = fs.readFileSync(fixture(...LEAKS), 'utf8');
    const packet = await parseSource('file:///w/packet.c', helpers);
    const check = async (text: string) => {
      const file = await parseSource('file:///w/leaks.c', text);
      const index = new WorkspaceIndex();
      index.update(packet, 'win10');
      index.update(file, 'win10');
      index.complete = true;
      return { file, findings: checkFile(file, 'win10', index) };
    };
    const key = (f: Pick<Finding, 'ruleId' | 'message' | 'start' | 'end'>, text: string) =>
      `${f.ruleId}|${f.message}|${text.slice(f.start, f.end)}`;
    for (const eol of ['\n', '\r\n']) {
      const text = lf.replace(/\n/g, eol);
      const { file, findings } = await check(text);
      const preferred = findings.map((f) =>
        f.fixes
          .find((x) => x.preferred)
          ?.edits.map((e) => e.newText.trim())
          .join(' | '),
      );
      assert.deepStrictEqual(
        preferred.map((p) => p?.replace(/\s+/g, ' ')),
        [
          'SendDone(copy, nbl, FALSE);',
          'if (!NT_SUCCESS(status)) { SendDone(copy, packet, FALSE); }',
          'FreePacketClone(clone);',
          'NTSTATUS status; | status = | if (!NT_SUCCESS(status)) { FreePacketClone(clone); }',
          'FreePacketClone(clone);',
          'status = FwpsInjectNetworkSendAsync0(gInjectionHandle, NULL, 0, cid, clone, CloneDone, NULL); if (!NT_SUCCESS(status)) { FwpsFreeCloneNetBufferList0(clone, 0); } return status;',
        ],
      );
      for (const f of findings) {
        for (const fix of f.fixes) {
          const out = applyEdits(text, fix.edits);
          const after = await check(out);
          assert.ok(errorCount(after.file) <= errorCount(file), `${fix.title}: no new syntax errors`);
          const others = findings
            .filter((x) => x !== f)
            .map((x) => key(x, text))
            .sort();
          assert.deepStrictEqual(
            after.findings.map((x) => key(x, out)).sort(),
            others,
            `${fix.title}: only its finding goes:\n${out}`,
          );
          if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(out), 'only CRLF line ends');
          after.file.dispose();
        }
      }
      const once = applyEdits(text, safeFixEdits(file, findings));
      const again = await check(once);
      assert.deepStrictEqual(again.findings, [], once);
      [file, again.file].forEach((x) => x.dispose());
    }
    packet.dispose();
  });

  it('shows the chain in the flow panel: where the helper allocates, which helper frees on failure', async () => {
    const helpers = fs.readFileSync(fixture(...HELPERS), 'utf8');
    const text = fs.readFileSync(fixture(...IDIOMS), 'utf8');
    const packet = await parseSource('file:///w/packet.c', helpers);
    const file = await parseSource('file:///w/idioms.c', text);
    const index = new WorkspaceIndex();
    index.update(packet, 'win10');
    index.update(file, 'win10');
    index.complete = true;
    const lineOf = (src: string, needle: string) => src.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const steps = (needle: string) => {
      const model = buildInjectionFlow(
        file,
        text.indexOf(needle),
        'win10',
        index,
        checkFile(file, 'win10', index),
      )!;
      return Object.fromEntries(model.steps.map((s) => [s.id, `${s.status}: ${s.detail}`]));
    };
    const byHand = steps('nbl, SendDone, copy);');
    const build = lineOf(helpers, 'status = FwpsAllocateNetBufferAndNetBufferList0(');
    assert.strictEqual(
      byHand.allocate,
      `found: \`nbl\` is allocated in BuildPacketNbl → FwpsAllocateNetBufferAndNetBufferList0 (packet.c:${build}).`,
    );
    assert.strictEqual(
      byHand.freeOnFailure,
      `found: Freed on failure by SendDone → FwpsFreeNetBufferList0 (packet.c:${lineOf(helpers, '    FwpsFreeNetBufferList0(nbl);')}).`,
    );
    const queued = steps('entry->compartmentId, nbl, InjectDone, entry);');
    assert.strictEqual(
      queued.freeOnFailure,
      `found: Freed on failure by FreeQueued → FwpsFreeNetBufferList0 (packet.c:${lineOf(helpers, 'FwpsFreeNetBufferList0(entry->nbl);')}).`,
    );
    assert.strictEqual(queued.completionFrees, 'found: InjectDone frees the NBL.');
    [packet, file].forEach((f) => f.dispose());
  });

  it('judges the self-injection check and the classify action of a DPC or worker in the classifyFn that queues it', async () => {
    const classifyText = fs.readFileSync(fixture('flow', 'dpc_classify.c'), 'utf8');
    const workerText = fs.readFileSync(fixture('flow', 'dpc_inject.c'), 'utf8');
    const classify = await parseSource('file:///w/dpc_classify.c', classifyText);
    const worker = await parseSource('file:///w/dpc_inject.c', workerText);
    const index = new WorkspaceIndex();
    index.update(classify, 'win10');
    index.update(worker, 'win10');
    index.complete = true;
    const steps = (file: SourceFile, text: string) => {
      const model = buildInjectionFlow(
        file,
        text.indexOf('FwpsInjectNetworkSendAsync0('),
        'win10',
        index,
        checkFile(file, 'win10', index),
      )!;
      return Object.fromEntries(
        model.steps.map((s) => [
          s.id,
          { status: s.status, detail: s.detail, line: s.location && s.location.range.start.line + 1 },
        ]),
      );
    };
    const lineOf = (needle: string) => classifyText.split('\n').findIndex((l) => l.includes(needle)) + 1;
    // The DPC, in the classifyFn's file: both steps judged there (the check is two helpers deep).
    const dpc = steps(classify, classifyText);
    assert.deepStrictEqual(
      [dpc.selfInjectionCheck.status, dpc.selfInjectionCheck.line],
      ['found', lineOf('if (SkipPacket(')],
    );
    assert.match(
      dpc.selfInjectionCheck.detail,
      /^In OutboundClassify, which queues this packet: SkipPacket asks FwpsQueryPacketInjectionState0\.$/,
    );
    assert.deepStrictEqual(
      [dpc.classifyAction.status, dpc.classifyAction.line],
      ['found', lineOf('flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB')],
    );
    // The worker, in another file: the classifyFn's own check is known, and its block + absorb
    // from its summary, at the line of the absorb in its file.
    const other = steps(worker, workerText);
    assert.deepStrictEqual(
      [other.selfInjectionCheck.status, other.selfInjectionCheck.line],
      ['found', lineOf('VOID NTAPI OutboundClassify(')],
    );
    assert.deepStrictEqual(
      [other.classifyAction.status, other.classifyAction.line],
      ['found', lineOf('flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB')],
    );
    assert.match(
      other.classifyAction.detail,
      /^In OutboundClassify, which queues this packet: The original is blocked and absorbed,/,
    );
    [classify, worker].forEach((f) => f.dispose());
  });

  it('reads __drv_freesMem and the parameter names from the text when SAL breaks the parse', async () => {
    const text = [
      'VOID Drop(_Inout_ __drv_freesMem(Mem) PACKET* packet, _In_ BOOLEAN atDpc)',
      '{',
      '    UNREFERENCED_PARAMETER(atDpc);',
      '    ExFreeToNPagedLookasideList(&gLookaside, packet);',
      '}',
      'VOID Keep(_In_ PACKET* packet, _In_ BOOLEAN atDpc) { UNREFERENCED_PARAMETER(packet); UNREFERENCED_PARAMETER(atDpc); }',
    ].join('\n');
    const file = await parseSource('file:///sal.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    try {
      assert.deepStrictEqual(index.functionSummary('Drop')!.params, ['packet', 'atDpc']);
      assert.deepStrictEqual(
        index.effects('Drop')!.frees.map((f) => f.param),
        [0],
      );
      assert.deepStrictEqual(index.effects('Keep')!.frees, []);
      assert.deepStrictEqual(index.effects('Keep')!.passes, []);
    } finally {
      file.dispose();
    }
  });

  it('settles recursion and stops at a bounded depth', async () => {
    const chain = Array.from(
      { length: 12 },
      (_, i) => `VOID F${i}(NET_BUFFER_LIST* n) { F${i + 1}(n); }`,
    ).join('\n');
    const text = [
      'VOID Even(CHAINED* c) { if (c->next) Odd(c->next); FwpsFreeCloneNetBufferList0(c->nbl, 0); }',
      'VOID Odd(CHAINED* c) { if (c->next) Even(c->next); }',
      'VOID Start(CHAINED* c) { Odd(c); }',
      chain,
      'VOID F12(NET_BUFFER_LIST* n) { FwpsFreeCloneNetBufferList0(n, 0); }',
    ].join('\n');
    const file = await parseSource('file:///rec.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    try {
      assert.deepStrictEqual(
        index.effects('Start')!.frees.map((f) => [f.param, f.path, f.via.map((s) => s.fn).join('→')]),
        [[0, '.next.nbl', 'Odd→Even→FwpsFreeCloneNetBufferList0']],
      );
      assert.deepStrictEqual(
        index.effects('Odd')!.frees.map((f) => f.path),
        ['.next.nbl'],
      );
      // Beyond eight calls deep a free is no longer followed: handed on (never a leak), not a known free.
      assert.deepStrictEqual(
        index.effects('F5')!.frees.map((f) => f.via.length),
        [8],
      );
      assert.deepStrictEqual(index.effects('F4')!.frees, []);
      assert.deepStrictEqual(index.effects('F0')!.passes, [0]);
    } finally {
      file.dispose();
    }
  });

  it('settles a recursive cycle the same whatever edits led to it', async () => {
    const text = (free: string) =>
      [
        'VOID Odd(NET_BUFFER_LIST* n, int k) { if (k) Even(n, k - 1); else Release(n); }',
        'VOID Even(NET_BUFFER_LIST* n, int k) { if (k) Odd(n, k - 1); }',
        'VOID Start(NET_BUFFER_LIST* n) { Even(n, 3); }',
        // Last, so that editing it moves none of the others.
        `VOID Release(NET_BUFFER_LIST* n) { ${free} }`,
      ].join('\n');
    const freeing = await parseSource('file:///cycle.c', text('FwpsFreeCloneNetBufferList0(n, 0);'));
    // Release no longer frees: the cycle must not keep the free it read from itself before.
    const logging = await parseSource('file:///cycle.c', text('KeMemoryBarrier();'));
    const edited = new WorkspaceIndex();
    edited.update(freeing, 'win10');
    assert.deepStrictEqual(
      edited.effects('Start')!.frees.map((f) => f.via[f.via.length - 1].fn),
      ['FwpsFreeCloneNetBufferList0'],
    );
    edited.update(logging, 'win10');
    const fresh = new WorkspaceIndex();
    fresh.update(logging, 'win10');
    for (const name of ['Odd', 'Even', 'Start']) {
      assert.deepStrictEqual(edited.effects(name)!.frees, [], name);
      assert.deepStrictEqual(edited.effects(name), fresh.effects(name), name);
    }
    // And back: the same chains as a first reading of the freeing text, whichever member moved.
    edited.update(freeing, 'win10');
    const first = new WorkspaceIndex();
    first.update(freeing, 'win10');
    for (const name of ['Odd', 'Even', 'Start'])
      assert.deepStrictEqual(edited.effects(name), first.effects(name), name);
    [freeing, logging].forEach((f) => f.dispose());
  });

  it('summarises again only the edited function and its callers', async () => {
    const helpers = fs.readFileSync(fixture(...HELPERS), 'utf8');
    const callers = fs.readFileSync(fixture(...IDIOMS), 'utf8');
    const index = new WorkspaceIndex();
    const a = await parseSource('file:///w/packet.c', helpers);
    const b = await parseSource('file:///w/idioms.c', callers);
    index.update(a, 'win10', true);
    index.update(b, 'win10', true);
    assert.ok(index.callGraph().recomputed.size > 20);
    // The last function of packet.c loses its free on failure; nothing else moves.
    const edited = await parseSource(
      'file:///w/packet.c',
      helpers.replace(
        /FwpsFreeCloneNetBufferList0\(clone, 0\);\n    \}\n    return status;\n\}\n$/,
        'Log("x");\n    }\n    return status;\n}\n',
      ),
    );
    assert.notStrictEqual(edited.text, helpers);
    index.update(edited, 'win10', true);
    assert.deepStrictEqual([...index.callGraph().recomputed].sort(), [
      'InjectOrFree',
      'SendThroughOwningWrapper',
    ]);
    assertAnnotated(
      { file: b, findings: checkFile(b, 'win10', index) },
      { also: [['WFP2001', '$leaksWhenHelperLosesItsFree']] },
    );
    [a, b, edited].forEach((f) => f.dispose());
  });
});
