// WFP1001 by argument shape, its insert-argument fix, and WFP1002 on reserved pointers that are not literally NULL.
import * as assert from 'assert';
import { applyEdits, safeFixEdits } from '../../server/src/rules/fixes';
import { checkFile } from '../../server/src/rules';
import { COMPLETION_PLACEHOLDER } from '../../server/src/rules/insertArgumentFix';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { errorCount, parseC } from '../helpers/source';

const FORWARD_DECLS = 'extern HANDLE gH;\nVOID NTAPI Done(VOID* c, NET_BUFFER_LIST* n, BOOLEAN d);\n';

describe('WFP1001: which argument is missing or extra', () => {
  it('names the parameter by the shape of the arguments around the gap', async () => {
    const r = await checkFixtures(['params', 'argument_alignment.c']);
    const { findings } = r.get('argument_alignment.c')!;
    assertAnnotated(r.get('argument_alignment.c')!);
    const [fromSyntaxBlock, noContext, noFamily, extra] = findings.map((f) => f.message);
    assert.match(
      fromSyntaxBlock,
      /`completionFn` \(8th parameter\) is missing, so `context` lands in `completionFn`/,
    );
    assert.match(fromSyntaxBlock, /published syntax block .* leaves completionFn out/);
    assert.doesNotMatch(fromSyntaxBlock, /missing completionContext|`completionContext` .*is missing/);
    assert.match(noContext, /`completionContext` \(9th parameter\) is missing\.$/);
    assert.match(noFamily, /`addressFamily` \(4th parameter\) is missing, so `cid` lands in `addressFamily`/);
    assert.match(extra, /`subIfIndex` \(7th argument\) fills no parameter/);
  });

  it('takes NULL for the context, not for the completion function that must not be NULL', async () => {
    const file = await parseC(
      FORWARD_DECLS +
        'void f(NET_BUFFER_LIST* nbl, COMPARTMENT_ID c, IF_INDEX i) {\n  FwpsInjectForwardAsync0(gH, NULL, 0, AF_INET6, c, i, nbl, NULL);\n  FwpsInjectForwardAsync0(gH, NULL, 0, AF_INET6, c, i, nbl, Done);\n}\n',
    );
    const [a, b] = checkFile(file, 'win10').map((f) => f.message);
    assert.match(a, /`completionFn` \(8th parameter\) is missing/);
    assert.match(b, /`completionContext` \(9th parameter\) is missing/);
  });

  it('says only what it can tell when the shapes leave the gap open', async () => {
    // Two integers for three integer parameters of FwpsInjectNetworkReceiveAsync0: which one is gone?
    const file = await parseC(
      FORWARD_DECLS +
        'void f(NET_BUFFER_LIST* nbl, UINT32 a, UINT32 b) {\n  FwpsInjectNetworkReceiveAsync0(gH, NULL, 0, a, b, nbl, Done, NULL);\n}\n',
    );
    const [f] = checkFile(file, 'win10');
    assert.strictEqual(f.ruleId, 'WFP1001');
    assert.doesNotMatch(f.message, /\(\d+th parameter\) is missing/);
    assert.deepStrictEqual(f.fixes, []);
  });

  it('names the missing argument of other catalog functions too', async () => {
    const file = await parseC(
      FORWARD_DECLS +
        'void f(NET_BUFFER_LIST* nbl, UINT64 endpoint, FWPS_TRANSPORT_SEND_PARAMS1* sendArgs, COMPARTMENT_ID cid) {\n' +
        '  FwpsInjectTransportSendAsync1(gH, NULL, endpoint, 0, sendArgs, cid, nbl, Done, NULL);\n' +
        '  FwpsInjectNetworkSendAsync0(gH, NULL, cid, nbl, Done, NULL);\n}\n',
    );
    const [send, network] = checkFile(file, 'win10').map((f) => f.message);
    assert.match(send, /`addressFamily` \(6th parameter\) is missing, so `cid` lands in `addressFamily`/);
    assert.match(network, /`flags` \(3rd parameter\) is missing, so `cid` lands in `flags`/);
  });
});

