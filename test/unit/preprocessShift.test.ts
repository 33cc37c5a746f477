// A keystroke that only retypes identifiers shifts the previous preprocessing instead of running it
// again: the shifted result must be exactly what a fresh pass gives, on every edit it accepts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { preprocess, type Preprocessed } from '../../server/src/parse/preprocess';
import { makeEnv } from '../../server/src/parse/preprocessEnv';
import { shiftedPreprocess } from '../../server/src/parse/preprocessShift';

/** Everything the preprocessor acts on, around plain code a keystroke may change. */
const SAMPLE = `#define MY_API NTAPI
#define LOCAL_INLINE __forceinline
#if (NTDDI_VERSION >= NTDDI_WIN8)
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS MY_API SendClone(_In_ HANDLE injectionHandle, _Inout_ NET_BUFFER_LIST* netBufferList)
#else
NTSTATUS SendClone(HANDLE injectionHandle, NET_BUFFER_LIST* netBufferList)
#endif
{
    NTSTATUS status = STATUS_SUCCESS;
    CONTEXT_DATA* data = CONTAINING_RECORD(netBufferList, struct _CONTEXT_DATA, listEntry);
    const char* raw = R"(text)";
    status = FwpsInjectNetworkSendAsync0(injectionHandle, NULL, 0, UNSPECIFIED_COMPARTMENT_ID,
        netBufferList, CompleteClone, data);
    if (!NT_SUCCESS(status))
    {
        goto cleanup;
    }
    switch (status) { default: break; }
    if (data == NULL) RETURN_NTSTATUS(STATUS_INVALID_PARAMETER);
    _Analysis_assume_(data != NULL);
    const char* quoted = "\\"/*";
    const char* slash = "\\\\"; _In_ int unused;
    _Analysis_assume_(quoted != NULL);
    /* end */
#ifdef NEVER_DEFINED_ANYWHERE
    unusedCall(data);
#endif // NEVER_DEFINED_ANYWHERE
#if 0
    deadCall(data);
#endif
cleanup:
}
LOCAL_INLINE static int helper(int value) { return value + 1; }
static VOID Later(int a)
{
    a = Compute(a);
#if (NTDDI_VERSION >= NTDDI_WIN8)
    { a++; }
#endif
#ifdef UNKNOWN_A
    callA(a);
#else
    callB(a);
#endif
}
static VOID Branches(int a)
{
#if (NTDDI_VERSION >= NTDDI_WIN8)
    a = Convert(a);
#else
    { a--; }
#endif
#ifdef UNKNOWN_B
    callA(a);
#else
    callB(a);
#endif
}
VOID Keep(__drv_aliasesMem
    PVOID p);
static VOID Variants(NTSTATUS status)
{
    NTSTATUS copy = status;
#ifdef UNKNOWN_FEATURE
    status = helper((int)status);
#else
    status = helper(0);
#endif
    status = Combine(status
#if defined(UNKNOWN_EXTRA)
        , 1
#endif
        );
}
#ifdef UNKNOWN_HELPER
static int extra(int v) { return v * 2; }
#else
static int extra(int v) { return v; }
#endif
`;

/** Debug-only code as drivers write it: branches no build sees without DBG, beside code that reads them. */
const DEBUG_BLOCKS = `VOID NTAPI Done(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN dispatch)
{
    NTSTATUS status = nbl->Status;
#if DBG
    DbgPrint("sent %p\\n", nbl);
    if (!NT_SUCCESS(status)) {
        DbgPrint("dropped /* %p */ %x\\n", nbl, status); // was: */
    }
    KdBreakPoint();
#endif /// DBG
    nbl->Status = status;
    RETURN_NTSTATUS(status);
#if DBG
    status = 0;
#endif
cleanup:
}
VOID Trace(NET_BUFFER_LIST* nbl)
{
#ifdef DEBUG_TRACE
    TraceNbl(nbl);
#else
    (;
#endif
    RETURN_NTSTATUS(status);
#if DBG
    x = ( y
#endif
#ifdef UNKNOWN_A
    callA(nbl);
#else
    callB(nbl);
#endif
    FwpsFreeCloneNetBufferList0(nbl, 0);
}
`;

