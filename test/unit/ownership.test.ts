// NBL ownership: silent on the real idioms, loud on each leak shape (its fixes: fixes.test.ts).
import * as assert from 'assert';
import * as fc from 'fast-check';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { checkFixtures } from '../helpers/check';

describe('rules: NBL ownership', () => {
  it('is silent on every ownership idiom', async () => {
    const r = await checkFixtures(['ownership', 'idioms.c']);
    assert.deepStrictEqual(r.get('idioms.c')!.summary, []);
  });

  it('fires once on each leak shape', async () => {
    const r = await checkFixtures(['ownership', 'leaks.c']);
    assert.deepStrictEqual(r.get('leaks.c')!.summary, [
      'WFP2001@35:FwpsInjectNetworkSendAsync0',
      'WFP2001@47:FwpsInjectNetworkSendAsync0',
      'WFP2002@60:FwpsInjectNetworkSendAsync0',
      'WFP2002@75:FwpsInjectNetworkSendAsync0',
      'WFP2002@87:FwpsInjectNetworkSendAsync0',
      'WFP2003@101:FwpsFreeNetBufferList0(clone)',
      'WFP2004@114:FwpsFreeCloneNetBufferList0(clone, 0)',
      'WFP2005@124:ForgetfulComplete',
      'WFP2002@134:FwpsInjectNetworkSendAsync0',
    ]);
    const leak = r.get('leaks.c')!.findings.find((f) => f.ruleId === 'WFP2002')!;
    assert.deepStrictEqual(leak.related?.map((x) => x.message), ['NBL allocated here (clone)', 'completion function (runs only on STATUS_SUCCESS)']);
  });

  it('flags a removed free in random well-formed injection functions, and only then', async () => {
    const shape = fc.record({
      alloc: fc.constantFrom('clone', 'allocated'),
      test: fc.constantFrom('failureBranch', 'gotoCleanup', 'successClears', 'directIf'),
      inject: fc.constantFrom('FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, nbl, Done, NULL)', 'FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, cid, ifIndex, nbl, Done, NULL)'),
      extra: fc.constantFrom('', 'counter++;', 'DbgPrint("x");'),
      withFree: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(shape, async (s) => {
        const alloc =
          s.alloc === 'clone'
            ? 'status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &nbl);'
            : 'status = FwpsAllocateNetBufferAndNetBufferList0(pool, 0, 0, mdl, 0, len, &nbl);';
        const free = s.alloc === 'clone' ? 'FwpsFreeCloneNetBufferList0(nbl, 0);' : 'FwpsFreeNetBufferList0(nbl);';
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
});
