// The preprocessing layer: real driver declarations parse without errors, #if is read as the
// build reads it, every offset stays the user's, and bad input never hangs or throws.
import * as assert from 'assert';
import * as fs from 'fs';
import { annotationSpec } from '../../server/src/catalog/annotations';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { functionDefinitions, functionName, parameterNames } from '../../server/src/analysis/functions';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { preprocess } from '../../server/src/parse/preprocess';
import { DEFAULT_ENV, makeEnv, type PreprocessEnv } from '../../server/src/parse/preprocessEnv';
import { ProjectEnvironment } from '../../server/src/project/environment';
import { checkFile } from '../../server/src/rules';
import { assertAnnotated } from '../helpers/annotations';
import { fixture } from '../helpers/paths';
import { errorCount } from '../helpers/source';

const parse = (text: string, env: PreprocessEnv = DEFAULT_ENV, uri = 'file:///pre.c') =>
  parseSource(uri, text, undefined, env);

/** The masked text keeps length and every line break where it was. */
function assertSameShape(before: string, after: string): void {
  assert.strictEqual(after.length, before.length);
  for (let i = 0; i < before.length; i++) {
    const a = before.charCodeAt(i);
    if (a === 10 || a === 13) assert.strictEqual(after.charCodeAt(i), a, `line break at ${i}`);
  }
}

function functionsOf(file: SourceFile): { name: string | undefined; params: string[]; errors: boolean }[] {
  return functionDefinitions(file.tree!.rootNode).map((f) => ({
    name: functionName(f),
    params: parameterNames(f),
    errors: f.hasError,
  }));
}

