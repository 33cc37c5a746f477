// WFP2008's fix: the allocation's status is tested right after it, and the function leaves when
// it failed; offered for review only (never by --fix), and only where leaving is plain.
import * as assert from 'assert';
import { afterOneFix } from '../helpers/oneFix';

const HEAD =
  'extern HANDLE gH;\nextern NDIS_HANDLE gPool;\nVOID NTAPI Done(VOID* c, NET_BUFFER_LIST* n, BOOLEAN d);\n';

/** The function after the fix of its one WFP2008; undefined when it has none. */
const fixed = (lines: string[]) =>
  afterOneFix(HEAD, lines, 'WFP2008', (fix) =>
    assert.strictEqual(fix.safe, false, 'never applied unreviewed'),
  );

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
