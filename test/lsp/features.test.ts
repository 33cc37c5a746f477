// Hover, signature help and completion over real JSON-RPC against dist/server.js.
import * as assert from 'assert';
import * as fs from 'fs';
import { LspClient, positionOf } from '../helpers/lspClient';
import { cursor } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

const FORWARD = fs.readFileSync(fixture('driver', 'forward_classify.c'), 'utf8');
const FORWARD_URI = 'file:///fixtures/forward_classify.c';
const CPP = fs.readFileSync(fixture('driver', 'transport_send.cpp'), 'utf8');
const CPP_URI = 'file:///fixtures/transport_send.cpp';

function hoverText(h: { contents: unknown } | null): string {
  if (!h) return '';
  const c = h.contents as { value?: string } | string;
  return typeof c === 'string' ? c : (c.value ?? '');
}

describe('LSP: hover, signature help, completion', function () {
  let client: LspClient;

  before(async () => {
    client = await LspClient.start();
    await client.open(FORWARD_URI, FORWARD);
    await client.open(CPP_URI, CPP);
  });
  after(() => client.stop());

  it('advertises the features with ( and , as signature triggers', () => {
    assert.ok(client.capabilities.hoverProvider);
    assert.deepStrictEqual(client.capabilities.signatureHelpProvider?.triggerCharacters, ['(', ',']);
  });

  it('hovers an injection call with prototype, failure ownership and doc link', async () => {
    const h = await client.hover(FORWARD_URI, positionOf(FORWARD, 'FwpsInjectForwardAsync0(', 5));
    const text = hoverText(h);
    assert.match(text, /NTSTATUS FwpsInjectForwardAsync0\(/);
    assert.match(text, /completionFn/);
    assert.match(text, /FwpsFreeCloneNetBufferList0/);
    assert.match(text, /FWPS_LAYER_IPFORWARD_V4/);
    assert.match(
      text,
      /https:\/\/learn\.microsoft\.com\/windows-hardware\/drivers\/ddi\/fwpsk\/nf-fwpsk-fwpsinjectforwardasync0/,
    );
  });

  it('hovers a version-independent name as the versioned function for the target', async () => {
    const text = hoverText(await client.hover(CPP_URI, positionOf(CPP, 'FwpsInjectTransportSendAsync(', 3)));
    assert.match(text, /FwpsInjectTransportSendAsync1/);
    assert.match(text, /version-independent/);
  });

  it('hovers an argument with its parameter documentation', async () => {
    const text = hoverText(await client.hover(FORWARD_URI, positionOf(FORWARD, 'ForwardInjectComplete,', 3)));
    assert.match(text, /completionFn/);
    assert.match(text, /Parameter 8 of 9/);
  });

  it('hovers layer and injection-type constants', async () => {
    assert.match(
      hoverText(await client.hover(FORWARD_URI, positionOf(FORWARD, 'FWPS_INJECTION_TYPE_FORWARD', 4))),
      /FwpsInjectForwardAsync0/,
    );
    assert.match(
      hoverText(await client.hover(FORWARD_URI, positionOf(FORWARD, 'FWPS_PACKET_INJECTED_BY_SELF', 4))),
      /FWPS_PACKET_INJECTED_BY_SELF/,
    );
  });

  it('says nothing about code that is not Fwps', async () => {
    assert.strictEqual(
      await client.hover(FORWARD_URI, positionOf(FORWARD, 'UNREFERENCED_PARAMETER', 3)),
      null,
    );
    assert.strictEqual(
      await client.hover(FORWARD_URI, positionOf(FORWARD, 'classifyOut->actionType', 3)),
      null,
    );
  });

  it('gives signature help with the active parameter across lines', async () => {
    const sh = await client.signatureHelp(
      FORWARD_URI,
      positionOf(FORWARD, 'clone,\n        ForwardInjectComplete', 2),
    );
    assert.ok(sh);
    assert.strictEqual(sh.signatures[0].label.startsWith('NTSTATUS FwpsInjectForwardAsync0('), true);
    assert.strictEqual(sh.activeParameter, 6);
    assert.strictEqual(sh.signatures[0].parameters?.length, 9);
  });

  it('gives signature help in a half-typed call', async () => {
    const uri = 'file:///fixtures/half.c';
    const { text, position } = cursor(
      'void f(void) {\n  status = FwpsInjectNetworkSendAsync0(h, NULL, (UINT32)MAKE(a, b), $0',
    );
    await client.open(uri, text);
    const sh = await client.signatureHelp(uri, position);
    assert.ok(sh);
    assert.strictEqual(sh.activeParameter, 3);
    const [start, end] = sh.signatures[0].parameters![3].label as [number, number];
    assert.strictEqual(sh.signatures[0].label.slice(start, end), 'COMPARTMENT_ID compartmentId');
  });

  it('completes catalog functions with an argument snippet', async () => {
    const uri = 'file:///fixtures/complete.c';
    const { text, position } = cursor('void f(void) {\n  status = FwpsInjectFor$0\n}\n');
    await client.open(uri, text);
    const list = await client.completion(uri, position);
    const item = list?.items.find((i) => i.label === 'FwpsInjectForwardAsync0');
    assert.ok(item, 'FwpsInjectForwardAsync0 offered');
    assert.match(
      String(item.insertText),
      /^FwpsInjectForwardAsync0\(\$\{1:injectionHandle\}, \$\{2:NULL\}, \$\{3:0\}/,
    );
    assert.ok(
      !list?.items.some((i) => i.label === 'FwpsInjectForwardAsync'),
      'one entry per function: the file uses no version-independent names',
    );
  });

  it('completes by the version-independent name in a file that writes those', async () => {
    const uri = 'file:///fixtures/complete-vi.c';
    const { text, position } = cursor(
      'void f(void) {\n  FwpsFreeCloneNetBufferList(c, 0);\n  status = FwpsInjectFor$0\n}\n',
    );
    await client.open(uri, text);
    const list = await client.completion(uri, position);
    assert.deepStrictEqual(
      list?.items.filter((i) => i.label.startsWith('FwpsInjectFor')).map((i) => i.label),
      ['FwpsInjectForwardAsync'],
    );
  });

  it('offers AF_INET/AF_INET6 inside addressFamily and 0 inside reserved flags', async () => {
    const uri = 'file:///fixtures/values.c';
    const family = cursor('void f(void) {\n  FwpsInjectForwardAsync0(h, NULL, 0, $0\n}\n');
    const reserved = cursor('void f(void) {\n  FwpsInjectForwardAsync0(h, NULL, $00, \n}\n');
    await client.open(uri, family.text);
    const list = await client.completion(uri, family.position);
    assert.deepStrictEqual(list?.items.map((i) => i.label).slice(0, 2), ['AF_INET', 'AF_INET6']);
    const flags = await client.completion(uri, reserved.position);
    assert.deepStrictEqual(
      flags?.items.map((i) => i.label),
      ['0'],
    );
  });

  it('offers nothing outside Fwps contexts', async () => {
    const uri = 'file:///fixtures/other.c';
    const { text, position } = cursor('void f(void) {\n  RtlCopyM$0\n}\n');
    await client.open(uri, text);
    assert.strictEqual(await client.completion(uri, position), null);
  });
});
