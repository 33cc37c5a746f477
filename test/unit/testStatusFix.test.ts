// WFP2008's fix: the allocation's status is tested right after it, and the function leaves when
// it failed; offered for review only (never by --fix), and only where leaving is plain.
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';

const HEAD =
  'extern HANDLE gH;\nextern NDIS_HANDLE gPool;\nVOID NTAPI Done(VOID* c, NET_BUFFER_LIST* n, BOOLEAN d);\n';

/** The function after the fix of its one WFP2008; undefined when it has none. */
async function fixed(lines: string[]): Promise<string | undefined> {
  const text = HEAD + lines.join('\n') + '\n';
  const findings = checkFile(await parseSource('file:///unchecked.c', text), 'win10');
  assert.deepStrictEqual(
    findings.map((f) => f.ruleId),
    ['WFP2008'],
    text,
  );
  const fix = findings[0].fixes[0];
  if (!fix) return undefined;
  assert.strictEqual(fix.safe, false, 'never applied unreviewed');
  const out = applyEdits(text, fix.edits);
  assert.deepStrictEqual(
    checkFile(await parseSource('file:///unchecked.c', out), 'win10').map((f) => f.ruleId),
    [],
    out,
  );
  return out.slice(HEAD.length);
}

const use = '    DbgPrint("%p", NET_BUFFER_LIST_FIRST_NB(clone));';

describe('fix: test the allocation status before the NBL is used', () => {
  it('keeps a dropped status in a new local and returns when it failed', async () => {
    const out = await fixed([
      'VOID Peek(NET_BUFFER_LIST* p)',
      '{',
      '    NET_BUFFER_LIST* clone = NULL;',
      '    FwpsAllocateCloneNetBufferList0(p, gPool, NULL, 0, &clone);',
      use,
      '    FwpsFreeCloneNetBufferList0(clone, 0);',
      '}',
    ]);
    assert.ok(
      out?.includes(
        '    NTSTATUS status = FwpsAllocateCloneNetBufferList0(p, gPool, NULL, 0, &clone);\n    if (!NT_SUCCESS(status))\n    {\n        return;\n    }\n',
      ),
      out,
    );
  });

  it("uses the function's NTSTATUS local and hands the status back", async () => {
    const out = await fixed([
      'NTSTATUS Send(NET_BUFFER_LIST* p, COMPARTMENT_ID cid)',
      '{',
      '    NTSTATUS result = STATUS_SUCCESS;',
      '    NET_BUFFER_LIST* clone = NULL;',
      '    FwpsAllocateCloneNetBufferList0(p, gPool, NULL, 0, &clone);',
      '    result = FwpsInjectNetworkSendAsync0(gH, NULL, 0, cid, clone, Done, NULL);',
      '    if (!NT_SUCCESS(result))',
      '        FwpsFreeCloneNetBufferList0(clone, 0);',
      '    return result;',
      '}',
    ]);
    assert.ok(out?.includes('    result = FwpsAllocateCloneNetBufferList0('), out);
    assert.ok(out?.includes('    if (!NT_SUCCESS(result))\n    {\n        return result;\n    }\n'), out);
  });

  it('offers nothing behind a cast to void, for other return types, or beside a cleanup label', async () => {
    const body = (head: string, call: string, rest: string[] = []) => [
      head,
      '{',
      '    NET_BUFFER_LIST* clone = NULL;',
      call,
      use,
      ...rest,
      '    return 0;',
      '}',
    ];
    assert.strictEqual(
      await fixed(
        body(
          'VOID Peek(NET_BUFFER_LIST* p)',
          '    (void)FwpsAllocateCloneNetBufferList0(p, gPool, NULL, 0, &clone);',
        ).map((l) => (l === '    return 0;' ? '    return;' : l)),
      ),
      undefined,
    );
    assert.strictEqual(
      await fixed(
        body(
          'ULONG Peek(NET_BUFFER_LIST* p)',
          '    FwpsAllocateCloneNetBufferList0(p, gPool, NULL, 0, &clone);',
        ),
      ),
      undefined,
    );
    assert.strictEqual(
      await fixed(
        body(
          'NTSTATUS Peek(NET_BUFFER_LIST* p)',
          '    FwpsAllocateCloneNetBufferList0(p, gPool, NULL, 0, &clone);',
          ['Exit:'],
        ),
      ),
      undefined,
    );
  });
});
