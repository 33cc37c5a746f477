// NBL ownership: silent on the real idioms, loud on each leak shape (its fixes: fixes.test.ts).
import * as assert from 'assert';
import * as fc from 'fast-check';
import * as fs from 'fs';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { checkFixtures, checkText } from '../helpers/check';
import { assertAnnotated, findingsAt } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

describe('rules: NBL ownership', () => {
  it("tells a case's local from its namesake in a sibling case, and leaves a built packet's cross-layer injection alone", async () => {
    const r = await checkFixtures(['ownership', 'sibling-scopes.c']);
    assertAnnotated(r.get('sibling-scopes.c')!);
  });

  it('reports a clone lost on a path that leaves before its injection, and none that is kept', async () => {
    const r = await checkFixtures(['ownership', 'lost-before-injection.c']);
    assertAnnotated(r.get('lost-before-injection.c')!);
  });

  it('reports a clone used before anything tested that it was made, and none tested by status, NULL or a bail-out macro', async () => {
    const r = await checkFixtures(['ownership', 'unchecked-allocation.c']);
    assertAnnotated(r.get('unchecked-allocation.c')!);
    const cpp = await checkFixtures(['ownership', 'unchecked-allocation.cpp']);
    assertAnnotated(cpp.get('unchecked-allocation.cpp')!);
  });

  it('reports a clone lost in a branch whose sibling injects it, and none where every branch keeps it', async () => {
    const r = await checkFixtures(['ownership', 'branch-leaves.c']);
    assertAnnotated(r.get('branch-leaves.c')!);
  });

  it('follows the status through a copy or a field of the context to its test', async () => {
    const r = await checkFixtures(['ownership', 'status-carriers.c']);
    assertAnnotated(r.get('status-carriers.c')!);
  });

  it("reports a clone lost before its injection in a record of the function's own, and none in a record that outlives it", async () => {
    const r = await checkFixtures(['ownership', 'lost-record.c']);
    assertAnnotated(r.get('lost-record.c')!);
  });

  it("knows a record field filled with an allocator's returned NBL where the record's type is known, and only there", async () => {
    const r = await checkFixtures(['ownership', 'returned-allocation-field.c']);
    assertAnnotated(r.get('returned-allocation-field.c')!);
    // C++: `auto* job = static_cast<JOB*>(…)` gives the holder its type.
    const cpp = await checkFixtures(['ownership', 'returned-allocation-field.cpp']);
    assertAnnotated(cpp.get('returned-allocation-field.cpp')!);
  });

  it("reports a clone lost by falling off the end of the function at the function's closing brace", async () => {
    const text = [
      'VOID CloneAndLog(NET_BUFFER_LIST* nbl)',
      '{',
      '    NET_BUFFER_LIST* clone = NULL;',
      '    if (!NT_SUCCESS(FwpsAllocateCloneNetBufferList0(nbl, NULL, NULL, 0, &clone)))',
      '        return;',
      '    DbgPrint("cloned %p\\n", clone);',
      '}',
    ].join('\n');
    const { findings } = await checkText('file:///log.c', text);
    assert.deepStrictEqual(
      findings.map((f) => [f.ruleId, text.slice(f.start, f.end), text.slice(0, f.start).split('\n').length]),
      [['WFP2002', '}', 7]],
    );
  });

  it('does not judge an injection whose NBL argument is half-typed (its text would go into the fix)', async () => {
    const text = [
      'VOID Send(PACKET* packet, COMPARTMENT_ID cid)',
      '{',
      '    NTSTATUS status = FwpsAllocateCloneNetBufferList0(packet->original, NULL, NULL, 0, &packet->clonedNbl);',
      '    if (!NT_SUCCESS(status)) return;',
      '    status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, packet->clonedNbl, Complete, NULL);',
      '    if (!NT_SUCCESS(status)) return;',
      '}',
    ].join('\n');
    const leak = await parseSource('file:///half.c', text);
    // Typing into the middle of the argument: tree-sitter keeps seven arguments, the NBL one broken.
    const broken = await parseSource(
      'file:///half.c',
      text.replace('cid, packet->clonedNbl,', 'cid, paif (!NT_SUCCESS(status)) cket->clonedNbl,'),
    );
    try {
      assert.deepStrictEqual(
        checkFile(leak, 'win10').map((f) => f.ruleId),
        ['WFP2002'],
      );
      assert.ok(broken.tree!.rootNode.hasError);
      assert.deepStrictEqual(
        checkFile(broken, 'win10').filter((f) => f.ruleId.startsWith('WFP200')),
        [],
      );
    } finally {
      leak.dispose();
      broken.dispose();
    }
  });

  it('is silent on every ownership idiom', async () => {
    const r = await checkFixtures(['ownership', 'idioms.c'], ['ownership', 'flow-idioms.c']);
    assertAnnotated(r.get('idioms.c')!);
    assertAnnotated(r.get('flow-idioms.c')!);
  });

  it('fires once on each leak through loops, switch, __try and ternaries', async () => {
    const r = await checkFixtures(['ownership', 'flow-leaks.c']);
    assertAnnotated(r.get('flow-leaks.c')!);
  });

  it('fires once on each leak shape', async () => {
    const r = await checkFixtures(['ownership', 'leaks.c']);
    assertAnnotated(r.get('leaks.c')!);
    // The label fix needs every failure path to reach the label, not just one of them.
    const [partial] = findingsAt(r.get('leaks.c')!, '$partialLabel');
    assert.deepStrictEqual(
      partial.fixes.map((f) => f.title),
      ['Free the NBL on failure (FwpsFreeCloneNetBufferList0)'],
    );
    const leak = r.get('leaks.c')!.findings.find((f) => f.ruleId === 'WFP2002')!;
    assert.deepStrictEqual(
      leak.related?.map((x) => x.message),
      ['NBL allocated here (clone)', 'completion function (runs only on STATUS_SUCCESS)'],
    );
  });

  it("learns a field's origin from stores of a local clone, and only from agreeing ones", async () => {
    const r = await checkFixtures(['ownership', 'field-store-leaks.c']);
    assertAnnotated(r.get('field-store-leaks.c')!);
    const idioms = await checkFixtures(['ownership', 'field-store-idioms.c']);
    assertAnnotated(idioms.get('field-store-idioms.c')!);
  });

  it("keeps a field's origin apart per struct type, and unknown when the stores disagree", async () => {
    const text = fs.readFileSync(fixture('ownership', 'field-store-idioms.c'), 'utf8');
    // Each store that makes an injection undecidable is what keeps it silent.
    // (The built NBL is freed instead of stored: dropped, it would leak where it is made.)
    for (const [store, leak, instead] of [
      ['entry->nbl = built;', '$leaksWithoutBuiltStore', 'FwpsFreeNetBufferList0(built);'],
      ['h->packet = given;', '$leaksWithoutGivenStore', ''],
      ['nbl = indicated;', '$leaksWithoutIndicatedStore', ''],
    ] as const) {
      const file = await parseSource('file:///f.c', text.replace(store, instead));
      assertAnnotated(
        { file, findings: checkFile(file, 'win10') },
        { also: [['WFP2002', leak]], message: store },
      );
    }
    // Without the store of the original, HELD_PACKET still borrows nothing from REINJECT_CTX.
    const file = await parseSource(
      'file:///f.c',
      text
        .replace('held->pendingNbl = indicated;', '')
        .replace('held->pendingNbl, CloneComplete', '((HELD_PACKET*)held)->pendingNbl, CloneComplete'),
    );
    assert.deepStrictEqual(checkFile(file, 'win10'), []);
  });

  it('follows a switch or a ternary on the status, and keeps silent where it cannot', async () => {
    const r = await checkFixtures(
      ['ownership', 'status-forms-leaks.c'],
      ['ownership', 'status-forms-idioms.c'],
    );
    assertAnnotated(r.get('status-forms-leaks.c')!);
    assertAnnotated(r.get('status-forms-idioms.c')!);
    // The fix goes into `default:` only where that takes every failing status.
    const leaks = r.get('status-forms-leaks.c')!;
    assert.deepStrictEqual(
      leaks.findings.filter((f) => f.fixes.length),
      findingsAt(leaks, '$defaultTakesEveryFailure'),
    );
  });

  it('flags a removed free in random well-formed injection functions, and only then', async () => {
    const shape = fc.record({
      alloc: fc.constantFrom('clone', 'allocated'),
      test: fc.constantFrom('failureBranch', 'gotoCleanup', 'successClears', 'directIf'),
      inject: fc.constantFrom(
        'FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, nbl, Done, NULL)',
        'FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, cid, ifIndex, nbl, Done, NULL)',
      ),
      extra: fc.constantFrom('', 'counter++;', 'DbgPrint("x");'),
      withFree: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const alloc =
          s.alloc === 'clone'
            ? 'status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &nbl);'
            : 'status = FwpsAllocateNetBufferAndNetBufferList0(pool, 0, 0, mdl, 0, len, &nbl);';
        const free =
          s.alloc === 'clone' ? 'FwpsFreeCloneNetBufferList0(nbl, 0);' : 'FwpsFreeNetBufferList0(nbl);';
        const f = s.withFree ? free : '';
        let body: string;
        switch (s.test) {
          case 'failureBranch':
            body = `status = ${s.inject};\n  if (!NT_SUCCESS(status)) {\n    ${s.extra}\n    ${f}\n    return status;\n  }\n  return STATUS_SUCCESS;`;
            break;
          case 'gotoCleanup':
            body = `status = ${s.inject};\n  if (!NT_SUCCESS(status)) goto Exit;\n  nbl = NULL;\nExit:\n  ${s.extra}\n  if (nbl != NULL) { ${f} }\n  return status;`;
            break;
          case 'successClears':
            body = `status = ${s.inject};\n  if (NT_SUCCESS(status)) { nbl = NULL; }\n  ${s.extra}\n  if (nbl) { ${f} }\n  return status;`;
            break;
          default:
            body = `if (!NT_SUCCESS(${s.inject})) {\n    ${s.extra}\n    ${f}\n    return STATUS_UNSUCCESSFUL;\n  }\n  return STATUS_SUCCESS;`;
        }
        const text = `NTSTATUS Inject(NET_BUFFER_LIST* original)\n{\n  NTSTATUS status;\n  NET_BUFFER_LIST* nbl = NULL;\n  ${alloc}\n  if (!NT_SUCCESS(status)) return status;\n  ${body}\n}\n`;
        const file = await parseSource('file:///gen.c', text);
        const ids = checkFile(file, 'win10').map((x) => x.ruleId);
        if (s.withFree) assert.deepStrictEqual(ids, [], text);
        else assert.deepStrictEqual(ids, ['WFP2002'], text);
      }),
      { numRuns: 150 },
    );
  });

  it('flags a removed free in random batch loops, switches and __try blocks, and only then', async () => {
    const shape = fc.record({
      loop: fc.constantFrom('for (i = 0; i < n; i++)', 'while (i++ < n)', 'do', 'switch', '__try'),
      declaredInside: fc.boolean(),
      leave: fc.constantFrom('continue;', 'break;', ''),
      extra: fc.constantFrom('', 'counter++;', 'DbgPrint("x");'),
      withFree: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const inLoop = s.loop.startsWith('for') || s.loop.startsWith('while');
        // `continue` needs a loop around it; `break` a loop or switch; __try leaves with __leave.
        let leave = s.leave;
        if (s.loop === '__try') leave = s.leave ? '__leave;' : '';
        else if (s.loop === 'switch' && s.leave === 'continue;') leave = 'break;';
        let bail = inLoop ? 'continue;' : 'break;';
        if (s.loop === '__try') bail = '__leave;';
        const decl = 'NET_BUFFER_LIST* nbl = NULL;';
        const f = s.withFree ? 'FwpsFreeCloneNetBufferList0(nbl, 0);' : '';
        const inner = [
          s.declaredInside ? decl : '',
          'status = FwpsAllocateCloneNetBufferList0(originals[i], NULL, NULL, 0, &nbl);',
          `if (!NT_SUCCESS(status)) ${bail}`,
          'status = FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, nbl, Done, NULL);',
          `if (!NT_SUCCESS(status)) {\n      ${s.extra}\n      ${f}\n      ${leave}\n    }`,
        ].join('\n    ');
        let stmt: string;
        if (inLoop) stmt = `${s.loop} {\n    ${inner}\n  }`;
        else if (s.loop === 'do') stmt = `do {\n    ${inner}\n  } while (0);`;
        else if (s.loop === 'switch')
          stmt = `switch (mode) {\n  case 1: {\n    ${inner}\n    break;\n  }\n  default:\n    break;\n  }`;
        else stmt = `__try {\n    ${inner}\n  } __finally {\n    ${s.extra}\n  }`;
        const text = `VOID Batch(NET_BUFFER_LIST** originals, ULONG n, ULONG mode)\n{\n  NTSTATUS status;\n  ULONG i = 0;\n  ${s.declaredInside ? '' : decl}\n  ${stmt}\n}\n`;
        const file = await parseSource('file:///gen.c', text);
        const ids = checkFile(file, 'win10').map((x) => x.ruleId);
        if (s.withFree) assert.deepStrictEqual(ids, [], text);
        else assert.deepStrictEqual(ids, ['WFP2002'], text);
      }),
      { numRuns: 200 },
    );
  });
});