/** What typing leaves in a branch no build sees, the characters that start comments, literals and directives among them. */
const UNSEEN_TYPED = [
  'x',
  'a1',
  ' ',
  '(',
  ')',
  ';',
  '{',
  '}',
  ',',
  '\n',
  '\r\n',
  '\n    ',
  '/',
  '*',
  '"',
  "'",
  '#',
  '\\',
  '.',
  ':',
  '_In_',
  'R"',
];

/** A position in `span` off its directive lines (-1 when none is found): where such a branch's code is typed. */
function bodyPosition(text: string, span: { start: number; end: number }, next: () => number): number {
  for (let tries = 0; tries < 10; tries++) {
    const at = span.start + Math.floor(next() * (span.end - span.start));
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    if (!/^[ \t]*#/.test(text.slice(lineStart, at + 1))) return at;
  }
  return -1;
}

/** Words a keystroke may leave behind, the preprocessor's own among them. */
const WORDS = [
  'x',
  'status',
  'value2',
  'else',
  'default',
  'R',
  '_In_',
  'NTAPI',
  'MY_API',
  'LEARNED_API',
  'CONTAINING_RECORD',
  '9lives',
  'struct',
  'RETURN_NTSTATUS',
];
const env = makeEnv(
  'win10',
  new Map(),
  new Map([['LEARNED_API', { kind: 'declaration', args: 'never' }]]),
  new Set(),
  new Set(),
  new Set(['RETURN_NTSTATUS']),
);

function fixtureTexts(): string[] {
  const texts = [SAMPLE];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(c|cpp|h)$/.test(entry.name)) texts.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk(path.join(__dirname, '../../../test/fixtures'));
  return texts;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** One keystroke-like edit of `text`: typing or deleting in an identifier, or retyping a word. */
function edit(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  const kind = next();
  if (kind < 0.35) {
    const typed = 'abcXYZ_019 '[Math.floor(next() * 11)];
    return text.slice(0, at) + typed + text.slice(at);
  }
  if (kind < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 2));
  if (kind < 0.95) {
    const word = /[A-Za-z_]\w*/g;
    word.lastIndex = at;
    const m = word.exec(text);
    if (!m) return text;
    const replacement = WORDS[Math.floor(next() * WORDS.length)];
    return text.slice(0, m.index) + replacement + text.slice(m.index + m[0].length);
  }
  return text.slice(0, at) + '(;:#"{'[Math.floor(next() * 6)] + text.slice(at);
}

/** Punctuation typed or deleted, the syntax errors of half-typed code among them. */
const PUNCTUATION = '()[];,=+-&|!<>?:{}*/#"\'\\.';

function punctuationEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  if (next() < 0.6) {
    // Mostly what typing a call leaves: an open or a close parenthesis, a comma, a semicolon.
    const typed =
      next() < 0.7 ? '(),;'[Math.floor(next() * 4)] : PUNCTUATION[Math.floor(next() * PUNCTUATION.length)];
    return text.slice(0, at) + typed + text.slice(at);
  }
  const mark = /[^\sA-Za-z0-9_]/g;
  mark.lastIndex = at;
  const m = mark.exec(text);
  return m ? text.slice(0, m.index) + text.slice(m.index + 1) : text;
}

/** Enter with its indentation, or a line joined to the one before (as Backspace at its start). */
function lineEdit(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  if (next() < 0.6) {
    const crlf = text.includes('\r\n');
    return text.slice(0, at) + (crlf ? '\r\n' : '\n') + ' '.repeat(Math.floor(next() * 9)) + text.slice(at);
  }
  const nl = text.indexOf('\n', at);
  if (nl < 0) return text;
  let end = nl + 1;
  while (text[end] === ' ' || text[end] === '\t') end++;
  const start = text[nl - 1] === '\r' ? nl - 1 : nl;
  return text.slice(0, start) + (next() < 0.5 ? ' ' : '') + text.slice(end);
}