describe('preprocess: annotations and declaration macros', () => {
  it('blanks SAL, driver annotations and conventions with their arguments', async () => {
    const text = [
      '_IRQL_requires_max_(DISPATCH_LEVEL)',
      '_IRQL_requires_same_',
      '_When_(return == 0, __drv_allocatesMem(Mem))',
      'NTKERNELAPI DECLSPEC_NOINLINE VOID NTAPI',
      'Classify(_In_ const FWPS_INCOMING_VALUES* v, _Inout_opt_ void* data, _In_reads_bytes_(len) const UCHAR* buf,',
      '         _In_ ULONG len, _Out_writes_bytes_to_(cap, *got) PUCHAR out, __drv_freesMem(Mem) _Frees_ptr_ PVOID p,',
      '         IN PVOID legacy OPTIONAL, __in_bcount(n) PVOID old, _Outptr_result_maybenull_ NET_BUFFER_LIST** nbl)',
      '{',
      '   CONST ULONG k = 1;',
      '}',
    ].join('\n');
    const file = await parse(text);
    assertSameShape(text, file.parsedText);
    assert.strictEqual(errorCount(file), 0, file.wasmTree!.rootNode.toString());
    assert.deepStrictEqual(functionsOf(file), [
      {
        name: 'Classify',
        params: ['v', 'data', 'buf', 'len', 'out', 'p', 'legacy', 'old', 'nbl'],
        errors: false,
      },
    ]);
    const freed = file.pre!.annotations.find((a) => a.name === '__drv_freesMem');
    assert.deepStrictEqual(freed && { args: freed.args, text: text.slice(freed.start, freed.end) }, {
      args: 'Mem',
      text: '__drv_freesMem(Mem)',
    });
    assert.ok(file.parsedText.includes('   const ULONG k'), 'CONST reads as const');
    // The user's text is untouched; only the parse sees the blanks.
    assert.strictEqual(file.text, text);
  });

  it('keeps ordinary identifiers that only look like annotations', () => {
    for (const name of ['_Inner', '_Internal', 'INLINE_DATA', '_In', 'In_', 'INPUT', '_Outer_'])
      assert.strictEqual(annotationSpec(name), undefined, name);
    for (const name of [
      '_In_',
      '_In_reads_bytes_',
      '_IRQL_raises_',
      '__drv_dispatchType',
      '_Kernel_float_saved_',
      'NTAPI',
      '__RPC__in_opt',
    ]) {
      assert.ok(annotationSpec(name), name);
    }
  });

  it('reads FORCEINLINE as inline and a function-pointer parameter after _In_', async () => {
    const text = 'FORCEINLINE VOID Call(_In_ VOID (NTAPI *fn)(_In_ PVOID), _In_ PVOID ctx) { fn(ctx); }';
    const file = await parse(text);
    assert.strictEqual(errorCount(file), 0, file.wasmTree!.rootNode.toString());
    assert.ok(file.parsedText.startsWith('inline      VOID Call('));
  });

  it('learns annotation macros a file defines, and macros named in the settings', async () => {
    const text =
      '#define MY_API NTAPI\n#define MY_IRQL(x) _IRQL_requires_(x)\nMY_IRQL(PASSIVE_LEVEL) VOID MY_API Fn(VENDOR_IN PVOID p) { }\n';
    assert.strictEqual(
      functionsOf(await parse(text))[0]?.errors ?? true,
      true,
      'VENDOR_IN is unknown without the setting',
    );
    const project = new ProjectEnvironment();
    project.setUser({ defines: [], macros: ['VENDOR_IN'] });
    const file = await parse(text, project.envFor(undefined));
    assert.strictEqual(errorCount(file), 0, file.wasmTree!.rootNode.toString());
  });

  it("learns a header's macros for the files that include it", async () => {
    const project = new ProjectEnvironment();
    const header = fs.readFileSync(fixture('preprocess', 'driver_macros.h'), 'utf8');
    assert.ok(project.learn('driver_macros.h', header), 'annotation macros learned');
    assert.ok(
      !project.learn('driver_macros.h', header + '\n#define NOT_AN_ANNOTATION (1 + 2)\n'),
      'a value macro changes nothing',
    );
    const env = project.envFor(undefined);
    assert.deepStrictEqual(
      [
        'WFPDRV_CALLBACK',
        'WFPDRV_INLINE',
        'WFPDRV_CLASSIFY_ANNOTATIONS',
        'WFPDRV_IN_PACKET',
        'WFPDRV_TRACE',
      ].map((n) => env.macros.get(n)?.args),
      ['never', 'never', 'never', 'always', 'always'],
    );
    assert.strictEqual(env.macros.get('WFPDRV_INLINE')?.keyword, 'inline');
    assert.strictEqual(env.macros.has('NOT_AN_ANNOTATION'), false);
  });

  it('reads a macro that stands for static or extern as that keyword, from either branch', async () => {
    const header = [
      '#if defined(VENDOR_AMALGAMATION)',
      '#  define VENDOR_API static',
      '#else',
      '#  define VENDOR_API extern',
      '#endif',
      '#define LOCAL static',
      '',
    ].join('\n');
    const source =
      'VENDOR_API int Compare(int a, int b)\n{\n   return a - b;\n}\nLOCAL void Helper(void) { }\n';
    assert.strictEqual(errorCount(await parse(source)), 2, 'unknown macros before a declaration');
    const project = new ProjectEnvironment();
    assert.ok(project.learn('vendor.h', header));
    const file = await parse(source, project.envFor(undefined));
    assert.strictEqual(errorCount(file), 0, file.wasmTree!.rootNode.toString());
    assert.deepStrictEqual(
      functionsOf(file).map((f) => f.name),
      ['Compare', 'Helper'],
    );
    assert.match(file.parsedText, /^(static|extern) +int Compare/m, 'written as the keyword where it fits');
    assert.match(file.parsedText, /^ {6}void Helper/m, 'blanked where it does not');
    const inFile = await parse(header + source);
    assert.deepStrictEqual(
      functionsOf(inFile).map((f) => [f.name, f.errors]),
      [
        ['Compare', true],
        ['Helper', false],
      ],
      'in the file itself, only a define every build sees applies',
    );
  });

  it('reads CONTAINING_RECORD and FIELD_OFFSET with a struct type argument', async () => {
    const text =
      'void F(LIST_ENTRY* e) { struct packet_s* p = CONTAINING_RECORD(e, struct packet_s, entry); ULONG o = FIELD_OFFSET(union u_s, a[2]); }';
    const file = await parse(text);
    assert.strictEqual(errorCount(file), 0, file.wasmTree!.rootNode.toString());
    assert.ok(file.parsedText.includes('CONTAINING_RECORD(e,        packet_s, entry)'));
    assert.ok(file.parsedText.includes('struct packet_s* p'), 'a declaration keeps its struct');
  });

  it('reads a macro argument that is a keyword type (HLPR_NEW(p, double, TAG), va_arg) as a name', async () => {
    const text = [
      'void F(va_list args, double** d, UCHAR** b, size_t n) {',
      '  int i = va_arg(args, int);',
      '  HLPR_NEW(*d, double, WFPSAMPLER_TAG);',
      '  HLPR_NEW_ARRAY(*b, unsigned char *, n, WFPSAMPLER_TAG);',
      '  HLPR_NEW_ARRAY(*b, size_t, n, WFPSAMPLER_TAG);',
      '  G(i);',
      '}',
    ].join('\n');
    for (const uri of ['file:///pre.c', 'file:///pre.cpp']) {
      const file = await parse(text, DEFAULT_ENV, uri);
      assert.strictEqual(errorCount(file), 0, `${uri}: ${file.wasmTree!.rootNode.toString()}`);
      assertSameShape(text, file.parsedText);
      assert.ok(file.parsedText.includes('HLPR_NEW(*d, Double, WFPSAMPLER_TAG)'));
      assert.ok(file.parsedText.includes('HLPR_NEW_ARRAY(*b, Unsigned_char__, n,'));
      assert.deepStrictEqual(
        functionsOf(file).map((f) => [f.name, f.errors]),
        [['F', false]],
      );
    }
  });

  it('leaves keyword types alone in sizeof, casts, parameter lists and calls of functions', async () => {
    const text = [
      'int G(int, char*);',
      'VOID INIT(void);',
      'VOID F(void) { SIZE_T s = sizeof(int); LONG l = (long)s; g(int); TRACE((char*)p); }',
    ].join('\n');
    const file = await parse(text, DEFAULT_ENV, 'file:///pre.cpp');
    assert.strictEqual(file.parsedText, text);
  });

  it('does not apply a macro learned from one branch of an undecided #if to the other', async () => {
    const text = [
      '#ifdef DEBUG_TRACING',
      'static void TRACE_BOUNDS(PVOID start, PVOID end) { if (end < start) DbgPrint("bad"); }',
      '#else',
      '#define TRACE_BOUNDS(start, end)',
      '#endif',
      'void Use(PVOID a, PVOID b) { TRACE_BOUNDS(a, b); }',
    ].join('\n');
    const project = new ProjectEnvironment();
    project.learn('trace.h', text);
    const file = await parse(text, project.envFor(undefined));
    assert.deepStrictEqual(
      functionsOf(file).map((f) => [f.name, f.errors]),
      [
        ['TRACE_BOUNDS', false],
        ['Use', false],
      ],
    );
  });

  it('puts an empty statement after a label that MSVC accepts before } or #pragma', async () => {
    const text =
      'void F(int x)\n{\n   if (x) goto cleanup;\n   x++;\n   cleanup:\n#pragma warning(suppress: 4100)\n   x--;\n   done:\n   }\n';
    const file = await parse(text);
    assert.strictEqual(errorCount(file), 0, file.wasmTree!.rootNode.toString());
    assertSameShape(text, file.parsedText);
  });

  it('reads on through a #pragma inside a declaration or statement, and keeps those between them', async () => {
    const text = [
      '#pragma warning(push)',
      'inline VOID',
      '#pragma warning(suppress: 28194)',
      'AssumeAliased(_In_ __drv_aliasesMem PVOID p)',
      '{',
      '#pragma warning(suppress: 4100)',
      '    UNREFERENCED_PARAMETER(p);',
      '    Call(p,',
      '#pragma warning(suppress: 6387)',
      '         NULL);',
      '}',
      '#pragma warning(pop)',
      '',
    ].join('\n');
    const file = await parse(text);
    assert.strictEqual(errorCount(file), 0, file.wasmTree!.rootNode.toString());
    assert.deepStrictEqual(functionsOf(file), [{ name: 'AssumeAliased', params: ['p'], errors: false }]);
    assertSameShape(text, file.parsedText);
    const lines = file.parsedText.split('\n');
    for (const kept of [0, 5, 11])
      assert.strictEqual(lines[kept], text.split('\n')[kept], `line ${kept + 1}`);
    for (const blanked of [2, 8]) assert.strictEqual(lines[blanked].trim(), '', `line ${blanked + 1}`);
  });
});

