// Diagnostics and quick fixes over real JSON-RPC.
import * as assert from 'assert';
import * as fs from 'fs';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';
import { assertAnnotated, fromDiagnostics } from '../helpers/annotations';

const BAD = fs.readFileSync(fixture('params', 'reserved_and_null.c'), 'utf8');
const BAD_URI = 'file:///fixtures/reserved_and_null.c';
const GOOD = fs.readFileSync(fixture('params', 'correct_variants.c'), 'utf8');
const GOOD_URI = 'file:///fixtures/correct_variants.c';

describe('LSP: diagnostics and quick fixes', function () {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.stop());

  it('publishes parameter findings with source wfp, rule id and doc link', async () => {
    await client.open(BAD_URI, BAD);
    const diags = await client.waitForDiagnostics(BAD_URI);
    assertAnnotated({ file: { uri: BAD_URI, text: BAD }, findings: fromDiagnostics(BAD, diags) });
    for (const d of diags) {
      assert.strictEqual(d.source, 'wfp');
      assert.match(d.codeDescription!.href, /^https:\/\/learn\.microsoft\.com\//);
    }
    const count = diags.find((d) => d.code === 'WFP1001')!;
    assert.match(count.message, /takes 9 arguments but 8/);
    assert.match(count.message, /completionContext/);
  });

  it('is silent on correct spellings and values it cannot know', async () => {
    await client.open(GOOD_URI, GOOD);
    assert.deepStrictEqual(await client.waitForDiagnostics(GOOD_URI), []);
  });

  it('offers a preferred fix that replaces a reserved value', async () => {
    const diags = await client.waitForDiagnostics(BAD_URI);
    const reserved = diags.find((d) => d.code === 'WFP1002') as Diagnostic;
    const actions = await client.codeActions(BAD_URI, reserved.range, [reserved]);
    const fix = actions?.find((a) => a.isPreferred);
    assert.ok(fix, 'a preferred fix');
    const edits = fix.edit!.changes![BAD_URI] as TextEdit[];
    assert.deepStrictEqual(edits, [{ range: reserved.range, newText: 'NULL' }]);
  });

  it('updates diagnostics after an edit', async () => {
    const start = positionOf(BAD, '(PVOID)&cid');
    await client.change(BAD_URI, [
      {
        range: { start, end: { line: start.line, character: start.character + '(PVOID)&cid'.length } },
        text: 'NULL',
      },
    ]);
    const diags = await client.waitForDiagnostics(BAD_URI);
    assert.ok(!diags.some((d) => d.code === 'WFP1002'));
    assert.strictEqual(diags.length, 4);
  });

  it('reports a leak with related locations and offers the free-on-failure fix', async () => {
    const uri = 'file:///fixtures/leaks.c';
    const text = fs.readFileSync(fixture('ownership', 'leaks.c'), 'utf8');
    await client.open(uri, text);
    const leak = (await client.waitForDiagnostics(uri)).find((d) => d.code === 'WFP2002')!;
    assert.deepStrictEqual(
      leak.relatedInformation?.map((r) => r.message),
      ['NBL allocated here (clone)', 'completion function (runs only on STATUS_SUCCESS)'],
    );
    const actions = await client.codeActions(uri, leak.range, [leak], ['quickfix']);
    const fix = actions?.find((a) => a.isPreferred);
    assert.ok(fix, 'a preferred quick fix');
    assert.match(fix.title, /^Free the NBL on failure/);
    const edits = fix.edit!.changes![uri] as TextEdit[];
    assert.ok(edits.some((e) => e.newText.includes('FwpsFreeCloneNetBufferList0(clone, 0);')));
  });

  it('offers source.fixAll.wfp that applies every safe fix', async () => {
    const diags = await client.waitForDiagnostics(BAD_URI);
    const whole = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
    const actions = await client.codeActions(BAD_URI, whole, diags, ['source.fixAll.wfp']);
    assert.strictEqual(actions?.length, 1);
    assert.strictEqual(actions[0].kind, 'source.fixAll.wfp');
    assert.strictEqual((actions[0].edit!.changes![BAD_URI] as TextEdit[]).length, 2);
  });
});

describe('LSP: a lone file (no workspace folder)', function () {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.stop());

  it('shows in its first diagnostics what needs every file known (a pend never completed)', async () => {
    const uri = 'file:///lone/forgotten.c';
    const text = fs.readFileSync(fixture('pend', 'forgotten.c'), 'utf8');
    await client.open(uri, text);
    await client.waitForDiagnostics(uri);
    // The first publish, not a later re-check: nothing else is open, so nothing is left to learn.
    const first = client.publishes.find((p) => p.uri === uri)!;
    assert.ok(
      first.diagnostics.some((d) => d.code === 'WFP3008'),
      JSON.stringify(first.diagnostics),
    );
    assertAnnotated({ file: { uri, text }, findings: fromDiagnostics(text, first.diagnostics) });
  });
});
