// Call-site extraction from tree-sitter trees, including code tree-sitter half understands.
import * as assert from 'assert';
import { findCatalogCalls } from '../../server/src/analysis/calls';
import { parseC } from '../helpers/source';

describe('call-site extraction', () => {
  it('finds versioned and version-independent names in every expression position', async () => {
    const file = await parseC(`
      NTSTATUS f(void) {
        NTSTATUS s = ok ? FwpsInjectForwardAsync0(a, b, c, d, e, f, g, h, i) : STATUS_UNSUCCESSFUL;
        for (i = 0; i < n; i++) FwpsInjectNetworkSendAsync(h, NULL, 0, c, nbls[i], Done, NULL);
        NT_VERIFY(NT_SUCCESS(FwpsInjectTransportReceiveAsync0(a, b, c, d, e, f, g, h, i, j, k)));
        return FwpsStreamInjectAsync0(a, b, c, d, e, f, g, h, i, j, k);
      }`);
    const calls = findCatalogCalls(file, 'win10');
    assert.deepStrictEqual(
      calls.map((c) => `${c.written}->${c.fn.name}:${c.args.length}`),
      [
        'FwpsInjectForwardAsync0->FwpsInjectForwardAsync0:9',
        'FwpsInjectNetworkSendAsync->FwpsInjectNetworkSendAsync0:7',
        'FwpsInjectTransportReceiveAsync0->FwpsInjectTransportReceiveAsync0:11',
        'FwpsStreamInjectAsync0->FwpsStreamInjectAsync0:11',
      ],
    );
    assert.ok(calls.every((c) => c.enclosingFunction?.type === 'function_definition'));
  });

  it('still finds calls in functions with SAL annotations and unknown macros', async () => {
    const file = await parseC(`
      _Use_decl_annotations_
      VOID NTAPI Classify(_In_ const FWPS_INCOMING_VALUES0* v, _Inout_ FWPS_CLASSIFY_OUT0* out)
      {
        DBG_ONLY(KdPrint(("x")));
        status = FwpsInjectNetworkReceiveAsync0(h, NULL, 0, c, i, s, nbl, Done, NULL);
      }`);
    assert.deepStrictEqual(
      findCatalogCalls(file).map((c) => c.fn.name),
      ['FwpsInjectNetworkReceiveAsync0'],
    );
  });

  it('ignores look-alike names and comments', async () => {
    const file = await parseC(
      'void f(void) { MyFwpsInjectForwardAsync0(1); FwpsInjectSomething(2); /* FwpsInjectForwardAsync0(x) */ }',
    );
    assert.deepStrictEqual(findCatalogCalls(file), []);
  });

  it('parses C++ files with the C++ grammar', async () => {
    const file = await parseC(
      'namespace n { auto f() { return FwpsInjectForwardAsync0(a, b, c, d, e, f, g, h, i); } }',
      'file:///x.cpp',
    );
    assert.strictEqual(file.language, 'cpp');
    assert.strictEqual(findCatalogCalls(file).length, 1);
  });
});
