// What the last check of a file on disk found is given back only for the text it checked, parsed
// and checked the same way, with nothing it sees of the other files changed since.
import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver';
import { DiskChecks, type CheckedAs } from '../../server/src/diskChecks';

const URI = 'file:///w/driver.c';
const TEXT = 'void f(void) { FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, 0, 1, nbl, Done, NULL); }\n';
const AS: CheckedAs = { language: 'c', env: 'env-1', target: 'win10', visibleGeneration: 7, complete: true };
const FOUND: Diagnostic[] = [
  { range: { start: { line: 0, character: 15 }, end: { line: 0, character: 38 } }, message: 'leak' },
];

describe('the last check of each file on disk', () => {
  const remembered = () => {
    const checks = new DiskChecks();
    checks.remember(URI, TEXT, AS, FOUND);
    return checks;
  };

  it('gives back its diagnostics for the same text checked the same way', () => {
    assert.strictEqual(remembered().unchanged(URI, TEXT, { ...AS }), FOUND);
  });

  it('gives nothing back once anything the findings follow differs', () => {
    const checks = remembered();
    const differing: [string, string, string, CheckedAs][] = [
      ['the text', URI, TEXT.replace('nbl', 'clone'), AS],
      ['a line ending', URI, TEXT.replace('\n', '\r\n'), AS],
      ['the language', URI, TEXT, { ...AS, language: 'cpp' }],
      ['the preprocessor environment', URI, TEXT, { ...AS, env: 'env-2' }],
      ['the target', URI, TEXT, { ...AS, target: 'win7' }],
      ['what the other files show', URI, TEXT, { ...AS, visibleGeneration: 8 }],
      ['whether the index is complete', URI, TEXT, { ...AS, complete: false }],
      ['the spelling of the URI (related locations carry it)', 'file:///w/dri%76er.c', TEXT, AS],
      ['the file', 'file:///w/other.c', TEXT, AS],
    ];
    for (const [what, uri, text, as] of differing)
      assert.strictEqual(checks.unchanged(uri, text, as), undefined, what);
  });

  it('forgets a file', () => {
    const checks = remembered();
    checks.forget(URI);
    assert.strictEqual(checks.unchanged(URI, TEXT, AS), undefined);
  });

  it('keeps the newest check of a file', () => {
    const checks = remembered();
    checks.remember(URI, TEXT, { ...AS, visibleGeneration: 8 }, []);
    assert.strictEqual(checks.unchanged(URI, TEXT, AS), undefined);
    assert.deepStrictEqual(checks.unchanged(URI, TEXT, { ...AS, visibleGeneration: 8 }), []);
  });
});
