// The fixture annotation helper itself: what it reads, and that it fails on every kind of difference.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  assertAnnotated,
  findingsAt,
  marker,
  readAnnotations,
  withoutAnnotations,
  type ActualFinding,
} from '../helpers/annotations';
import { FIXTURES } from '../helpers/paths';

const TEXT = [
  'void f(void) {',
  '    status = FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, clone, Done, NULL);',
  '    //       ^^^^^^^^^^^^^^^^^^^^^^^^^^^ WFP2002 free it',
  '    //                                                           ^^^^ $done',
  '    FwpsFreeCloneNetBufferList0(clone, FWPS_INJECTION_TYPE_NETWORK);',
  '    /*                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^ WFP1003 */',
  '    status = FwpsInjectForwardAsync0(h,',
  '    //                              ^^^ WFP1001 ...',
  '        NULL, 0);',
  '    //  ^^^^^^^^ ... WFP1001',
  '}',
].join('\n');

const at = (needle: string, length = needle.length) => {
  const start = TEXT.indexOf(needle);
  assert.ok(start >= 0, needle);
  return { start, end: start + length };
};

/** The findings the annotations in TEXT describe, as a rule would report them. */
function exact(): ActualFinding[] {
  return [
    {
      ruleId: 'WFP2002',
      message: '`clone` leaks: free it on failure.',
      ...at('FwpsInjectNetworkSendAsync0'),
    },
    { ruleId: 'WFP1003', message: 'reserved', ...at('FWPS_INJECTION_TYPE_NETWORK') },
    {
      ruleId: 'WFP1001',
      message: 'missing',
      start: TEXT.indexOf('(h,\n'),
      end: TEXT.indexOf('NULL, 0)') + 'NULL, 0)'.length,
    },
  ];
}

const checked = (findings: ActualFinding[], text = TEXT) => ({
  file: { uri: 'file:///t.c', text },
  findings,
});

function fails(findings: ActualFinding[], ...expected: RegExp[]): void {
  assert.throws(
    () => assertAnnotated(checked(findings)),
    (e: Error) => {
      for (const re of expected) assert.match(e.message, re);
      return true;
    },
  );
}

describe('fixture annotations: reading', () => {
  it('reads carets as the exact range on the nearest code line above, stacked lines included', () => {
    const { findings, markers } = readAnnotations(TEXT);
    assert.deepStrictEqual(
      findings.map((f) => [f.rule, TEXT.slice(f.start, f.end), f.message]),
      [
        ['WFP2002', 'FwpsInjectNetworkSendAsync0', 'free it'],
        ['WFP1003', 'FWPS_INJECTION_TYPE_NETWORK', undefined],
        ['WFP1001', TEXT.slice(TEXT.indexOf('(h,\n'), TEXT.indexOf('NULL, 0)') + 8), undefined],
      ],
    );
    assert.deepStrictEqual(markers.get('$done'), { ...at('Done'), line: 1, character: 65 });
    assert.deepStrictEqual(marker(TEXT, '$done').line, 1);
  });

  it('refuses what it cannot read rather than expecting nothing', () => {
    const bad = (text: string, re: RegExp) => assert.throws(() => readAnnotations(text), re);
    bad('int x;\n// ^^^\n', /malformed annotation on line 2/);
    bad('int;\n// ^^^ WFP2002\n', /past the end/);
    bad('int x;\n// ^ WFP2002 ...\n', /must reach the line's end/);
    bad('int xy;\n// ^^^^ WFP2002 ...\n', /never closed/);
    bad('int xyz;\n// ^ ... WFP2002\n', /closes no open span/);
    bad('int xyz;\n// ^ $a\n// ^ $a\n', /written twice/);
    bad('// ^ WFP2002\n', /no code line above/);
    bad('f(); // expect WFP2002\n', /write carets under the span/);
    assert.throws(() => marker(TEXT, '$nowhere'), /no marker \$nowhere/);
  });

  it('leaves the code alone when it drops the annotation lines', () => {
    assert.strictEqual(withoutAnnotations(TEXT).split('\n').length, TEXT.split('\n').length - 5);
    assert.ok(withoutAnnotations(TEXT).includes('Done, NULL);\n    FwpsFreeCloneNetBufferList0'));
  });

  it('reads every fixture in the repository', () => {
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const sources = walk(FIXTURES).filter((f) => /\.(c|cpp|h)$/.test(f));
    assert.ok(sources.length > 30);
    for (const file of sources)
      assert.doesNotThrow(() => readAnnotations(fs.readFileSync(file, 'utf8')), file);
  });
});

describe('fixture annotations: comparing', () => {
  it('passes on exactly the annotated findings, in any order', () => {
    assertAnnotated(checked(exact().reverse()));
  });

  it('asserts silence on a text without annotations', () => {
    assertAnnotated(checked([], 'void f(void) {}\n'));
    assert.throws(
      () =>
        assertAnnotated(
          checked([{ ruleId: 'WFP2002', message: 'm', start: 5, end: 6 }], 'void f(void) {}\n'),
        ),
      /unexpected/,
    );
  });

  it('fails on a missing finding, showing the line and the carets', () => {
    fails(
      exact().slice(1),
      /missing \(annotated, not found\)/,
      /\n {4}2 \| {5}status = Fwps.*\n {6}\| {14}\^{27} WFP2002 free it$/,
    );
  });

  it('fails on an unexpected finding, with the annotation to write for it', () => {
    const extra = { ruleId: 'WFP1005', message: '`completionFn` must not be NULL.', ...at('NULL);') };
    fails(
      [...exact(), { ...extra, end: extra.start + 4 }],
      /unexpected \(found, not annotated\): `completionFn` must not be NULL\./,
      /\| {72}\^{4} WFP1005$/,
    );
  });

  it('fails on a wrong span, a wrong rule and a message without the fragment', () => {
    const [leak, ...rest] = exact();
    fails([{ ...leak, end: leak.end - 1 }, ...rest], /missing/, /unexpected/);
    fails([{ ...leak, start: leak.start + 1 }, ...rest], /missing/, /unexpected/);
    fails([{ ...leak, ruleId: 'WFP2001' }, ...rest], /missing/, /unexpected/);
    fails([{ ...leak, message: '`clone` leaks.' }, ...rest], /missing.*\n.*\n.*WFP2002 free it/);
    fails([...exact(), leak], /unexpected/);
  });

  it('adds the findings a variant expects at markers, and finds the findings at one', () => {
    const done = { ruleId: 'WFP1005', message: 'm', ...at('Done') };
    assertAnnotated(checked([...exact(), done]), { also: [['WFP1005', '$done']] });
    assert.throws(() => assertAnnotated(checked(exact()), { also: [['WFP1005', '$done']] }), /missing/);
    assert.deepStrictEqual(findingsAt(checked([...exact(), done]), '$done'), [done]);
  });
});