/** Edits each fixture `count` times in a row; every shifted result must equal a fresh pass. */
function replay(
  editOf: (text: string, next: () => number) => string,
  count: number,
  seed: number,
): { accepted: number; tried: number } {
  let accepted = 0;
  let tried = 0;
  const texts = fixtureTexts();
  texts.forEach((original, n) => {
    const next = random(n + seed);
    let text = original;
    let pre: Preprocessed = preprocess(text, 'cpp', env);
    for (let i = 0; i < count; i++) {
      const changed = editOf(text, next);
      const fresh = preprocess(changed, 'cpp', env);
      const shifted = shiftedPreprocess(text, pre, changed, env);
      tried++;
      if (shifted) {
        accepted++;
        assert.deepStrictEqual(shifted, fresh, `fixture ${n}, edit ${i}`);
      }
      text = changed;
      pre = shifted ?? fresh;
    }
  });
  return { accepted, tried };
}

/** Whether `original` with `from` replaced by `to` is shifted; a shifted result must equal a fresh pass. */
function shiftsEdit(original: string): (from: string, to: string) => boolean {
  const pre = preprocess(original, 'c', env);
  return (from, to) => {
    const changed = original.replace(from, to);
    assert.notStrictEqual(changed, original, from);
    const result = shiftedPreprocess(original, pre, changed, env);
    if (result) assert.deepStrictEqual(result, preprocess(changed, 'c', env), to);
    return !!result;
  };
}

