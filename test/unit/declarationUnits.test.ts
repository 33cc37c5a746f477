// Declarations seen through what only groups them (#if, #ifdef, extern "C", namespaces): the
// units an edit re-analyses, and the file-level declarations whose types the facts read.
import * as assert from 'assert';
import * as fs from 'fs';
import { declarationUnits } from '../../server/src/analysis/declarationUnits';
import { DeclarationCache, indexedFile } from '../../server/src/analysis/indexedFile';
import { VariableTypes } from '../../server/src/analysis/varTypes';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource, reparseIncrementally } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { DeclarationFindings } from '../../server/src/rules/declarationFindings';
import type { Finding } from '../../server/src/rules/types';
import { fixture } from '../helpers/paths';

const GROUPED = `#include <fwpsk.h>
#if (FEATURE_SUPPORT == 1)
HANDLE gInjectionHandle;
static int Helper(int a) { return a + 1; }
#ifdef EXTRA
int Extra(void) { return 2; }
#else
int Extra(void) { return 3; }
#endif
#elif LEGACY
int Legacy(void) { return 4; }
#endif
`;

/**
 * Checks `before` as an open document, then `after` as its next version: the declaration units of
 * `after`, and how many of them that second check took again.
 */
async function checkedAfterEdit(
  uri: string,
  before: string,
  after: string,
): Promise<{ units: number; rechecked: number }> {
  const index = new WorkspaceIndex();
  index.complete = true;
  const byDeclaration = new DeclarationFindings();
  const first = await parseSource(uri, before);
  index.update(first, 'win10', true);
  await byDeclaration.findings(first, 'win10', index);
  const second = await parseSource(uri, after);
  index.update(second, 'win10', true);
  await byDeclaration.findings(second, 'win10', index);
  const units = declarationUnits(second.tree!.rootNode).length;
  first.dispose();
  second.dispose();
  return { units, rechecked: byDeclaration.lastChecked };
}

/** As the server does, what the next version compares with is read after the findings are used. */
const published = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

/** Asserts that `got`, found on an edited document, is what a fresh check of `text` finds. */
async function assertAsFresh(uri: string, text: string, got: Finding[]): Promise<void> {
  const fresh = await parseSource(uri, text);
  const index = new WorkspaceIndex();
  index.complete = true;
  index.update(fresh, 'win10', true);
  const plain = (found: Finding[]) => found.map((f) => `${f.ruleId}@${f.start}`).join();
  assert.strictEqual(plain(got), plain(checkFile(fresh, 'win10', index)));
  fresh.dispose();
}

/** The ownership leaks fixture with a line tree-sitter cannot read in `LogAndReturn`. */
function withOldError(): string {
  return fs
    .readFileSync(fixture('ownership/leaks.c'), 'utf8')
    .replace(/(NTSTATUS LogAndReturn\([^)]*\)\n\{\n)/, '$1    int unreadable = (double, 1);\n');
}

