// WFP2006: the completion context an injection passes, against what its completion function does with it.
import * as assert from 'assert';
import { checkFile } from '../../server/src/rules';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';
import { parseC } from '../helpers/source';

describe('WFP2006: completion context', () => {
  it('flags NULL for a completion function that frees its context, and a context of another struct type; not the right one, nor NULL where it is tested or unused', async () => {
    const r = await checkFixtures(['ownership', 'completion-context.c']);
    const { findings } = r.get('completion-context.c')!;
    assertAnnotated(r.get('completion-context.c')!);
    assert.match(
      findings[0].message,
      /PendedInjectComplete frees its context without testing it, but this call passes `NULL`/,
    );
    assert.match(
      findings[1].message,
      /takes its context as PENDED_PACKET\*, but this call passes `flow`, a FLOW_RECORD \*/,
    );
  });

  it('counts a dereference through a cast, and a struct spelled with its pointer typedef as the same type', async () => {
    const file = await parseC(
      'typedef struct _CTX { NET_BUFFER_LIST* original; } CTX, *PCTX;\n' +
        'VOID NTAPI Done(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN dl) { FwpsFreeCloneNetBufferList0(nbl, 0); FwpsFreeCloneNetBufferList0(((PCTX)context)->original, 0); }\n' +
        'void f(NET_BUFFER_LIST* clone, COMPARTMENT_ID cid, CTX* mine, struct _CTX* also) {\n' +
        '  FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, clone, Done, 0);\n' +
        '  FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, clone, Done, mine);\n' +
        '  FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, clone, Done, also);\n}\n',
    );
    const found = checkFile(file, 'win10').filter((f) => f.ruleId === 'WFP2006');
    assert.deepStrictEqual(
      found.map((f) => file.text.slice(f.start, f.end)),
      ['0'],
    );
    assert.match(found[0].message, /Done dereferences its context/);
  });

  it('is silent when the completion function hands its context to a helper (which may test it)', async () => {
    const file = await parseC(
      'VOID FinishPacket(VOID* ctx);\n' +
        'VOID NTAPI Done(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN dl) { FwpsFreeCloneNetBufferList0(nbl, 0); FinishPacket(context); }\n' +
        'void f(NET_BUFFER_LIST* clone, COMPARTMENT_ID cid) { FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, clone, Done, NULL); }\n',
    );
    assert.deepStrictEqual(
      checkFile(file, 'win10').filter((f) => f.ruleId === 'WFP2006'),
      [],
    );
  });
});
