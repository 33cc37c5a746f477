// Fuzzing over real JSON-RPC: mutated fixtures opened, edited and queried in one server. The
// server must answer every request within 2 s, never with an internal error, never log a failed
// handler, and give after incremental edits exactly the diagnostics a fresh open gives.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-protocol';
import { REFINE_AFTER_MS } from '../../server/src/documents';
import { LspClient } from '../helpers/lspClient';
import { fixtureTexts, mutatedFixture, randomBytes, randomEdit } from '../helpers/mutate';
import { iterations, Random, runSeed } from '../helpers/random';

async function within<T>(p: Promise<T>, what: string, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function randomPosition(doc: TextDocument, r: Random): Position {
  return r.chance(0.1)
    ? { line: doc.lineCount + r.int(5), character: r.int(50) }
    : doc.positionAt(r.int(doc.getText().length + 1));
}

/** Diagnostics with the document's own uri taken out of related locations, for comparison. */
function comparable(diags: Diagnostic[], uri: string): string {
  return JSON.stringify(diags).split(JSON.stringify(uri)).join('"<self>"');
}

describe('LSP: fuzz', function () {
  this.timeout(120000);
  const fixtures = fixtureTexts();
  let client: LspClient;
  const seed = runSeed();
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.stop());
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`fuzz seed: FUZZ_SEED=${seed}`);
  });

  it('answers every request on mutated and junk documents without an internal error', async () => {
    const r = new Random(seed);
    for (let i = 0; i < iterations(300); i++) {
      const junk = r.chance(0.1);
      const uri = `untitled:fuzz-${i}.${r.chance(0.3) ? 'cpp' : 'c'}`;
      const text = junk ? randomBytes(r, r.int(3000)) : mutatedFixture(fixtures, r).text;
      let doc = TextDocument.create(uri, 'c', 1, text);
      await client.open(uri, text);
      for (let step = 0; step < 4; step++) {
        const p = randomPosition(doc, r);
        const what = `case ${i} step ${step}`;
        await within(client.hover(uri, p), `${what} hover`);
        await within(client.signatureHelp(uri, p), `${what} signature help`);
        await within(client.completion(uri, p), `${what} completion`);
        if (step === 1) {
          const diags = await within(client.waitForDiagnostics(uri), `${what} diagnostics`);
          const all = { start: { line: 0, character: 0 }, end: { line: doc.lineCount, character: 0 } };
          await within(client.codeActions(uri, all, diags), `${what} code actions`);
          await within(client.codeActions(uri, all, diags, ['source.fixAll.wfp']), `${what} fix all`);
        }
        const e = randomEdit(doc.getText(), r);
        const change = {
          range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) },
          text: e.newText,
        };
        doc = TextDocument.update(doc, [change], doc.version + 1);
        await client.change(uri, [change]);
      }
      await within(client.waitForDiagnostics(uri), `case ${i} final diagnostics`);
      await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    const failures = client.logs.filter((l) => / failed: /.test(l));
    assert.deepStrictEqual(failures, []);
  });

  it('publishes after incremental edits what a fresh open of the same text publishes', async () => {
    const r = new Random(seed ^ 0x5bd1e995);
    for (let i = 0; i < iterations(30); i++) {
      const [, original] = r.pick(fixtures);
      // The edits first, so that the fresh open comes before them: the edited document then stays
      // open until its parse is settled (see below).
      let doc = TextDocument.create(`untitled:edited-${i}.c`, 'c', 1, original);
      const steps: { changes: { range: Range; text: string }[]; wait: boolean }[] = [];
      for (let step = 1 + r.int(6); step > 0; step--) {
        const changes = [];
        for (let n = r.chance(0.3) ? 2 : 1; n > 0; n--) {
          const e = randomEdit(doc.getText(), r);
          const change = {
            range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) },
            text: e.newText,
          };
          doc = TextDocument.update(doc, [change], doc.version);
          changes.push(change);
        }
        steps.push({ changes, wait: r.chance(0.5) });
      }
      const freshUri = `untitled:fresh-${i}.c`;
      await client.open(freshUri, doc.getText());
      const fresh = comparable(await within(client.waitForDiagnostics(freshUri), 'diagnostics'), freshUri);
      await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });

      const uri = doc.uri;
      await client.open(uri, original);
      for (const { changes, wait } of steps) {
        await client.change(uri, changes);
        if (wait) await within(client.waitForDiagnostics(uri), 'diagnostics');
      }
      let edited = comparable(await within(client.waitForDiagnostics(uri), 'diagnostics'), uri);
      // Where an edit left a syntax error, the first publish comes from a provisional parse, whose
      // error recovery may read the text otherwise; the parse from scratch follows once the text
      // has stayed REFINE_AFTER_MS as it is, and publishes again for the same version.
      if (edited !== fresh) {
        const before = client.publishes.length;
        await within(client.publishedSince(uri, before), 'the settled diagnostics', REFINE_AFTER_MS + 3000);
        edited = comparable(client.published(uri)!, uri);
      }
      await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
      assert.strictEqual(edited, fresh, `sequence ${i}, FUZZ_SEED=${seed}:\n${doc.getText()}`);
    }
  });

  it('logs a skipped file once, however often it changes', async () => {
    const uri = 'untitled:skipped-big.c';
    await client.open(uri, 'int x;\n'.repeat(900_000));
    for (let i = 0; i < 3; i++) {
      await client.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '/* more */' },
      ]);
      assert.deepStrictEqual(await within(client.waitForDiagnostics(uri), 'diagnostics', 10000), []);
    }
    assert.strictEqual(
      client.logs.filter((l) => l.startsWith(`Skipped ${uri}:`)).length,
      1,
      client.logs.join('\n'),
    );
  });
});
