// Parameter-name inlay hints over real JSON-RPC against dist/server.js.
import * as assert from 'assert';
import * as fs from 'fs';
import type { InlayHint, Position } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';

const FORWARD = fs.readFileSync(fixture('driver', 'forward_classify.c'), 'utf8');
const FORWARD_URI = 'file:///fixtures/forward_classify.c';
const CPP = fs.readFileSync(fixture('driver', 'transport_send.cpp'), 'utf8');
const CPP_URI = 'file:///fixtures/transport_send.cpp';
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 10000, character: 0 } };

/** `label@line:character`, comparable at a glance. */
function show(hints: InlayHint[] | null): string[] {
  return (hints ?? []).map((h) => `${String(h.label)}@${h.position.line}:${h.position.character}`);
}

function at(text: string, needle: string, label: string): string {
  const p: Position = positionOf(text, needle);
  return `${label}@${p.line}:${p.character}`;
}

// The forward injection in the fixture has one argument per line, indented 8; the first,
// gInjectionHandle, names itself and gets no hint.
const FORWARD_CALL_LINE = positionOf(FORWARD, 'FwpsInjectForwardAsync0(\n').line;
const FORWARD_HINTS = [
  'injectionContext:',
  'flags:',
  'addressFamily:',
  'compartmentId:',
  'interfaceIndex:',
  'netBufferList:',
  'completionFn:',
  'completionContext:',
].map((label, i) => `${label}@${FORWARD_CALL_LINE + 2 + i}:8`);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('LSP: parameter-name inlay hints', function () {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
    await client.open(FORWARD_URI, FORWARD);
    await client.open(CPP_URI, CPP);
  });
  after(() => client.stop());

  it('advertises inlay hints', () => {
    assert.ok(client.capabilities.inlayHintProvider);
  });

  it('names every argument of an injection call, before it, as a parameter hint', async () => {
    const hints = await client.inlayHints(FORWARD_URI, WHOLE);
    // By default only the injection call: not the clone, the free or the handle creation.
    assert.deepStrictEqual(show(hints), FORWARD_HINTS);
    for (const h of hints!) {
      assert.strictEqual(h.kind, 2, 'InlayHintKind.Parameter');
      assert.strictEqual(h.paddingRight, true);
    }
  });

  it('skips arguments that end with the parameter name and resolves version-independent names', async () => {
    const hints = show(await client.inlayHints(CPP_URI, WHOLE));
    assert.deepStrictEqual(hints, [
      at(CPP, 'g_sendHandle,', 'injectionHandle:'),
      at(CPP, 'nullptr,\n        p->endpointHandle', 'injectionContext:'),
      at(CPP, '0,\n        nullptr', 'flags:'),
      at(CPP, 'nullptr,\n        p->family', 'sendArgs:'),
      at(CPP, 'p->family', 'addressFamily:'),
      at(CPP, 'p->nbl,', 'netBufferList:'),
      at(CPP, 'SendComplete,', 'completionFn:'),
      at(CPP, 'p);', 'completionContext:'),
    ]);
  });

  it('answers only for arguments inside the requested range', async () => {
    const from = positionOf(FORWARD, '        AF_INET,\n');
    const to = positionOf(FORWARD, '        inFixedValues->');
    const hints = await client.inlayHints(FORWARD_URI, { start: from, end: to });
    assert.deepStrictEqual(show(hints), FORWARD_HINTS.slice(2, 4));
    assert.deepStrictEqual(
      await client.inlayHints(FORWARD_URI, {
        start: { line: 0, character: 0 },
        end: positionOf(FORWARD, 'HANDLE gInjectionHandle'),
      }),
      [],
    );
  });

  it('survives half-typed calls and labels only the arguments before a parse error', async () => {
    const uri = 'file:///fixtures/half-hints.c';
    // Recovered as a call whose fourth argument is an ERROR: the three before it are certain.
    const text = 'void f(void) {\n  status = FwpsInjectNetworkSendAsync0(h, NULL, 0, \n  if (x) y();\n}\n';
    await client.open(uri, text);
    assert.deepStrictEqual(show(await client.inlayHints(uri, WHOLE)), [
      at(text, 'h, NULL, 0, \n', 'injectionHandle:'),
      at(text, 'NULL, 0, \n', 'injectionContext:'),
      at(text, '0, \n', 'flags:'),
    ]);
    // Not recovered as a call at all: nothing, and no failure.
    for (const broken of [
      'void f(void) {\n  status = FwpsInjectNetworkSendAsync0(h, NULL, 0, \n}\n',
      'void f(void) {\n  FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, , , ;\n  FwpsInjectForwardAsync0(\n',
    ]) {
      await client.change(uri, [{ text: broken }]);
      assert.deepStrictEqual(await client.inlayHints(uri, WHOLE), []);
    }
    assert.ok(!client.logs.some((l) => /inlay hints failed/.test(l)), client.logs.join('\n'));
  });

  it('follows wfp.inlayHints.parameterNames: all, off, injection', async () => {
    const before = client.inlayHintRefreshes;
    await client.changeSettings({ inlayHints: { parameterNames: 'all' } });
    await until(() => client.inlayHintRefreshes > before, 'an inlay hint refresh');
    const all = show(await client.inlayHints(FORWARD_URI, WHOLE));
    // The clone, the free and the handle creation are labelled too.
    for (const [needle, label] of [
      ['(NET_BUFFER_LIST*)layerData, NULL, NULL', 'originalNetBufferList:'],
      ['(NET_BUFFER_LIST*)layerData', 'netBufferList:'],
      ['&clone', 'netBufferList:'],
      ['clone, 0);', 'netBufferList:'],
      ['FWPS_INJECTION_TYPE_FORWARD', 'flags:'],
    ]) {
      assert.ok(all.includes(at(FORWARD, needle, label)), `${label} before ${needle} in\n${all.join('\n')}`);
    }
    assert.ok(
      !all.some((h) => h.startsWith('injectionHandle:')),
      'gInjectionHandle and &gInjectionHandle name themselves',
    );
    assert.ok(
      !all.includes(at(FORWARD, 'netBufferList, 0);', 'netBufferList:')),
      'netBufferList names itself',
    );
    for (const h of FORWARD_HINTS) assert.ok(all.includes(h), h);

    const beforeOff = client.inlayHintRefreshes;
    await client.changeSettings({ inlayHints: { parameterNames: 'off' } });
    await until(() => client.inlayHintRefreshes > beforeOff, 'an inlay hint refresh');
    assert.deepStrictEqual(await client.inlayHints(FORWARD_URI, WHOLE), []);

    const beforeBack = client.inlayHintRefreshes;
    await client.changeSettings({ inlayHints: { parameterNames: 'injection' } });
    await until(() => client.inlayHintRefreshes > beforeBack, 'an inlay hint refresh');
    assert.deepStrictEqual(show(await client.inlayHints(FORWARD_URI, WHOLE)), FORWARD_HINTS);
  });
});
