// The free-on-failure fixes in each exit style: after an in-branch free the NBL is set to NULL
// when later code (a cleanup label, a helper) still looks at it, and not otherwise; the label
// variant fills an `if (clone != NULL) { … }` the label already has instead of adding a second.
import * as assert from 'assert';
import { applyEdits } from '../../server/src/rules/fixes';
import { parseSource } from '../../server/src/parse/document';
import { checkFile, type Finding } from '../../server/src/rules';

const HEAD = 'extern HANDLE gHandle;\nVOID NTAPI InjectComplete(VOID* c, NET_BUFFER_LIST* n, BOOLEAN d);\n';

async function leakOf(body: string): Promise<{ text: string; finding: Finding }> {
  const text = HEAD + body;
  const findings = checkFile(await parseSource('file:///exit.c', text), 'win10');
  assert.deepStrictEqual(
    findings.map((f) => f.ruleId),
    ['WFP2002'],
    text,
  );
  return { text, finding: findings[0] };
}

async function fixedBy(text: string, title: RegExp, finding: Finding): Promise<string> {
  const fix = finding.fixes.find((f) => title.test(f.title));
  assert.ok(fix, `no fix ${title} among ${finding.fixes.map((f) => f.title).join(', ')}`);
  const out = applyEdits(text, fix.edits);
  assert.deepStrictEqual(checkFile(await parseSource('file:///exit.c', out), 'win10'), [], out);
  return out.slice(HEAD.length);
}

const IN_BRANCH = /^Free the NBL on failure/;
const AT_LABEL = /at label/;

/** A 3-space Allman function whose failure branch is `failure` and whose label runs `exit`. */
const fn = (failure: string[], exit: string[], afterTest: string[] = []) =>
  [
    'NTSTATUS Send(NET_BUFFER_LIST* original, COMPARTMENT_ID cid)',
    '{',
    '   NET_BUFFER_LIST* clone = NULL;',
    '   NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);',
    '   if (!NT_SUCCESS(status))',
    '   {',
    '      goto Exit;',
    '   }',
    '   status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, clone, InjectComplete, NULL);',
    '   if (!NT_SUCCESS(status))',
    ...failure,
    ...afterTest,
    'Exit:',
    ...exit,
    '   return status;',
    '}',
    '',
  ].join('\n');

const TESTS_AT_EXIT = ['   if (clone != NULL)', '   {', '      DbgPrint("clone %p left\\n", clone);', '   }'];

describe('fixes in every exit style', () => {
  it('in-branch free before `goto Exit;` sets the NBL to NULL when the label tests it', async () => {
    const { text, finding } = await leakOf(
      fn(['   {', '      goto Exit;', '   }'], TESTS_AT_EXIT, ['   clone = NULL;']),
    );
    const out = await fixedBy(text, IN_BRANCH, finding);
    assert.ok(
      out.includes(
        '   {\n      FwpsFreeCloneNetBufferList0(clone, 0);\n      clone = NULL;\n      goto Exit;\n   }',
      ),
      out,
    );
  });

  it('a single `goto Exit;` is wrapped with the free and the NULL store', async () => {
    const { text, finding } = await leakOf(fn(['      goto Exit;'], TESTS_AT_EXIT, ['   clone = NULL;']));
    const out = await fixedBy(text, IN_BRANCH, finding);
    assert.ok(
      out.includes(
        '   if (!NT_SUCCESS(status))\n   {\n      FwpsFreeCloneNetBufferList0(clone, 0);\n      clone = NULL;\n      goto Exit;\n   }',
      ),
      out,
    );
  });

  it('no NULL store when the branch returns', async () => {
    const { text, finding } = await leakOf(
      fn(['   {', '      return status;', '   }'], TESTS_AT_EXIT, ['   clone = NULL;']),
    );
    const out = await fixedBy(text, IN_BRANCH, finding);
    assert.ok(
      out.includes('   {\n      FwpsFreeCloneNetBufferList0(clone, 0);\n      return status;\n   }'),
      out,
    );
  });

  it('no NULL store when nothing after the test mentions the NBL', async () => {
    const { text, finding } = await leakOf(fn(['   {', '      goto Exit;', '   }'], []));
    const out = await fixedBy(text, IN_BRANCH, finding);
    assert.ok(
      out.includes('   {\n      FwpsFreeCloneNetBufferList0(clone, 0);\n      goto Exit;\n   }'),
      out,
    );
    assert.ok(!out.includes('      clone = NULL;'), out);
  });

  it('the label variant fills the `if (clone != NULL)` block the label already has', async () => {
    const { text, finding } = await leakOf(fn(['   {', '      goto Exit;', '   }'], TESTS_AT_EXIT));
    const out = await fixedBy(text, AT_LABEL, finding);
    assert.strictEqual((out.match(/if \(clone != NULL\)/g) ?? []).length, 1, out);
    assert.ok(
      out.includes(
        'Exit:\n   if (clone != NULL)\n   {\n      FwpsFreeCloneNetBufferList0(clone, 0);\n      DbgPrint("clone %p left\\n", clone);\n   }',
      ),
      out,
    );
    assert.ok(out.includes('   }\n   clone = NULL; /* ownership passed to WFP */\nExit:'), out);
  });

  it('the label variant fills `if (clone)` too, but adds its own check beside one with an else', async () => {
    const shortTest = ['   if (clone)', '   {', '      DbgPrint("left\\n");', '   }'];
    let { text, finding } = await leakOf(fn(['   {', '      goto Exit;', '   }'], shortTest));
    let out = await fixedBy(text, AT_LABEL, finding);
    assert.ok(
      out.includes('   if (clone)\n   {\n      FwpsFreeCloneNetBufferList0(clone, 0);\n      DbgPrint'),
      out,
    );

    const withElse = [
      '   if (clone != NULL)',
      '   {',
      '      DbgPrint("left\\n");',
      '   }',
      '   else',
      '   {',
      '      DbgPrint("none\\n");',
      '   }',
    ];
    ({ text, finding } = await leakOf(fn(['   {', '      goto Exit;', '   }'], withElse)));
    out = await fixedBy(text, AT_LABEL, finding);
    assert.strictEqual((out.match(/if \(clone != NULL\)/g) ?? []).length, 2, out);
  });

  it('a struct field freed in the branch is set to NULL when later code looks at it', async () => {
    const body = [
      'typedef struct _TASK { NET_BUFFER_LIST* nbl; } TASK;',
      'NTSTATUS Send(TASK* task, NET_BUFFER_LIST* original, COMPARTMENT_ID cid)',
      '{',
      '   NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &task->nbl);',
      '   if (!NT_SUCCESS(status)) return status;',
      '   status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, task->nbl, InjectComplete, NULL);',
      '   if (!NT_SUCCESS(status))',
      '   {',
      '      DbgPrint("failed\\n");',
      '   }',
      '   DbgPrint("sent %p\\n", task->nbl);',
      '   return status;',
      '}',
      '',
    ].join('\n');
    const { text, finding } = await leakOf(body);
    const out = await fixedBy(text, IN_BRANCH, finding);
    assert.ok(
      out.includes(
        '   {\n      FwpsFreeCloneNetBufferList0(task->nbl, 0);\n      task->nbl = NULL;\n      DbgPrint',
      ),
      out,
    );
  });
});
