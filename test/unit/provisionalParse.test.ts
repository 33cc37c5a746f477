// An edit that leaves a syntax error is answered from the incremental parse at once; the parse
// from scratch (what the CLI reads) replaces it once the document rests.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocuments, REFINE_AFTER_MS } from '../../server/src/documents';
import { parseSource } from '../../server/src/parse/document';

const TEXT = `static int F(int a)\n{\n    int b = a + 1;\n    return b;\n}\n\nstatic int G(int a)\n{\n    return a;\n}\n`;

function edited(doc: TextDocument, offset: number, text: string): TextDocument {
  const at = doc.positionAt(offset);
  return TextDocument.update(doc, [{ range: { start: at, end: at }, text }], doc.version + 1);
}

describe('provisional parses', () => {
  const uri = 'file:///provisional/f.c';

  async function opened() {
    const refined: string[] = [];
    let parses = 0;
    const docs = new ParsedDocuments(
      () => undefined,
      () => parses++,
      undefined,
      (u) => refined.push(u),
    );
    const doc = TextDocument.create(uri, 'c', 1, TEXT);
    await docs.get(doc);
    return { docs, doc, refined, parses: () => parses };
  }

  it('answers an error edit incrementally, then settles on the parse from scratch', async () => {
    const { docs, doc, refined } = await opened();
    const broken = edited(doc, TEXT.indexOf('int b'), '(');
    const provisional = await docs.get(broken);
    assert.ok(provisional.tree?.rootNode.hasError);
    await docs.settle(uri);
    assert.deepStrictEqual(refined, [uri]);
    const settled = await docs.get(broken);
    assert.notStrictEqual(settled, provisional);
    assert.ok(docs.superseded(provisional), 'the provisional parse is retired');
    const fresh = await parseSource(uri, broken.getText());
    assert.strictEqual(settled.wasmTree?.rootNode.toString(), fresh.wasmTree?.rootNode.toString());
    fresh.dispose();
    docs.forget(uri);
  });

  it('settles by itself once the document rests, and not on a valid edit', async () => {
    const { docs, doc, refined } = await opened();
    await docs.get(edited(doc, TEXT.indexOf('return b'), ' '));
    await new Promise((resolve) => setTimeout(resolve, REFINE_AFTER_MS + 100));
    assert.deepStrictEqual(refined, [], 'a valid edit needs no parse from scratch');
    const broken = edited(doc, TEXT.indexOf('int b'), '(');
    await docs.get(broken);
    await new Promise((resolve) => setTimeout(resolve, REFINE_AFTER_MS + 100));
    assert.deepStrictEqual(refined, [uri]);
    docs.forget(uri);
  });

  it('ends once the error typed is deleted, though the file keeps an old error elsewhere', async () => {
    // Real files often keep a line tree-sitter cannot read; it must not keep every later parse provisional.
    const oldError = `${TEXT}\nstatic int H(int a)\n{\n    return a + (double, 1);\n}\n`;
    const docs = new ParsedDocuments(
      () => undefined,
      () => undefined,
    );
    const doc = TextDocument.create(uri, 'c', 1, oldError);
    assert.ok((await docs.get(doc)).tree?.rootNode.hasError, 'the file has an error of its own');
    const broken = edited(doc, oldError.indexOf('int b'), '(');
    assert.ok((await docs.get(broken)).provisional);
    const at = broken.positionAt(oldError.indexOf('int b'));
    const repaired = TextDocument.update(
      broken,
      [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }],
      broken.version + 1,
    );
    const parse = await docs.get(repaired);
    assert.strictEqual(parse.provisional, false);
    const fresh = await parseSource(uri, repaired.getText());
    assert.strictEqual(parse.wasmTree?.rootNode.toString(), fresh.wasmTree?.rootNode.toString());
    fresh.dispose();
    // An edit in the function that holds the old error stays provisional: its recovery may differ.
    const inH = edited(repaired, oldError.indexOf('return a + (double'), '(');
    assert.ok((await docs.get(inH)).provisional);
    const later = edited(inH, oldError.indexOf('return b'), ' ');
    assert.ok((await docs.get(later)).provisional, 'until H is parsed from scratch');
    docs.forget(uri);
  });

  it('drops the pending parse when a newer version comes first', async () => {
    const { docs, doc, refined } = await opened();
    const broken = edited(doc, TEXT.indexOf('int b'), '(');
    await docs.get(broken);
    const repaired = TextDocument.update(
      broken,
      [
        {
          range: {
            start: broken.positionAt(TEXT.indexOf('int b')),
            end: broken.positionAt(TEXT.indexOf('int b') + 1),
          },
          text: '',
        },
      ],
      broken.version + 1,
    );
    await docs.get(repaired);
    await new Promise((resolve) => setTimeout(resolve, REFINE_AFTER_MS + 100));
    assert.deepStrictEqual(refined, []);
    docs.forget(uri);
  });
});