describe('declaration units', () => {
  it('opens #if/#ifdef/#else/#elif groups, not their conditions', async () => {
    const file = await parseSource('file:///units/grouped.c', GROUPED);
    const units = declarationUnits(file.tree!.rootNode).map((n) => `${n.type}:${n.text.split(/[\s(]/)[0]}`);
    assert.deepStrictEqual(units, [
      'preproc_include:#include',
      'declaration:HANDLE',
      'function_definition:static',
      'function_definition:int',
      'function_definition:int',
      'function_definition:int',
    ]);
    file.dispose();
  });

  it('indexes a whole file as the declarations an edit re-reads, also a condition recovery made long', async () => {
    // Half-typed: `#if 0` without its `#endif`, a character in a parameter name. Error recovery
    // reads the functions below as the condition, which the units leave out; so does the index.
    const text = [
      '#if 0',
      'NTSTATUS Send(NET_BUFFER_LIST* original, COMPARTMENT_ID cid, BOOLEAN enabled)',
      '{',
      '}',
      'NTSTATUS Test(NET_BUFFER_LIST* ori==\u{1F600}al, COMPARTMENT_ID cid)',
      'VOID Walk(NET_BUFFER_LIST* first, COMPARTMENT_ID cid)',
      '{',
      '    {',
      '        {',
      '        }',
      '    }',
      '}',
    ].join('\n');
    const file = await parseSource('file:///units/condition.c', text);
    const condition = file.tree!.rootNode.namedChildren[0]!.childForFieldName('condition')!;
    assert.ok(condition.text.includes('Walk'), 'recovery puts the functions into the condition');
    const whole = indexedFile(file, 'win10');
    const edited = new DeclarationCache().build(file, 'win10');
    assert.deepStrictEqual(whole, edited);
    file.dispose();
  });

  it('opens extern "C" blocks and namespaces', async () => {
    const text =
      'extern "C" {\nint A(void) { return 1; }\nint B(void);\n}\nnamespace n {\nint C(void) { return 3; }\n}\n';
    const file = await parseSource('file:///units/linkage.cpp', text);
    const units = declarationUnits(file.tree!.rootNode).map((n) => n.type);
    assert.deepStrictEqual(units, ['function_definition', 'declaration', 'function_definition']);
    file.dispose();
  });

  it('knows the type of a global declared inside a group', async () => {
    const file = await parseSource('file:///units/types.c', GROUPED);
    assert.strictEqual(VariableTypes.of(file.tree!.rootNode).typeOf('gInjectionHandle', undefined), 'HANDLE');
    file.dispose();
  });

  it('re-checks only the edited function of a file under one #if', async () => {
    const functions = Array.from(
      { length: 30 },
      (_, i) => `static int F${i}(int a)\n{\n    return a + ${i};\n}\n`,
    ).join('');
    const before = `#if (FEATURE_SUPPORT == 1)\n${functions}#endif\n`;
    const after = before.replace('return a + 7;', 'return a + 77;');
    const { units, rechecked } = await checkedAfterEdit('file:///units/big.c', before, after);
    assert.strictEqual(units, 30);
    // The edited function, and the next one or two, whose lead-in (the text a fix looks back at) it is.
    assert.ok(rechecked <= 3, `${rechecked} re-checked`);
  });

  it('re-checks only the edited function when declarations of the same text repeat', async () => {
    // Banner comments and prototypes repeat in real drivers; one key for all of them kept one entry.
    const functions = Array.from(
      { length: 20 },
      (_, i) => `//\n// F${i}\n//\nint G(int a);\nstatic int F${i}(int a)\n{\n    return G(a) + ${i};\n}\n`,
    ).join('');
    const after = functions.replace('return G(a) + 7;', 'return G(a) + 77;');
    const { units, rechecked } = await checkedAfterEdit('file:///units/repeated.c', functions, after);
    assert.strictEqual(units, 20 * 5);
    // F7, the comment that names it, and the five declarations whose lead-in holds its lines;
    // the repeated ones elsewhere are reused (all 100 were checked again).
    assert.ok(rechecked <= 7, `${rechecked} re-checked`);
  });

  it('finds the same after an error typed and deleted beside an old one as a fresh check', async () => {
    // `Leaky` keeps a line tree-sitter cannot read; an error typed in it and deleted again leaves
    // it provisional until the document rests, and what was found before the error is reused.
    const text = withOldError();
    const at = text.indexOf('int unreadable');
    const versions = [
      text,
      `${text.slice(0, at)}(${text.slice(at)}`,
      text,
      text.replace('return STATUS_SUCCESS;', 'return  STATUS_SUCCESS;'),
    ];
    const index = new WorkspaceIndex();
    index.complete = true;
    const byDeclaration = new DeclarationFindings();
    let file = await parseSource('file:///units/old-error.c', versions[0]);
    assert.ok(file.tree!.rootNode.hasError, 'the file has an error of its own');
    index.update(file, 'win10', true);
    await byDeclaration.findings(file, 'win10', index);
    await published();
    const checked: number[] = [];
    for (const next of versions.slice(1)) {
      const edited = reparseIncrementally(file, next)!;
      file.dispose();
      file = edited;
      index.update(file, 'win10', true);
      const got = (await byDeclaration.findings(file, 'win10', index))!;
      checked.push(byDeclaration.lastChecked);
      await published();
      await assertAsFresh('file:///units/old-error.c', next, got);
    }
    assert.ok(file.provisional, 'the declaration with the old error stays provisional');
    // The error typed: its declaration. Deleted: nothing, what was found before it is reused.
    // Then another function's edit: that function and the one whose lead-in it is.
    assert.deepStrictEqual(checked, [1, 0, 2]);
    file.dispose();
  });

  it('re-checks an edited prototype alone, and the whole file when a global variable changes', async () => {
    const body = fs.readFileSync(fixture('ownership/leaks.c'), 'utf8');
    const before = `${body}\nstatic VOID Other(int a);\nNTSTATUS Pass(_In_ NET_BUFFER_LIST* nbl);\nHANDLE gOther;\n`;
    const index = new WorkspaceIndex();
    index.complete = true;
    const byDeclaration = new DeclarationFindings();
    const first = await parseSource('file:///units/prototype.c', before);
    const units = declarationUnits(first.tree!.rootNode).length;
    index.update(first, 'win10', true);
    await byDeclaration.findings(first, 'win10', index);
    await published();
    first.dispose();
    const rechecked = async (text: string) => {
      const file = await parseSource('file:///units/prototype.c', text);
      index.update(file, 'win10', true);
      const got = (await byDeclaration.findings(file, 'win10', index))!;
      await published();
      file.dispose();
      await assertAsFresh('file:///units/prototype.c', text, got);
      return byDeclaration.lastChecked;
    };
    // Its parameters and annotations: that prototype and the declarations beside it (lead-ins).
    const parameters = before.replace('Other(int a);', 'Other(_In_ int a, _In_ int b);');
    const n = await rechecked(parameters);
    assert.ok(n <= 3, `${n} of ${units} re-checked`);
    // A global's type is read by every declaration's checks.
    assert.strictEqual(await rechecked(parameters.replace('HANDLE gOther;', 'PVOID gOther;')), units);
  });

  it('keeps one settled version of the declarations through a long provisional streak', async () => {
    // An error typed at the old one and deleted leaves every version provisional; then each edit
    // gives the last function a text of its own. What is carried for when an earlier text comes back is the opened version's, not
    // every text typed since (a large file's server grew by its function per keystroke).
    const text = withOldError();
    const error = text.indexOf('int unreadable');
    const at = text.lastIndexOf('return STATUS_SUCCESS;');
    const versions = [
      `${text.slice(0, error)}(${text.slice(error)}`,
      text,
      ...Array.from({ length: 30 }, (_, i) => `${text.slice(0, at)}/* ${i} */${text.slice(at)}`),
      text,
    ];
    const index = new WorkspaceIndex();
    index.complete = true;
    const byDeclaration = new DeclarationFindings();
    const pieces = new DeclarationCache();
    let file = await parseSource('file:///units/streak.c', text);
    const units = declarationUnits(file.tree!.rootNode).length;
    index.update(file, 'win10', true);
    pieces.build(file, 'win10');
    await byDeclaration.findings(file, 'win10', index);
    await published();
    for (const next of versions) {
      const edited = reparseIncrementally(file, next)!;
      file.dispose();
      file = edited;
      index.update(file, 'win10', true);
      pieces.build(file, 'win10');
      const got = (await byDeclaration.findings(file, 'win10', index))!;
      await published();
      await assertAsFresh('file:///units/streak.c', next, got);
      assert.ok(file.provisional, 'the old error keeps the parse provisional');
      assert.ok(byDeclaration.keptEntries <= units + 1, `${byDeclaration.keptEntries} entries kept`);
      assert.ok(pieces.keptPieces <= units + 1, `${pieces.keptPieces} pieces kept`);
    }
    // Back at the opened text: what was found then is reused, but at most for the function edited
    // (an entry with a finding or fix where the edits were cannot be moved through them).
    assert.ok(byDeclaration.lastChecked <= 1, `${byDeclaration.lastChecked} re-checked`);
    file.dispose();
  });

  it('re-checks a file once the index is complete only where it creates handles', async () => {
    const functions = Array.from({ length: 12 }, (_, i) => `static int F${i}(int a) { return a + ${i}; }\n`);
    const create =
      'HANDLE gH;\nNTSTATUS Make(void) { NTSTATUS s = FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_NETWORK, &gH); return s; }\n';
    for (const creates of [false, true]) {
      const index = new WorkspaceIndex();
      const file = await parseSource(
        'file:///units/complete.c',
        (creates ? create : '') + functions.join(''),
      );
      index.update(file, 'win10', true);
      const byDeclaration = new DeclarationFindings();
      const before = (await byDeclaration.findings(file, 'win10', index))!;
      index.complete = true;
      const after = (await byDeclaration.findings(file, 'win10', index))!;
      const codes = (found: Finding[]) => found.map((f) => f.ruleId).join();
      if (creates) {
        // The handle is never destroyed in the workspace: said only once the whole of it is known.
        assert.strictEqual(byDeclaration.lastChecked, declarationUnits(file.tree!.rootNode).length);
        assert.ok(!codes(before).includes('WFP3007') && codes(after).includes('WFP3007'), codes(after));
      } else {
        assert.strictEqual(byDeclaration.lastChecked, 0);
        assert.strictEqual(codes(after), codes(before));
      }
      file.dispose();
    }
  });

  it('checks nothing again when a header of prototypes is indexed or removed, and only injections for one of structs', async () => {
    // What the workspace scan meets first in most drivers: a header that declares and defines
    // nothing other files can see. A file with a function changes what the others see.
    const header =
      '#pragma once\n_IRQL_requires_max_(DISPATCH_LEVEL)\nNTSTATUS NTAPI HelperSend(_In_ NET_BUFFER_LIST* nbl);\n' +
      "typedef NET_BUFFER_LIST* PNBL;\n#define CTX_TAG 'xtcC'\n";
    const opened =
      'HANDLE gH;\nvoid Done(void* c, NET_BUFFER_LIST* n, BOOLEAN d) { FwpsFreeCloneNetBufferList0(n, 0); }\n' +
      'void Send(NET_BUFFER_LIST* nbl) { FwpsInjectNetworkSendAsync0(gH, NULL, 0, 0, nbl, Done, NULL); }\n';
    const index = new WorkspaceIndex();
    index.complete = true;
    const file = await parseSource('file:///units/driver.c', opened);
    index.update(file, 'win10', true);
    const byDeclaration = new DeclarationFindings();
    const before = (await byDeclaration.findings(file, 'win10', index))!;
    const visible = index.visibleGeneration;
    const put = async (uri: string, text: string) => {
      const other = await parseSource(uri, text);
      const changed = index.update(other, 'win10');
      other.dispose();
      return changed;
    };
    assert.strictEqual(await put('file:///units/helper.h', header), false);
    assert.strictEqual(index.remove('file:///units/empty.h'), false, 'never indexed');
    assert.strictEqual(index.visibleGeneration, visible);
    const after = (await byDeclaration.findings(file, 'win10', index))!;
    assert.strictEqual(byDeclaration.lastChecked, 0);
    assert.deepStrictEqual(
      after.map((f) => f.ruleId),
      before.map((f) => f.ruleId),
    );
    assert.strictEqual(index.remove('file:///units/helper.h'), false);
    assert.strictEqual(index.visibleGeneration, visible);
    // A header of structs too, but what reads structs (WFP2006, on what a completion function is
    // given) is checked again: the injection's declaration and no other.
    const structs = 'typedef struct _CTX { NET_BUFFER_LIST* nbl; } CTX;\n';
    for (const change of [
      () => put('file:///units/ctx.h', structs),
      () => index.remove('file:///units/ctx.h'),
    ]) {
      assert.strictEqual(await change(), false);
      assert.strictEqual(index.visibleGeneration, visible);
      await byDeclaration.findings(file, 'win10', index);
      assert.strictEqual(byDeclaration.lastChecked, 1);
    }

    assert.strictEqual(await put('file:///units/helper.c', 'void Helper(NET_BUFFER_LIST* n) { }\n'), true);
    assert.strictEqual(index.visibleGeneration, visible + 1);
    assert.strictEqual(index.remove('file:///units/helper.c'), true);
    assert.strictEqual(index.visibleGeneration, visible + 2);
    file.dispose();
  });

  it('keeps the versions of the files its findings point into as the check saw them', async () => {
    // After an open, what the next version is compared with is read once the findings are out.
    // The file the findings point into moves on meanwhile: the next check must not take the
    // findings as made with its new version (their related locations would point beside it).
    const entry = fs.readFileSync(fixture('handles', 'driver_entry.c'), 'utf8');
    const inject = fs.readFileSync(fixture('handles', 'inject.c'), 'utf8');
    const index = new WorkspaceIndex();
    index.complete = true;
    const entryUri = 'file:///units/driver_entry.c';
    index.update(await parseSource(entryUri, entry), 'win10');
    const byDeclaration = new DeclarationFindings();
    const first = await parseSource('file:///units/inject.c', inject);
    index.update(first, 'win10', true);
    const before = (await byDeclaration.findings(first, 'win10', index))!;
    assert.ok(before.some((f) => f.related?.some((r) => r.uri === entryUri)));
    // Not awaited between: the reading is still pending when driver_entry.c moves down a line.
    index.update(await parseSource(entryUri, `// moved\n${entry}`), 'win10');
    const second = await parseSource(
      'file:///units/inject.c',
      `${inject}\nstatic int Later(void) { return 1; }\n`,
    );
    index.update(second, 'win10', true);
    const after = (await byDeclaration.findings(second, 'win10', index))!;
    const lines = (found: Finding[]) =>
      found.flatMap((f) => (f.related ?? []).filter((r) => r.uri === entryUri).map((r) => r.line));
    assert.deepStrictEqual(
      lines(after),
      lines(before).map((l) => l + 1),
    );
    first.dispose();
    second.dispose();
  });
});
