// WFP2006: the completion context an injection passes, against what its completion function does with it.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { checkFile, type Finding } from '../../server/src/rules';
import { DeclarationFindings } from '../../server/src/rules/declarationFindings';
import { checkFixtures, checkTexts } from '../helpers/check';
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

describe('WFP2006: a struct copied under another name', () => {
  it('is silent on a renamed copy of the struct the completion function reads, member for member; not on one whose members differ', async () => {
    const r = await checkFixtures(
      ['ownership', 'context-copies', 'completion_data.h'],
      ['ownership', 'context-copies', 'inject.c'],
    );
    assertAnnotated(r.get('inject.c')!);
  });

  it('compares nothing where one name has two different definitions', async () => {
    const r = await checkTexts(
      ['file:///a.h', 'typedef struct _A { int x; PVOID p; } A;\ntypedef struct _B { int x; PVOID p; } B;\n'],
      ['file:///b.h', 'typedef struct _B { int y; } B;\n'],
      [
        'file:///c.c',
        'VOID NTAPI Done(VOID* ctx, NET_BUFFER_LIST* nbl, BOOLEAN dl) { FwpsFreeCloneNetBufferList0(nbl, 0); ExFreePool(((A*)ctx)->p); }\n' +
          'void f(NET_BUFFER_LIST* clone, COMPARTMENT_ID cid, B* b) { FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, clone, Done, b); }\n',
      ],
    );
    const found = r.get('c.c')!.findings.filter((f) => f.ruleId === 'WFP2006');
    assert.strictEqual(found.length, 1);
    assert.match(found[0].message, /takes its context as A\*, but this call passes `b`, a B \*/);
  });
});

describe('WFP2006 after edits', () => {
  const header = (member: string) =>
    `typedef struct _A { KSPIN_LOCK lock; PVOID ${member}; } A;\ntypedef struct _B { KSPIN_LOCK lock; PVOID data; } B;\n`;
  const driver =
    'HANDLE h;\n' +
    'VOID NTAPI Done(VOID* ctx, NET_BUFFER_LIST* nbl, BOOLEAN dl) { FwpsFreeCloneNetBufferList0(nbl, 0); ExFreePool(((A*)ctx)->data); }\n' +
    'void Other(void) { }\n' +
    'void f(NET_BUFFER_LIST* clone, COMPARTMENT_ID cid, B* b) { FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, clone, Done, b); }\n';

  it('checks the injection again when a struct of the open file, or of a header, changes its members', async () => {
    const parses: SourceFile[] = [];
    const ids = (fs: Finding[] | undefined) => fs!.filter((f) => f.ruleId === 'WFP2006').length;
    for (const inHeader of [false, true]) {
      const index = new WorkspaceIndex();
      index.complete = true;
      const byDeclaration = new DeclarationFindings();
      const versions = ['data', 'payload', 'data'];
      const expected = [0, 1, 0];
      for (const [i, member] of versions.entries()) {
        const text = inHeader ? driver : header(member) + driver;
        if (inHeader) {
          const h = await parseSource('file:///w/ctx.h', header(member));
          index.update(h, 'win10');
          h.dispose();
        }
        const file = await parseSource('file:///w/driver.c', text);
        index.update(file, 'win10', true);
        assert.strictEqual(
          ids(await byDeclaration.findings(file, 'win10', index)),
          expected[i],
          `${inHeader ? 'header' : 'same file'}, version ${i}`,
        );
        // As in the server, the parse stays until the next version's check has compared with it.
        parses.push(file);
      }
    }
    parses.forEach((f) => f.dispose());
  });
});
