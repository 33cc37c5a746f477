// Call-site extraction from tree-sitter trees, including code tree-sitter half understands.
import * as assert from 'assert';
import { parseSource } from '../../server/src/parse/document';
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

  it('parses a header as C++ when C reads it with errors and C++ does not, unless the editor named its language', async () => {
    // Default arguments, as WFPSampler's headers declare their helpers.
    const cppHeader =
      'NTSTATUS HlprInjectionHandleCreate(_Inout_ HANDLE* handle, _In_ UINT32 type = 0);\n' +
      'inline NTSTATUS Send(HANDLE h, NET_BUFFER_LIST* nbl) { return FwpsInjectNetworkSendAsync0(h, 0, 0, 1, nbl, Done, 0); }\n';
    const header = await parseSource('file:///w/helpers.h', cppHeader);
    assert.strictEqual(header.language, 'cpp');
    assert.strictEqual(header.tree!.rootNode.hasError, false);
    assert.strictEqual(findCatalogCalls(header).length, 1);
    // A C header that parses stays C, and so does one that neither grammar reads without errors.
    assert.strictEqual(
      (await parseSource('file:///w/c.h', 'int new = 1; int f(int class);\n')).language,
      'c',
    );
    assert.strictEqual((await parseSource('file:///w/bad.h', 'int new = (;\n')).language, 'c');
    // An editor that says C gets C.
    assert.strictEqual((await parseSource('file:///w/helpers.h', cppHeader, 'c')).language, 'c');
  });
});