describe('preprocess: #if', () => {
  const split = [
    '#if (NTDDI_VERSION >= NTDDI_WIN7)',
    'void NTAPI Classify(const FWPS_INCOMING_VALUES0* v, const void* ctx, const FWPS_FILTER1* f, FWPS_CLASSIFY_OUT0* out)',
    '#else',
    'void NTAPI Classify(const FWPS_INCOMING_VALUES0* v, const FWPS_FILTER0* f, FWPS_CLASSIFY_OUT0* out)',
    '#endif',
    '{',
    '}',
  ].join('\n');

  it("reads a header split by the target version as one function, the target's branch", async () => {
    const win10 = await parse(split);
    assert.deepStrictEqual(functionsOf(win10), [
      { name: 'Classify', params: ['v', 'ctx', 'f', 'out'], errors: false },
    ]);
    const vista = await parse(split, makeEnv('vista'));
    assert.deepStrictEqual(functionsOf(vista), [
      { name: 'Classify', params: ['v', 'f', 'out'], errors: false },
    ]);
    assertSameShape(split, vista.parsedText);
    assert.strictEqual(win10.pre!.inactive.length > 0, true);
  });

  it("evaluates #ifdef, #elif, defined(), #if 0, __cplusplus and the file's own defines", async () => {
    const text = [
      '#define USE_CLONE 1',
      '#undef NOT_THERE',
      '#if 0',
      'int never;',
      '#elif defined(USE_CLONE) && !defined(NOT_THERE) && _WIN32_WINNT >= _WIN32_WINNT_WIN8',
      'int taken;',
      '#else',
      'int other;',
      '#endif',
      '#ifdef __cplusplus',
      'extern "C" {',
      '#endif',
      '#if DBG',
      'int debugOnly;',
      '#endif',
      'int always;',
    ].join('\n');
    const c = await parse(text);
    const declared = (f: SourceFile) =>
      f.tree!.rootNode.descendantsOfType('declaration').map((n) => n!.childForFieldName('declarator')!.text);
    assert.deepStrictEqual(declared(c), ['taken', 'always']);
    assert.strictEqual(errorCount(c), 0);
    const win7 = await parse(text, makeEnv('win7'));
    assert.deepStrictEqual(declared(win7), ['other', 'always']);
    const debug = await parse(text, makeEnv('win10', new Map([['DBG', '1']])));
    assert.deepStrictEqual(declared(debug), ['taken', 'debugOnly', 'always']);
  });

  it('leaves undecidable balanced branches to the parser and keeps the first branch of a split construct', () => {
    const text = [
      'void F(int a)',
      '{',
      '#ifdef VENDOR_A',
      '   a++;',
      '#else',
      '   a--;',
      '#endif',
      '   G(a,',
      '#ifdef VENDOR_B',
      '     1);',
      '#else',
      '     2);',
      '#endif',
      '}',
    ].join('\n');
    const pre = preprocess(text, 'c', DEFAULT_ENV);
    assert.ok(pre.text.includes('#ifdef VENDOR_A') && pre.text.includes('a--;'), 'balanced: left as it is');
    assert.ok(
      !pre.text.includes('VENDOR_B') && pre.text.includes('1);') && !pre.text.includes('2);'),
      'inside an argument list: first branch',
    );
    assert.deepStrictEqual(
      { kept: pre.stats.undecidedKept, chosen: pre.stats.undecidedChosen },
      { kept: 1, chosen: 1 },
    );
  });

  it('blanks the directives of a group with one possible branch, balanced or half-typed', async () => {
    const body = ['void F(int a)', '{', '   G(a);', '}'];
    const text = ['#if (VENDOR_SUPPORT == 1)', ...body, '#endif', ''].join('\n');
    const pre = preprocess(text, 'c', DEFAULT_ENV);
    assertSameShape(text, pre.text);
    assert.ok(!pre.text.includes('#if') && !pre.text.includes('#endif'), 'directive lines blanked');
    assert.ok(pre.text.includes(body.join('\n')), 'the branch kept as it is');
    assert.strictEqual(errorCount(await parse(text)), 0);
    // A half-typed line inside must not change anything outside it: the file-wide group would
    // otherwise be reparsed whole on every such keystroke.
    const at = text.indexOf('   G(a);');
    const typed = text.slice(0, at) + '{' + text.slice(at);
    const after = preprocess(typed, 'c', DEFAULT_ENV).text;
    assert.strictEqual(after, pre.text.slice(0, at) + '{' + pre.text.slice(at));
    // Nor how it is counted: kept, whatever its shape.
    assert.deepStrictEqual(preprocess(typed, 'c', DEFAULT_ENV).stats, pre.stats);
    assert.strictEqual(pre.stats.undecidedKept, 1);
  });

  it('reads the groups after a function the same when a stray parenthesis is typed in it', () => {
    const text = [
      'void F(int a)',
      '{',
      '   G(a);',
      '}',
      'void H(int b)',
      '{',
      '#ifdef VENDOR_A',
      '   b++;',
      '#else',
      '   b--;',
      '#endif',
      '}',
      '',
    ].join('\n');
    const pre = preprocess(text, 'c', DEFAULT_ENV).text;
    assert.ok(
      pre.includes('#ifdef VENDOR_A') && pre.includes('b--;'),
      'balanced branches left to the parser',
    );
    const at = text.indexOf('   G(a);');
    for (const stray of ['(', ')']) {
      const typed = preprocess(text.slice(0, at) + stray + text.slice(at), 'c', DEFAULT_ENV).text;
      assert.strictEqual(typed, pre.slice(0, at) + stray + pre.slice(at), `typed ${stray}`);
    }
  });

  it('keeps the first branch of a header split before its body, braces and all', async () => {
    const text = [
      'int Foo(int a',
      '#ifdef VENDOR_A',
      '   , int b)',
      '{',
      '   return b;',
      '}',
      '#else',
      '   )',
      '{',
      '   return a;',
      '}',
      '#endif',
      '',
    ].join('\n');
    const file = await parse(text);
    assert.strictEqual(errorCount(file), 0);
    assert.deepStrictEqual(functionsOf(file), [{ name: 'Foo', params: ['a', 'b'], errors: false }]);
  });

  it('keeps the first branch of a group that opens inside an expression', async () => {
    const text = [
      'NTSTATUS F(PVOID r, BOOLEAN active)',
      '{',
      '   const NTSTATUS status =',
      '#if defined(VENDOR_COMPAT)',
      '      RegisterOld(r, !active);',
      '#else',
      '      RegisterNew(r, !active);',
      '#endif',
      '   return status;',
      '}',
      '',
    ].join('\n');
    const file = await parse(text);
    assert.strictEqual(errorCount(file), 0, file.wasmTree!.rootNode.toString());
    assert.ok(file.parsedText.includes('RegisterOld') && !file.parsedText.includes('RegisterNew'));
  });

  it("keeps hover on catalog names in an inactive branch (the user's text is unchanged there)", async () => {
    const text =
      '#if 0\nvoid F(void) { FwpsInjectNetworkSendAsync0(h, NULL, 0, 0, nbl, Done, NULL); }\n#endif\n';
    const file = await parse(text);
    const { hoverAt } = await import('../../server/src/features/hover');
    const hover = hoverAt(file, text.indexOf('InjectNetwork'), 'win10');
    assert.ok(hover && JSON.stringify(hover).includes('FwpsInjectNetworkSendAsync0'));
    assert.deepStrictEqual(checkFile(file, 'win10'), [], 'no diagnostics in code no build sees');
  });
});

