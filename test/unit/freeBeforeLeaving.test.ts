// The fix of WFP2002 before the injection: the NBL is freed right before the return that loses
// it, a lone return under an if or else becomes a block, the free matches how the NBL was made
// and is spelled as the file spells the Fwps names; no fix where a label lies between.
import * as assert from 'assert';
import { afterOneFix } from '../helpers/oneFix';

const HEAD = [
  'extern HANDLE gHandle;',
  'extern NDIS_HANDLE gPool;',
  'VOID NTAPI Done(VOID* c, NET_BUFFER_LIST* n, BOOLEAN d);',
  'VOID Trace(const char* what);',
  '',
].join('\n');

/** The function's text after its one WFP2002 fix; undefined when the finding has no fix. */
const fixed = (lines: string[]) =>
  afterOneFix(HEAD, lines, 'WFP2002', (fix) => assert.ok(fix.safe && fix.preferred, fix.title));

const clone = (exit: string[], op = 'FwpsAllocateCloneNetBufferList0(p, NULL, NULL, 0, &c)') => [
  'NTSTATUS Send(NET_BUFFER_LIST* p, COMPARTMENT_ID cid, BOOLEAN now)',
  '{',
  '    NET_BUFFER_LIST* c = NULL;',
  `    NTSTATUS status = ${op};`,
  '    if (!NT_SUCCESS(status))',
  '        return status;',
  ...exit,
  '    status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, c, Done, NULL);',
  '    if (!NT_SUCCESS(status))',
  '        FwpsFreeCloneNetBufferList0(c, 0);',
  '    return status;',
  '}',
];

describe('fix: free the NBL before the return that loses it', () => {
  it('inserts the free before a return inside a block, at its indentation', async () => {
    const out = await fixed(
      clone(['    if (!now)', '    {', '        Trace("later");', '        return STATUS_PENDING;', '    }']),
    );
    assert.ok(
      out?.includes(
        '        Trace("later");\n        FwpsFreeCloneNetBufferList0(c, 0);\n        return STATUS_PENDING;\n',
      ),
      out,
    );
  });

  it('turns a lone return under an if into a block with the free', async () => {
    const out = await fixed(clone(['    if (!now)', '        return STATUS_PENDING;']));
    assert.ok(
      out?.includes(
        '    if (!now)\n    {\n        FwpsFreeCloneNetBufferList0(c, 0);\n        return STATUS_PENDING;\n    }\n',
      ),
      out,
    );
  });

  it('turns a lone return under an else into a block, when the if branch injects', async () => {
    const out = await fixed([
      'NTSTATUS Send(NET_BUFFER_LIST* p, COMPARTMENT_ID cid, BOOLEAN now)',
      '{',
      '    NET_BUFFER_LIST* c = NULL;',
      '    NTSTATUS status = FwpsAllocateCloneNetBufferList(p, NULL, NULL, 0, &c);',
      '    if (!NT_SUCCESS(status))',
      '        return status;',
      '    if (now)',
      '    {',
      '        status = FwpsInjectNetworkSendAsync(gHandle, NULL, 0, cid, c, Done, NULL);',
      '        if (!NT_SUCCESS(status))',
      '            FwpsFreeCloneNetBufferList(c, 0);',
      '    }',
      '    else',
      '        return STATUS_NOT_SUPPORTED;',
      '    return status;',
      '}',
    ]);
    // Unversioned names in the file: the free is spelled without the 0 too.
    assert.ok(
      out?.includes(
        '    else\n    {\n        FwpsFreeCloneNetBufferList(c, 0);\n        return STATUS_NOT_SUPPORTED;\n    }\n',
      ),
      out,
    );
  });

  it('frees an allocated NBL with FwpsFreeNetBufferList0', async () => {
    const out = await fixed(
      clone(
        ['    if (!now)', '        return STATUS_PENDING;'],
        'FwpsAllocateNetBufferAndNetBufferList0(gPool, 0, 0, NULL, 0, 0, &c)',
      ).map((l) => l.replace('FwpsFreeCloneNetBufferList0(c, 0)', 'FwpsFreeNetBufferList0(c)')),
    );
    assert.ok(out?.includes('        FwpsFreeNetBufferList0(c);'), out);
  });

  it('offers no fix when a label lies between the allocation and the return', async () => {
    const out = await fixed([
      'NTSTATUS Send(NET_BUFFER_LIST* p, COMPARTMENT_ID cid, BOOLEAN now)',
      '{',
      '    NET_BUFFER_LIST* c = NULL;',
      '    NTSTATUS status;',
      '    if (!now)',
      '        goto Retry;',
      '    status = FwpsAllocateCloneNetBufferList0(p, NULL, NULL, 0, &c);',
      '    if (!NT_SUCCESS(status))',
      '        return status;',
      'Retry:',
      '    if (c == NULL || !now)',
      '        return STATUS_PENDING;',
      '    status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, c, Done, NULL);',
      '    if (!NT_SUCCESS(status))',
      '        FwpsFreeCloneNetBufferList0(c, 0);',
      '    return status;',
      '}',
    ]);
    // Paths from the label never made a clone: a free there would free NULL.
    assert.strictEqual(out, undefined);
  });

  const switchOn = (cases: string[]) => [
    'NTSTATUS Send(NET_BUFFER_LIST* p, COMPARTMENT_ID cid, UINT32 how)',
    '{',
    '    NET_BUFFER_LIST* c = NULL;',
    '    NTSTATUS status = FwpsAllocateCloneNetBufferList0(p, NULL, NULL, 0, &c);',
    '    if (!NT_SUCCESS(status))',
    '        return status;',
    '    switch (how)',
    '    {',
    '    case 0:',
    '        status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, c, Done, NULL);',
    '        if (!NT_SUCCESS(status))',
    '            FwpsFreeCloneNetBufferList0(c, 0);',
    ...cases,
    '    }',
    '    return status;',
    '}',
  ];

  it("frees in a switch's default that no injecting case falls into", async () => {
    const out = await fixed(
      switchOn(['        break;', '    default:', '        return STATUS_INVALID_PARAMETER;']),
    );
    assert.ok(
      out?.includes(
        '    default:\n        FwpsFreeCloneNetBufferList0(c, 0);\n        return STATUS_INVALID_PARAMETER;\n',
      ),
      out,
    );
  });

  it('offers no fix where an injecting case falls into the return, or the injected NBL reaches it too', async () => {
    // The failed injection falls into the default: the free is the failure branch's to add.
    assert.strictEqual(
      await fixed(switchOn(['    default:', '        return STATUS_INVALID_PARAMETER;'])),
      undefined,
    );
    // The default breaks to the return the injected clone takes as well.
    assert.strictEqual(
      await fixed(switchOn(['        break;', '    default:', '        break;'])),
      undefined,
    );
  });
});
