// What the last check of a file on disk found is given back only for the text it checked, parsed
// the same way, while the file's own facts in the index were made from that parse and nothing
// the findings follow of the other files has changed.
import * as assert from 'assert';
import type { Diagnostic } from 'vscode-languageserver';
import { DiskChecks, diskCheck, sourceStamp, type IndexState } from '../../server/src/diskChecks';

const URI = 'file:///w/driver.c';
const HANDLES = 'file:///w/handles.c';
const TEXT = 'void f(void) { FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, 0, 1, nbl, Done, NULL); }\n';
const STAMP = sourceStamp(TEXT, 'c', 'env-1', 'win10');
const FOUND: Diagnostic[] = [
  {
    range: { start: { line: 0, character: 15 }, end: { line: 0, character: 38 } },
    message: 'the handle was created for another injection type',
    relatedInformation: [
      {
        location: {
          uri: HANDLES,
          range: { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } },
        },
        message: 'created here',
      },
      {
        location: { uri: URI, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } } },
        message: 'in this function',
      },
    ],
  },
];

class Index implements IndexState {
  visibleGeneration = 7;
  layoutGeneration = 2;
  complete = true;
  versions = new Map([[HANDLES, 3]]);
  stamps = new Map([[URI, STAMP]]);
  fileVersion = (uri: string) => this.versions.get(uri) ?? 0;
  stampOf = (uri: string) => this.stamps.get(uri);
}

describe('the last check of each file on disk', () => {
  const checked = (index = new Index()) => {
    const checks = new DiskChecks();
    checks.remember(diskCheck(URI, STAMP, index, FOUND));
    return checks;
  };

  it('gives back its diagnostics for the same text checked the same way', () => {
    assert.strictEqual(
      checked().unchanged(URI, () => sourceStamp(TEXT, 'c', 'env-1', 'win10'), new Index()),
      FOUND,
    );
  });

  it('gives nothing back once anything the findings follow differs', () => {
    const checks = checked();
    const opened: [string, string][] = [
      ['the text', sourceStamp(TEXT.replace('nbl', 'clone'), 'c', 'env-1', 'win10')],
      ['a line ending', sourceStamp(TEXT.replace('\n', '\r\n'), 'c', 'env-1', 'win10')],
      ['the language', sourceStamp(TEXT, 'cpp', 'env-1', 'win10')],
      ['the preprocessor environment', sourceStamp(TEXT, 'c', 'env-2', 'win10')],
      ['the target', sourceStamp(TEXT, 'c', 'env-1', 'win7')],
    ];
    for (const [what, stamp] of opened)
      assert.strictEqual(
        checks.unchanged(URI, () => stamp, new Index()),
        undefined,
        what,
      );
    const changed: [string, (index: Index) => void][] = [
      ['what the other files show', (i) => i.visibleGeneration++],
      ['the structs some file defines', (i) => i.layoutGeneration++],
      ['whether the index is complete', (i) => (i.complete = false)],
      ['a file a related location points into', (i) => i.versions.set(HANDLES, 4)],
      [
        "the file's own facts, made in another environment",
        (i) => i.stamps.set(URI, sourceStamp(TEXT, 'c', 'env-0', 'win10')),
      ],
      ["the file's own facts, not made by the indexer", (i) => i.stamps.delete(URI)],
    ];
    for (const [what, change] of changed) {
      const index = new Index();
      change(index);
      assert.strictEqual(
        checks.unchanged(URI, () => STAMP, index),
        undefined,
        what,
      );
    }
    for (const [what, uri] of [
      ['the spelling of the URI (related locations carry it)', 'file:///w/dri%76er.c'],
      ['the file', 'file:///w/other.c'],
    ])
      assert.strictEqual(
        checks.unchanged(uri, () => STAMP, new Index()),
        undefined,
        what,
      );
  });

  it('follows only the other files its related locations point into', () => {
    const index = new Index();
    index.versions.set('file:///w/unrelated.c', 1);
    const checks = checked(index);
    index.versions.set('file:///w/unrelated.c', 2);
    index.versions.set(URI, 9);
    assert.strictEqual(
      checks.unchanged(URI, () => STAMP, index),
      FOUND,
    );
  });

  it('forgets a file, and keeps only the newest check of one', () => {
    const checks = checked();
    checks.forget(URI);
    assert.strictEqual(
      checks.unchanged(URI, () => STAMP, new Index()),
      undefined,
    );
    const later = new Index();
    later.visibleGeneration = 8;
    checks.remember(diskCheck(URI, STAMP, new Index(), FOUND));
    checks.remember(diskCheck(URI, STAMP, later, []));
    assert.strictEqual(
      checks.unchanged(URI, () => STAMP, new Index()),
      undefined,
    );
    assert.deepStrictEqual(
      checks.unchanged(URI, () => STAMP, later),
      [],
    );
  });
});
