// Cancellation and requests the server cannot answer: a cancelled slow request ends with
// RequestCancelled, and unknown documents or positions past the end get an empty answer.
import * as assert from 'assert';
import * as fs from 'fs';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { LspClient } from '../helpers/lspClient';
import { cursor } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

const LEAKS = fs.readFileSync(fixture('ownership', 'leaks.c'), 'utf8');
/** Large enough that checking it takes a while: the fixture's functions 150 times over. */
const BIG = Array.from({ length: 150 }, (_, i) =>
  LEAKS.replace(/\b(\w+)\(/g, (m, name: string) =>
    /^[A-Z]\w*[a-z]/.test(name) && !name.startsWith('Fwps') ? `${name}_${i}(` : m,
  ),
).join('\n');
const REQUEST_CANCELLED = -32800;

describe('LSP: cancellation and out-of-range requests', function () {
  this.timeout(30000);
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.stop());

  it('answers a cancelled code-action request with RequestCancelled, then still serves', async () => {
    const uri = 'file:///cancel/big.c';
    await client.open(uri, BIG);
    const whole = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };
    const source = new CancellationTokenSource();
    const request = client.rpc.sendRequest(
      'textDocument/codeAction',
      { textDocument: { uri }, range: whole, context: { diagnostics: [] } },
      source.token,
    );
    source.cancel();
    await assert.rejects(
      request,
      (err: unknown) => err instanceof ResponseError && err.code === REQUEST_CANCELLED,
    );
    const diags = await client.waitForDiagnostics(uri, 20000);
    assert.ok(diags.length > 100, `${diags.length} diagnostics`);
    const actions = await client.codeActions(uri, diags[0].range, [diags[0]]);
    assert.ok(Array.isArray(actions));
  });

  it('ignores didChange for a document that was never opened', async () => {
    const uri = 'file:///cancel/never-opened.c';
    await client.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          text: 'FwpsInjectForwardAsync0(',
        },
      ],
    });
    assert.strictEqual(await client.hover(uri, { line: 0, character: 3 }), null);
    assert.strictEqual(await client.completion(uri, { line: 0, character: 24 }), null);
    assert.deepStrictEqual(
      await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, []),
      null,
    );
  });

  it('answers empty for positions past the end of a document, or before its start', async () => {
    const uri = 'file:///cancel/short.c';
    const inside = cursor('void f(void) {\n  FwpsInjectForwardAsync0(h, NULL,$0\n}\n');
    await client.open(uri, inside.text);
    for (const position of [
      { line: 4, character: 0 },
      { line: 400, character: 2 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
      { line: -1, character: 0 },
    ]) {
      assert.strictEqual(await client.hover(uri, position), null, JSON.stringify(position));
      assert.strictEqual(await client.signatureHelp(uri, position), null);
      assert.strictEqual(await client.completion(uri, position), null);
      assert.strictEqual(await client.codeActions(uri, { start: position, end: position }, []), null);
    }
    // The last line still answers: the position is inside the document.
    assert.ok(await client.signatureHelp(uri, inside.position));
    assert.ok(!client.logs.some((l) => / failed: /.test(l)), client.logs.join('\n'));
  });
});
