// Completion in the file's style: one entry per function, named as the file names Fwps calls;
// the statement with its status check and free only where a statement starts, never inside an
// argument list; braces as the file places them; tabs that the editor turns into the file's
// indentation. Every statement snippet parses and passes the checker.
import * as assert from 'assert';
import { FUNCTIONS } from '../../server/src/catalog';
import { completionAt } from '../../server/src/features/completion';
import { fileStyle } from '../../server/src/features/fileStyle';
import { injectionStatement } from '../../server/src/features/statementSnippet';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';

/** Completion at the `|` of `text`. */
async function complete(text: string) {
  const offset = text.indexOf('|');
  const file = await parseSource('file:///complete.c', text.replace('|', ''));
  try {
    return completionAt(file, offset, 'win10')?.items ?? [];
  } finally {
    file.dispose();
  }
}

const functions = (items: Awaited<ReturnType<typeof complete>>, prefix: string) =>
  items.filter((i) => i.label.startsWith(prefix) && /^Fwps/.test(i.label));

/** A snippet with each placeholder replaced by its default (or first choice), tabs as 4 spaces. */
function expand(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]+)[^|]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\t/g, '    ');
}

const VI_FILE =
  'VOID Send(VOID)\n{\n   NTSTATUS status;\n   status = FwpsAllocateCloneNetBufferList(nbl, NULL, NULL, 0, &clone);\n   FwpsInjectNetw|\n}\n';
const NUMBERED_FILE = VI_FILE.replace('FwpsAllocateCloneNetBufferList(', 'FwpsAllocateCloneNetBufferList0(');

describe("completion in the file's style", () => {
  it('offers one entry per function, by the version-independent name in a file that uses those', async () => {
    const items = functions(await complete(VI_FILE), 'FwpsInjectNetw');
    assert.deepStrictEqual(items.map((i) => i.label).sort(), [
      'FwpsInjectNetworkReceiveAsync',
      'FwpsInjectNetworkSendAsync',
    ]);
    const send = items.find((i) => i.label === 'FwpsInjectNetworkSendAsync')!;
    assert.match(String(send.insertText), /^\$\{1:status\} = FwpsInjectNetworkSendAsync\(\n\t/);
    assert.match(
      String(send.insertText),
      /if \(!NT_SUCCESS\(\$\{1:status\}\)\)\n\{\n\t.*\n\tFwpsFreeCloneNetBufferList\(\$\{6:clonedNbl\}, 0\);\n\}/,
    );
  });

  it('and by the numbered name in a file that uses those', async () => {
    const items = functions(await complete(NUMBERED_FILE), 'FwpsInjectNetw');
    assert.deepStrictEqual(items.map((i) => i.label).sort(), [
      'FwpsInjectNetworkReceiveAsync0',
      'FwpsInjectNetworkSendAsync0',
    ]);
    assert.match(String(items[0].insertText), /FwpsFreeCloneNetBufferList0\(/);
  });

  it('puts the brace where the file does', async () => {
    const kr = 'VOID Send(VOID) {\n  if (x) {\n    y();\n  }\n  FwpsInjectFor|\n}\n';
    const item = functions(await complete(kr), 'FwpsInjectForwardAsync')[0];
    assert.match(String(item.insertText), /if \(!NT_SUCCESS\(\$\{1:status\}\)\) \{\n/);
  });

  it('offers no statement inside an argument list or after `=`, only the call', async () => {
    for (const text of [
      'VOID Send(VOID)\n{\n   Log(FwpsInjectFor|);\n}\n',
      'VOID Send(VOID)\n{\n   status = FwpsInjectFor|\n}\n',
      'VOID Send(VOID)\n{\n   FwpsInjectForwardAsync0(FwpsQuery|\n}\n',
    ]) {
      const items = (await complete(text)).filter((i) => /^Fwps/.test(i.label));
      assert.ok(items.length, text);
      for (const i of items)
        assert.doesNotMatch(String(i.insertText ?? i.label), /NT_SUCCESS|\n/, `${text}: ${i.label}`);
    }
  });

  it('a name followed by `(` is completed as the bare name', async () => {
    const items = functions(
      await complete('VOID Send(VOID)\n{\n   FwpsInjectFor|(h);\n}\n'),
      'FwpsInjectForwardAsync',
    );
    assert.deepStrictEqual(
      items.map((i) => i.insertText),
      ['FwpsInjectForwardAsync0'],
    );
  });

  it("reads the file's naming and brace style", () => {
    assert.deepStrictEqual(fileStyle(VI_FILE), { versionIndependent: true, braceOnOwnLine: true });
    assert.deepStrictEqual(fileStyle('int f(void) {\n  FwpsInjectForwardAsync0(a);\n}\n'), {
      versionIndependent: false,
      braceOnOwnLine: false,
    });
  });

  for (const fn of FUNCTIONS.filter((f) => f.injection)) {
    for (const vi of [false, true]) {
      it(`${fn.name} statement (${vi ? 'version-independent' : 'numbered'}) parses and passes the checker`, async () => {
        const code = expand(injectionStatement(fn, fn.name, { versionIndependent: vi, braceOnOwnLine: true }))
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n');
        const text = `void f(void)\n{\n    NTSTATUS status;\n${code}\n}\n`;
        const file = await parseSource('file:///snippet.c', text);
        assert.strictEqual(file.tree!.rootNode.hasError, false, text);
        assert.deepStrictEqual(
          checkFile(file, 'win10')
            .filter((f) => f.severity === 'error' || f.ruleId.startsWith('WFP2'))
            .map((f) => f.ruleId),
          [],
          text,
        );
        file.dispose();
      });
    }
  }
});