describe('preprocess: fixtures written the way drivers are', () => {
  for (const names of [
    ['sal_split_classify.c'],
    ['driver_macros.h', 'driver_macros.c'],
    ['undecided.c'],
    ['type_arguments.cpp'],
  ]) {
    it(`finds exactly what ${names[names.length - 1]} expects`, async () => {
      const project = new ProjectEnvironment();
      const texts = names.map((n) => fs.readFileSync(fixture('preprocess', n), 'utf8'));
      names.forEach((n, i) => project.learn(n, texts[i]));
      const index = new WorkspaceIndex();
      const files: SourceFile[] = [];
      for (let i = 0; i < names.length; i++) {
        const file = await parseSource(
          `file:///fixtures/preprocess/${names[i]}`,
          texts[i],
          undefined,
          project.envFor(undefined),
        );
        assert.strictEqual(errorCount(file), 0, `${names[i]} parses without errors`);
        index.update(file, 'win10');
        files.push(file);
      }
      index.complete = true;
      const last = files[files.length - 1];
      assertAnnotated({ file: last, findings: checkFile(last, 'win10', index) });
      files.forEach((f) => f.dispose());
    });
  }
});

describe('preprocess: bad input', function () {
  this.timeout(20000);

  it('survives unbalanced directives and annotations, keeping the text where it cannot tell', () => {
    for (const text of [
      '#endif\n#else\nint x;\n',
      '#if 1\nint x;\n',
      '#if (\nint x;\n#endif\n',
      'VOID F(_In_reads_(n PVOID p);\n',
      '#elif 1\n#endif\n#endif\n',
    ]) {
      const pre = preprocess(text, 'c', DEFAULT_ENV);
      assertSameShape(text, pre.text);
    }
    const unclosed = preprocess('#if 0\nint x;\n', 'c', DEFAULT_ENV);
    assert.ok(unclosed.text.includes('int x;'), 'an #if without #endif is left as it is');
    assert.strictEqual(unclosed.stats.unbalanced, 1);
  });

  it('handles 1,000-deep nesting and megabytes of macros in well under the 2 s budget', () => {
    const deep = '#if 1\n'.repeat(1000) + 'int x;\n' + '#endif\n'.repeat(1000);
    const pre = preprocess(deep, 'c', DEFAULT_ENV);
    assert.strictEqual(pre.text.trim(), 'int x;');
    const macros =
      '#define A_MACRO(x) _In_reads_(x) NTAPI\n'.repeat(60000) +
      'A_MACRO(1) VOID F(_In_ int y);\n'.repeat(40000);
    assert.ok(macros.length > 3_500_000);
    const started = performance.now();
    const big = preprocess(macros, 'c', DEFAULT_ENV);
    const elapsed = performance.now() - started;
    assertSameShape(macros, big.text);
    assert.ok(elapsed < 2000, `${Math.round(elapsed)} ms`);
  });
});
