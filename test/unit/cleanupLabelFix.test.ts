// The cleanup-label variant of "free the NBL on failure": exact edits, and when it is not offered.
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import { parseSource } from '../../server/src/parse/document';
import { checkFile, type Finding } from '../../server/src/rules';

const HEAD = 'extern HANDLE gHandle;\nVOID NTAPI InjectComplete(VOID* c, NET_BUFFER_LIST* n, BOOLEAN d);\n';

async function leakOf(body: string, eol = '\n'): Promise<{ text: string; finding: Finding }> {
  const text = (HEAD + body).replace(/\n/g, eol);
  const findings = checkFile(await parseSource('file:///label.c', text), 'win10');
  assert.deepStrictEqual(
    findings.map((f) => f.ruleId),
    ['WFP2002'],
    text,
  );
  return { text, finding: findings[0] };
}

const labelFix = (f: Finding) => f.fixes.find((x) => x.title.includes(' at '));

async function assertFixed(text: string, out: string): Promise<void> {
  const after = checkFile(await parseSource('file:///label.c', out), 'win10');
  assert.deepStrictEqual(after, [], out);
  assert.notStrictEqual(out, text);
}

describe('fix: free the NBL in the cleanup label', () => {
  it('splits `Exit: return` and follows K&R braces, two-space indent and CRLF', async () => {
    const body = [
      'NTSTATUS Send(NET_BUFFER_LIST* original, COMPARTMENT_ID cid) {',
      '  NET_BUFFER_LIST* clone = NULL;',
      '  NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);',
      '  if (!NT_SUCCESS(status)) {',
      '    goto Exit;',
      '  }',
      '  status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, clone, InjectComplete, NULL);',
      '  if (!NT_SUCCESS(status)) {',
      '    goto Exit;',
      '  }',
      '  sent++;',
      'Exit: return status;',
      '}',
      '',
    ].join('\n');
    const { text, finding } = await leakOf(body, '\r\n');
    const fix = labelFix(finding)!;
    assert.ok(fix && !fix.preferred, 'offered, but the label frees nothing yet: the in-branch free leads');
    assert.ok(finding.fixes[0].preferred);
    const out = applyEdits(text, fix.edits);
    const expected = body
      .replace(
        '  sent++;\nExit: return status;',
        '  clone = NULL; /* ownership passed to WFP */\n  sent++;\nExit:\n  if (clone != NULL) {\n    FwpsFreeCloneNetBufferList0(clone, 0);\n  }\n  return status;',
      )
      .replace(/\n/g, '\r\n');
    assert.strictEqual(out, HEAD.replace(/\n/g, '\r\n') + expected);
    await assertFixed(text, out);
  });

  it('clears the NBL first in the success branch and is preferred when the label cleans up', async () => {
    const body = [
      'NTSTATUS Send(NET_BUFFER_LIST* original, COMPARTMENT_ID cid, VOID* ctx)',
      '{',
      '    NET_BUFFER_LIST* clone = NULL;',
      '    NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);',
      '    if (!NT_SUCCESS(status)) goto Cleanup;',
      '    status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, clone, InjectComplete, NULL);',
      '    if (NT_SUCCESS(status))',
      '    {',
      '        DbgPrint("sent\\n");',
      '    }',
      '    else',
      '    {',
      '        goto Cleanup;',
      '    }',
      'Cleanup:',
      "    ExFreePoolWithTag(ctx, 'xTfW');",
      '    return status;',
      '}',
      '',
    ].join('\n');
    const { text, finding } = await leakOf(body);
    const fix = labelFix(finding)!;
    assert.ok(fix?.preferred);
    assert.strictEqual(finding.fixes[0], fix, 'the preferred fix comes first');
    const out = applyEdits(text, fix.edits);
    assert.strictEqual(
      out,
      HEAD +
        body
          .replace(
            '    {\n        DbgPrint',
            '    {\n        clone = NULL; /* ownership passed to WFP */\n        DbgPrint',
          )
          .replace(
            'Cleanup:\n',
            'Cleanup:\n    if (clone != NULL)\n    {\n        FwpsFreeCloneNetBufferList0(clone, 0);\n    }\n',
          ),
    );
    await assertFixed(text, out);
  });

  const leaky = (decl: string, beforeInject: string, failure: string, afterTest: string) =>
    [
      'NTSTATUS Send(NET_BUFFER_LIST* original, COMPARTMENT_ID cid, BOOLEAN quiet)',
      '{',
      `    ${decl}`,
      '    NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);',
      '    if (!NT_SUCCESS(status)) goto Exit;',
      `    ${beforeInject}`,
      '    status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, clone, InjectComplete, NULL);',
      '    if (!NT_SUCCESS(status))',
      '    {',
      `        ${failure}`,
      '        goto Exit;',
      '    }',
      `    ${afterTest}`,
      'Exit:',
      '    return status;',
      '}',
      '',
    ].join('\n');

  const cases: Record<string, string> = {
    'offered in the plain shape': leaky('NET_BUFFER_LIST* clone = NULL;', '', '', ''),
    'offered when the success path already clears it, without clearing twice': leaky(
      'NET_BUFFER_LIST* clone = NULL;',
      '',
      '',
      'clone = NULL;',
    ),
    'not when the NBL does not start out NULL': leaky('NET_BUFFER_LIST* clone;', '', '', ''),
    'not when it is freed elsewhere in the function': leaky(
      'NET_BUFFER_LIST* clone = NULL;',
      'if (quiet) { FwpsFreeCloneNetBufferList0(clone, 0); goto Exit; }',
      '',
      '',
    ),
    'not when a failure path returns before the label': leaky(
      'NET_BUFFER_LIST* clone = NULL;',
      '',
      'if (quiet) return status;',
      '',
    ),
    'not when the success path still uses the NBL': leaky(
      'NET_BUFFER_LIST* clone = NULL;',
      '',
      '',
      'RememberSent(clone);',
    ),
  };
  for (const [name, body] of Object.entries(cases)) {
    it(name, async () => {
      const { text, finding } = await leakOf(body);
      const fix = labelFix(finding);
      assert.strictEqual(!!fix, name.startsWith('offered'));
      if (fix) await assertFixed(text, applyEdits(text, fix.edits));
      if (fix && name.includes('already'))
        assert.strictEqual(fix.edits.length, 1, 'only the free in the label');
      assert.ok(
        finding.fixes.some((x) => x.title.startsWith('Free the NBL on failure')),
        'the in-branch free is always there',
      );
    });
  }
});