describe('preprocessing shifted by an edit', () => {
  it('equals a fresh pass on every line break it accepts, edit after edit', () => {
    const { accepted, tried } = replay(lineEdit, 80, 301);
    // Enter in code is the commonest: most must be taken.
    assert.ok(accepted > tried * 0.4, `accepted ${accepted} of ${tried}`);
  });

  it('equals a fresh pass on every punctuation edit it accepts, edit after edit', () => {
    const { accepted, tried } = replay(punctuationEdit, 80, 101);
    // A `(` typed in a function body is the commonest: a good share must be taken.
    assert.ok(accepted > tried * 0.3, `accepted ${accepted} of ${tried}`);
  });

  it('equals a fresh pass on every edit it accepts, edit after edit', () => {
    let accepted = 0;
    let tried = 0;
    fixtureTexts().forEach((original, n) => {
      const next = random(n + 1);
      let text = original;
      let pre: Preprocessed = preprocess(text, 'cpp', env);
      for (let i = 0; i < 60; i++) {
        const changed = edit(text, next);
        const fresh = preprocess(changed, 'cpp', env);
        const shifted = shiftedPreprocess(text, pre, changed, env);
        tried++;
        if (shifted) {
          accepted++;
          assert.deepStrictEqual(shifted, fresh, `fixture ${n}, edit ${i}`);
        }
        text = changed;
        pre = shifted ?? fresh;
      }
    });
    // Most keystrokes are plain typing: the shortcut must take a good share of them.
    assert.ok(accepted > tried * 0.3, `accepted ${accepted} of ${tried}`);
  });

  it('declines what a fresh pass reads differently', () => {
    const pre = preprocess(SAMPLE, 'c', env);
    const declined = (from: string, to: string) => {
      const changed = SAMPLE.replace(from, to);
      assert.notStrictEqual(changed, SAMPLE, from);
      return shiftedPreprocess(SAMPLE, pre, changed, env) === undefined;
    };
    assert.ok(declined('HANDLE injectionHandle', 'HANDLE _In_'), 'a new annotation');
    assert.ok(declined('_Inout_ NET', '_Inoutx_ NET'), 'an annotation retyped');
    assert.ok(declined('NTSTATUS status', 'NTSTATUS LEARNED_API'), 'a learned macro');
    assert.ok(declined('NTSTATUS status', 'NTSTATUS MY_API'), "the file's own macro");
    assert.ok(declined('NEVER_DEFINED_ANYWHERE', 'NEVER_DEFINED'), 'a directive line');
    assert.ok(!declined('deadCall(data)', 'liveCall(data)'), 'an inactive branch');
    assert.ok(declined('cleanup:\n}', 'clean up:\n}'), 'a word split in two');
    assert.ok(declined('{ default:', '{ x:'), 'default');
    assert.ok(declined('status = STATUS_SUCCESS', 'status = 0x5'), 'a number');
    assert.ok(!declined('status = STATUS_SUCCESS', 'status = STATUS_PENDING'), 'a plain identifier');
    // A blank between `*` and `/` ends a comment or does not.
    const commented = '/* note */\nVOID NTAPI Done(VOID) { x = a / *p; }\n';
    const commentedPre = preprocess(commented, 'c', env);
    for (const [from, to] of [
      ['note */', 'note * /'],
      ['a / *p', 'a /*p'],
    ]) {
      const changed = commented.replace(from, to);
      assert.strictEqual(shiftedPreprocess(commented, commentedPre, changed, env), undefined, to);
    }
    assert.ok(
      shiftedPreprocess(commented, commentedPre, commented.replace('note', 'notes'), env),
      'in a comment',
    );
  });

  it('equals a fresh pass on every edit it accepts in branches no build sees, edit after edit', () => {
    // Typing in `#if DBG` blocks: each edit lands in a branch the preprocessing blanked.
    let accepted = 0;
    let tried = 0;
    [DEBUG_BLOCKS, ...fixtureTexts()].forEach((original, n) => {
      const next = random(n + 701);
      const start: Preprocessed = preprocess(original, 'cpp', env);
      let text = original;
      let pre = start;
      for (let i = 0; i < (n ? 80 : 600) && start.inactive.length; i++) {
        // An edit that broke a directive leaves no such branch: typing starts again from the original.
        if (!pre.inactive.length) [text, pre] = [original, start];
        const at = bodyPosition(text, pre.inactive[Math.floor(next() * pre.inactive.length)], next);
        if (at < 0) continue;
        const typed = next() < 0.7 ? UNSEEN_TYPED[Math.floor(next() * UNSEEN_TYPED.length)] : '';
        const changed = text.slice(0, at) + typed + text.slice(typed ? at : at + 1);
        const fresh = preprocess(changed, 'cpp', env);
        const shifted = shiftedPreprocess(text, pre, changed, env);
        tried++;
        if (shifted) {
          accepted++;
          assert.deepStrictEqual(
            shifted,
            fresh,
            `fixture ${n}, edit ${i}: ${JSON.stringify(typed)} at ${at}`,
          );
        }
        text = changed;
        pre = shifted ?? fresh;
      }
    });
    // Letters, blanks, parentheses and line breaks are most of what is typed: a good share is taken.
    assert.ok(accepted > tried * 0.1, `accepted ${accepted} of ${tried}`);
  });

  it('shifts typing in a branch no build sees, unless the branch reads differently after it', () => {
    const shifted = shiftsEdit(DEBUG_BLOCKS);
    const declined = (from: string, to: string) => !shifted(from, to);
    assert.ok(shifted('DbgPrint("sent %p\\n", nbl);', 'DbgPrint("sent %p\\n", nbl, x);'), 'an argument');
    assert.ok(shifted('x = ( y', 'x = (( y'), 'a parenthesis');
    // The code after the branch reads the tokens before it: a return macro, a label before `}`.
    assert.ok(shifted('KdBreakPoint();\n#endif', 'KdBreakPoint();x\n#endif'), 'the last token');
    assert.ok(shifted('status = 0;', 'status = 0'), 'the token before a label');
    assert.ok(shifted('    status = 0;', '    status = 0;\n    x = 1;'), 'a line break');
    assert.ok(shifted('(status)) {', '(status)) {\n        '), 'a line break before a block comment');
    assert.ok(shifted('"sent %p', '"sent the %p'), 'in a literal');
    assert.ok(declined('// was: */', '// was:\n */'), 'a line comment broken');
    assert.ok(declined('"dropped /* %p', '"dropped \n/* %p'), 'a literal broken before a comment mark');
    assert.ok(declined('    KdBreakPoint();', '    #KdBreakPoint();'), 'a directive made');
    assert.ok(declined('    KdBreakPoint();\n#endif', '    KdBreakPoint();#endif'), 'a directive joined');
    assert.ok(declined('    KdBreakPoint();', '    _In_ KdBreakPoint();'), 'an annotation');
    assert.ok(declined('    (;', '    ;'), 'a branch of a group read by its shape');
    assert.ok(shifted('DBG\n    nbl->Status', 'DBG\n    (nbl->Status'), 'after a directive with a comment');
    // Enter at the end of a branch's last line: a line added before its `#endif`.
    assert.ok(shifted('status = 0;\n#endif', 'status = 0;\n    \n#endif'), 'a line at the end of a branch');
    assert.ok(declined('(;\n#endif', '(;\n    \n#endif'), 'a line at the end of a branch read by its shape');
    const crlf = shiftsEdit(DEBUG_BLOCKS.replace(/\n/g, '\r\n'));
    assert.ok(crlf('status = 0;\r\n#endif', 'status = 0;\r\n    \r\n#endif'), 'the same with CRLF');
    assert.ok(declined('    KdBreakPoint();', '    KdBreakPoint()/'), 'a comment mark');
    assert.ok(declined('nbl);\n    if', 'nbl)\\\n    if'), 'a continuation');
  });

  it('declines edits in branches no build sees that change what the branch is read as', () => {
    const declined = (text: string, from: string, to: string) => !shiftsEdit(text)(from, to);
    assert.ok(
      declined('#if DBG /*\n*/ \nx;\n#endif\n', '*/ \n', '*/ 1\n'),
      'the condition of a commented directive',
    );
    assert.ok(
      declined('#if DBG\n_In_reads_\n\n#endif\nfoo) int y;\n', '_\n\n', '_\n(\n'),
      "an annotation's `(`",
    );
    assert.ok(
      declined('#if DBG\nCONTAINING_RECORD x(p\n#endif\n, struct T, f);\n', 'D x(', 'D ('),
      "a type-argument macro's `(`",
    );
    assert.ok(declined('#if DBG\n1.R"(\n#endif\nint a;)";\n', '1.R', '.R'), 'a number before `.R"`');
    assert.ok(declined('#if DBG\nx\r#endif\nint a;\n#endif\n', 'x\r', '\r'), 'a directive after a lone CR');
    assert.ok(
      declined("#if 0\n/*\n'*/ // a' b /*\n#endif\n*/\n#endif\n", 'b /*', 'b\n /*'),
      'a line break after a comment opened on another line',
    );
  });

  it('declines punctuation a fresh pass reads differently', () => {
    const shifted = shiftsEdit(SAMPLE);
    const declined = (from: string, to: string) => !shifted(from, to);
    assert.ok(declined('status = helper(0);', 'status = helper(0));'), 'in a group read by its shape');
    assert.ok(declined('copy = status;', 'copy = (status;'), 'before such a group, same block');
    assert.ok(declined('return v * 2;', 'return v) * 2;'), 'in a function of such a group');
    assert.ok(
      declined('a = Compute(a);', 'a = (Compute(a);'),
      "a brace in a group: the depth after it is the group's",
    );
    assert.ok(declined('a = Convert(a);', 'a = (Convert(a);'), 'a brace in a branch not taken');
    assert.ok(
      shifted('    NTSTATUS status = STATUS_SUCCESS;', '    NTSTATUS status = (STATUS_SUCCESS;'),
      'before a group with one possible branch',
    );
    assert.ok(declined('"\\"/*"', '"\\("/*"'), 'after a backslash in a literal');
    assert.ok(declined('"\\\\"; _In_', '"\\(\\"; _In_'), 'between a backslash and what it escapes');
    assert.ok(declined('cleanup:\n}', 'cleanup: (\n}'), "after a label's colon");
    assert.ok(declined('\n    PVOID p)', '\n    (PVOID p)'), 'after an annotation that takes arguments');
    const divided = shiftsEdit('VOID NTAPI Done(VOID) { x = a /(*p); }\n');
    assert.ok(!divided('a /(*p', 'a /*p'), 'a comment opened');
    assert.ok(declined('NULL) RETURN_NTSTATUS', 'NULL)( RETURN_NTSTATUS'), 'before a return macro');
    assert.ok(declined('RETURN_NTSTATUS(STATUS', 'RETURN_NTSTATUS (;STATUS'), 'after a return macro');
    assert.ok(
      declined('_IRQL_requires_max_(DISPATCH', '_IRQL_requires_max_((DISPATCH'),
      "in an annotation's arguments",
    );
    assert.ok(declined('struct _CONTEXT_DATA,', 'struct _CONTEXT_DATA),'), 'in a type-argument macro');
    assert.ok(declined('goto cleanup;', 'goto cleanup:;'), 'a colon typed');
    const dotted = shiftsEdit('VOID F(VOID)\n{\n    x = 1..y1.R"(a)";\n}\n');
    assert.ok(!dotted('1..y', '1.|.y'), 'between the dots of a number');
    assert.ok(declined('\ncleanup:', '\n(cleanup:'), 'a label two tokens on');
    assert.ok(shifted('switch (status) {', 'switch (status) ({'), 'not a label: `default:`');
    // A `(` typed where the next brace comes before any such group is read the same.
    assert.ok(shifted('goto cleanup;', '(goto cleanup;'), 'a statement closed by its block');
    assert.ok(shifted('return value + 1;', 'return (value + 1;'), 'a half-typed expression');
    assert.ok(shifted('UNSPECIFIED_COMPARTMENT_ID,', 'UNSPECIFIED_COMPARTMENT_ID,,'), 'a comma');
    assert.ok(shifted('goto cleanup;', '{goto cleanup;'), 'a brace opened');
    assert.ok(shifted('{ default: break; }', '{ default: break; '), 'a brace deleted');
    // `int` then follows `Later(` in the same statement: a macro's name there would read it as a
    // type argument (Preprocessor.typeWordArgument).
    assert.ok(
      declined('{ return value + 1; }', '{ return value + 1; '),
      'a brace deleted before a type keyword',
    );
  });

  it('declines line breaks a fresh pass reads differently', () => {
    const shifted = shiftsEdit(SAMPLE);
    const declined = (from: string, to: string) => !shifted(from, to);
    assert.ok(declined('/* end */', '/* end */\n//'), 'a comment typed: not a line break only');
    assert.ok(declined('"\\"/*"', '"\\"\n/*"'), 'in a string');
    assert.ok(
      declined('RETURN_NTSTATUS(STATUS', 'RETURN_NTSTATUS\n    (STATUS'),
      "between a return macro and its '('",
    );
    assert.ok(declined('cleanup:\n}', 'cleanup:\n\n}'), "between a label and its '}'");
    assert.ok(
      declined('    unusedCall(data);\n#endif', '    unusedCall(data);#endif'),
      'a directive joined to a line',
    );
    assert.ok(declined('default: break; }', 'default: break; }\n#'), 'not a line break only');
    assert.ok(
      shifted('    NTSTATUS status = STATUS_SUCCESS;', '    NTSTATUS status =\n        STATUS_SUCCESS;'),
      'Enter in a statement',
    );
    assert.ok(
      shifted(
        'UNSPECIFIED_COMPARTMENT_ID,\n        netBufferList',
        'UNSPECIFIED_COMPARTMENT_ID, netBufferList',
      ),
      'lines joined',
    );
    assert.ok(shifted('    CONTEXT_DATA* data', '\n    CONTEXT_DATA* data'), 'an empty line');
    assert.ok(declined('R"(text)"', 'R\n"(text)"'), 'a raw string prefix and its quote');
    assert.ok(declined('R"(text)"', 'R"(te\nxt)"'), 'in a raw string');
    assert.ok(declined('    /* end */\n', '    /* end */\n\n'), 'a block comment, then a directive');
    const commented =
      'VOID F(VOID)\n{\n    x = 1; // see \\\n    y = 2;\n    z = 3; // note\n    w = 4;\n}\n';
    const tried = shiftsEdit(commented);
    assert.ok(!tried('// see', '//\n see'), 'in a line comment');
    assert.ok(!tried('    y = 2;', '\n    y = 2;'), 'after a continued comment');
    assert.ok(tried('// note\n', '// note\n\n'), 'after a comment, at the end of its line');
    const continued = shiftsEdit('VOID F(VOID)\n{\n    x = 1; // see \\\n#if 0\n#endif\n    y = 2;\n}\n');
    assert.ok(!continued('see \\\n', 'see \\ \n'), 'a blank after a continuation');
    const number = shiftsEdit('VOID F(VOID)\n{\n    x = 1.R"(a)";\n}\n');
    assert.ok(!number('1.R', '1\n.R'), 'a number split before a raw string');
    const spaced = [
      'VOID G(PVOID p)',
      '{',
      '    RECORD* r = CONTAINING_RECORD (p, struct _RECORD, link);',
      '    if (!p) RETURN_NTSTATUS (STATUS_UNSUCCESSFUL);',
      '    RECORD* s = CONTAINING_RECORD',
      '        (p, struct _RECORD, link);',
      '    const char* open = "abc,',
      '    def";',
      '    const char* esc = "\\"',
      '    /* x */ _In_ int k;',
      '    const char* r2 = R',
      '        "(abc)"; _In_ int m;',
      '    const char* r3 = R"(line one',
      'line two)"; _In_ int n;',
      '    x = a /',
      '        *p;',
      '    v = 5; #if 0',
      '    u = 6;',
      '#endif',
      '    NTSTATUS status = STATUS_SUCCESS;',
      'cleanup:   }',
      '',
    ].join('\n');
    const spacedShift = shiftsEdit(spaced);
    assert.ok(
      !spacedShift('CONTAINING_RECORD (p', 'CONTAINING_RECORD \n(p'),
      'a type-argument macro and its (',
    );
    assert.ok(
      !spacedShift('RETURN_NTSTATUS (STATUS', 'RETURN_NTSTATUS \n(STATUS'),
      'a return macro and its (',
    );
    assert.ok(!spacedShift('a /\n        *p', 'a /*p'), 'a comment opened by joining lines');
    assert.ok(
      !spacedShift('CONTAINING_RECORD\n        (p', 'CONTAINING_RECORD (p'),
      'a macro joined to its (',
    );
    assert.ok(!spacedShift('"abc,\n    def"', '"abc, def"'), 'a string left open, joined');
    assert.ok(!spacedShift('"\\"\n    /* x */', '"\\" /* x */'), 'a string left open after an escaped quote');
    assert.ok(!spacedShift('R\n        "(abc)"', 'R"(abc)"'), 'a raw string made by joining');
    assert.ok(!spacedShift('two)"', 'two)\n"'), 'in a raw string, on its second line');
    assert.ok(!spacedShift('v = 5; #if', 'v = 5;\n#if'), 'a directive made');
    assert.ok(!spacedShift('cleanup:   }', 'cleanup: \n  }'), "a label's blank moved");
    assert.ok(!spacedShift('status = STATUS_SUCCESS', 'status =\n    _In_'), 'another word');
    assert.ok(spacedShift('status = STATUS_SUCCESS', 'status =\n    STATUS_SUCCESS'), 'the same words');
  });

  it('shifts what follows the edit', () => {
    const pre = preprocess(SAMPLE, 'c', env);
    const changed = SAMPLE.replace('NTSTATUS status', 'NTSTATUS statusOfTheSend');
    const shifted = shiftedPreprocess(SAMPLE, pre, changed, env);
    assert.ok(shifted);
    assert.deepStrictEqual(shifted, preprocess(changed, 'c', env));
    assert.ok(shifted.annotations.length > 3 && shifted.inactive.length > 0);
  });
});