describe('WFP1001: inserting the missing argument', () => {
  it('inserts a completion function of the workspace at its position, never in fix-all', async () => {
    const r = await checkFixtures(['params', 'argument_alignment.c']);
    const { file, findings } = r.get('argument_alignment.c')!;
    const [fromSyntaxBlock, noContext, noFamily] = findings;
    assert.deepStrictEqual(
      fromSyntaxBlock.fixes.map((f) => [f.title, f.safe]),
      [['Insert the missing completionFn (ForwardComplete)', false]],
    );
    const fixed = applyEdits(file.text, fromSyntaxBlock.fixes[0].edits);
    assert.match(
      fixed,
      /FwpsInjectForwardAsync0\(gForwardHandle, NULL, 0, AF_INET, cid, ifIndex, nbl, ForwardComplete, context\);/,
    );
    assert.deepStrictEqual(noContext.fixes, [], 'ForwardComplete frees its context: NULL would be wrong');
    assert.deepStrictEqual(noFamily.fixes, [], 'only the author knows the address family');
    assert.deepStrictEqual(safeFixEdits(file, findings), []);
  });

  it('inserts NULL for a missing context the completion function does not use', async () => {
    const text =
      FORWARD_DECLS.replace('BOOLEAN d);', 'BOOLEAN d) { FwpsFreeCloneNetBufferList0(n, 0); }') +
      'void f(NET_BUFFER_LIST* nbl, COMPARTMENT_ID c, IF_INDEX i) {\n  FwpsInjectForwardAsync0(gH, NULL, 0, AF_INET, c, i, nbl, Done);\n}\n';
    const file = await parseC(text);
    const [f] = checkFile(file, 'win10');
    assert.deepStrictEqual(
      f.fixes.map((x) => x.title),
      ['Insert the missing completionContext (NULL)'],
    );
    assert.match(applyEdits(text, f.fixes[0].edits), /nbl, Done, NULL\);/);
  });

  it('keeps one argument per line in a multi-line call', async () => {
    const text =
      FORWARD_DECLS +
      'void f(NET_BUFFER_LIST* nbl, COMPARTMENT_ID c, IF_INDEX i, PVOID ctx) {\n  FwpsInjectForwardAsync0(gH,\n      NULL,\n      0,\n      AF_INET,\n      c,\n      i,\n      nbl,\n      ctx);\n}\n';
    const file = await parseC(text);
    const [f] = checkFile(file, 'win10');
    const fixed = await parseC(applyEdits(text, f.fixes[0].edits));
    assert.match(fixed.text, /\n      nbl,\n      Done,\n      ctx\);/);
    assert.ok(errorCount(fixed) <= errorCount(file));
    assert.deepStrictEqual(checkFile(fixed, 'win10'), []);
  });

  it('inserts a placeholder to fill in when the workspace has no completion function', async () => {
    const text =
      'void f(NET_BUFFER_LIST* nbl, COMPARTMENT_ID c, IF_INDEX i, PVOID ctx) {\n  FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, c, i, nbl, ctx);\n}\n';
    const file = await parseC(text);
    const [f] = checkFile(file, 'win10');
    assert.match(f.message, /`completionFn` \(8th parameter\) is missing/);
    const fixed = applyEdits(text, f.fixes[0].edits);
    assert.ok(fixed.includes(`nbl, ${COMPLETION_PLACEHOLDER}, ctx);`), fixed);
    assert.strictEqual(f.fixes[0].safe, false);
  });
});

describe('WFP1002: reserved pointers are NULL literally', () => {
  it('flags variables, fields, parameters and macros that stand for them; not NULL, 0 or macros for NULL', async () => {
    const r = await checkFixtures(['params', 'reserved_pointers.c']);
    const { findings } = r.get('reserved_pointers.c')!;
    assertAnnotated(r.get('reserved_pointers.c')!);
    assert.match(findings[0].message, /must be NULL literally/);
    // Replacing an expression is offered, not applied blindly.
    assert.deepStrictEqual(
      findings.map((f) => f.fixes[0].safe),
      [false, false, false, false, false],
    );
  });
});
