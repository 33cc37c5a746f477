// Edits that keep the tokens (sameTokens.ts) take the previous tree with the edit applied instead
// of a reparse: that tree must be, node for node and offset for offset, the parse from scratch of
// the new text.
import * as assert from 'assert';
import type { Node as WasmNode } from 'web-tree-sitter';
import { differenceEdit } from '../../server/src/parse/edits';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { GRAMMAR_WORDS } from '../../server/src/parse/grammarWords';
import { sameTokensEdit } from '../../server/src/parse/sameTokens';
import { REPO_ROOT } from '../helpers/paths';
import { parseSource, reparseIncrementally, type SourceFile } from '../../server/src/parse/document';
import { fixtureTexts } from '../helpers/mutate';
import { iterations, Random, runSeed } from '../helpers/random';

/** Every node as type and range, in document order: what "the same tree" means here. */
function shape(node: WasmNode, out: string[] = []): string[] {
  out.push(
    `${node.type}@${node.startIndex}-${node.endIndex}:${node.startPosition.row}.${node.startPosition.column}`,
  );
  for (const child of node.children) if (child) shape(child, out);
  return out;
}

async function assertAsFresh(file: SourceFile, what: string): Promise<void> {
  const fresh = await parseSource(file.uri, file.text, file.language);
  try {
    assert.deepStrictEqual(shape(file.wasmTree!.rootNode), shape(fresh.wasmTree!.rootNode), what);
  } finally {
    fresh.dispose();
  }
}

/** Letters typed into a word of `text`, or deleted from one; sometimes what makes it a keyword. */
function wordEdit(text: string, r: Random): { start: number; end: number; insert: string } | undefined {
  const words = [...text.matchAll(/\b[A-Za-z_]\w*\b/g)];
  if (!words.length) return undefined;
  const w = r.pick(words);
  const at = w.index + r.int(w[0].length + 1);
  if (r.chance(0.2))
    return {
      start: w.index,
      end: w.index + w[0].length,
      insert: r.pick(['if', 'int', 'NULL', 'return', 'size_t', 'x1']),
    };
  if (r.chance(0.4) && at < w.index + w[0].length) return { start: at, end: at + 1, insert: '' };
  return { start: at, end: at, insert: r.pick(['a', 'Z', '_', '1', 'if']) };
}

/** Offsets of `text` next to a blank: where typing a blank, or deleting one, may keep the tokens. */
function blankEdit(text: string, r: Random): { start: number; end: number; insert: string } | undefined {
  if (r.chance(0.5)) return wordEdit(text, r);
  for (let tries = 0; tries < 50; tries++) {
    const at = 1 + r.int(text.length - 1);
    if (!/[ \t\n]/.test(text[at - 1] + text[at])) continue;
    if (r.chance(0.5) && /[ \t\n]/.test(text[at])) return { start: at, end: at + 1, insert: '' };
    return { start: at, end: at, insert: r.pick([' ', '\t', '  ', '\n', '\n    ']) };
  }
  return undefined;
}

const CASES = `#include <ntddk.h>
#define WIDTH 4
#define SQUARE(x) ((x) * (x))
#define LONG_ONE(a, b) \\
    ((a) + (b))
/* a comment, with  blanks */
static const char* name = "two  words";
int add(int a, int b)
{
    int c = a + b;  // trailing  comment
    return SQUARE(c) + L'x' + WIDTH;
}
`;

/** Applies each `[from, to]` in turn: each must keep the tokens, and give the parse from scratch. */
async function assertKept(text: string, edits: [string, string][]): Promise<void> {
  let file = await parseSource('file:///layout/cases.c', text);
  try {
    for (const [from, to] of edits) {
      const next = file.text.replace(from, to);
      const edit = differenceEdit(file.parsedText, next);
      assert.ok(sameTokensEdit(file.tree!, file.language, file.parsedText, next, edit), `${from} → ${to}`);
      const reparsed = reparseIncrementally(file, next)!;
      file.dispose();
      file = reparsed;
      await assertAsFresh(file, `${from} → ${to}`);
    }
  } finally {
    file.dispose();
  }
}

/** Each `[from, to]`, applied to `text` alone, must be reparsed. */
async function assertReparsed(text: string, edits: [string, string][]): Promise<void> {
  const file = await parseSource('file:///layout/cases.c', text);
  try {
    for (const [from, to] of edits) {
      const next = file.text.replace(from, to);
      assert.notStrictEqual(next, file.text, from);
      const edit = differenceEdit(file.parsedText, next);
      assert.ok(!sameTokensEdit(file.tree!, file.language, file.parsedText, next, edit), `${from} → ${to}`);
    }
  } finally {
    file.dispose();
  }
}

describe('engine: edits that keep the tokens keep the tree', function () {
  this.timeout(120000);

  it('moves the previous tree where only blanks between tokens change', async () => {
    await assertKept(CASES, [
      ['    int c', '        int c'],
      ['int c = a + b;', 'int c =  a + b;'],
      ['    return SQUARE(c)', '    \treturn SQUARE(c)'],
      // Typed right after a token (tree-sitter would grow it, were the edit not moved).
      ['b;  //', 'b;\t  //'],
      // Line breaks between statements, typed and taken out.
      ['    int c', '\n    int c'],
      ['a + b;', 'a +\n        b;'],
      ['a +\n        b;', 'a + b;'],
    ]);
  });

  it('reparses where a blank would change the tokens or lies inside one', async () => {
    await assertReparsed(CASES, [
      // A function-like macro's parenthesis must follow its name.
      ['#define SQUARE(x)', '#define SQUARE (x)'],
      // Inside a string, a comment, a macro's body.
      ['"two  words"', '"two   words"'],
      ['with  blanks', 'with blanks'],
      ['((x) * (x))', '((x)  * (x))'],
      // The only blank between two words, deleted.
      ['int add', 'intadd'],
      // After a `//` comment, on its line: the comment takes the blanks in.
      ['comment\n', 'comment  \n'],
      // Before a directive's closing newline.
      ['#define WIDTH 4\n', '#define WIDTH 4 \n'],
      // A line break in a directive, or one that joins a line to a directive or to a comment.
      ['#include <ntddk.h>', '#include\n<ntddk.h>'],
      ['4\n#define SQUARE', '4 #define SQUARE'],
      ['comment\n    return', 'comment    return'],
    ]);
  });

  it('moves the previous tree where a name stays a name', async () => {
    await assertKept(CASES, [
      ['int c = a', 'int count = a'],
      ['count = a + b', 'count = ab + b'],
      ['count = ab + b', 'count = ab + xb'],
      ['return SQUARE(c)', 'return SQUARE(count)'],
      ['add(int a', 'add2(int a'],
    ]);
  });

  it('reparses where a name becomes a word of the grammar or joins what follows', async () => {
    await assertReparsed(CASES + 'void g(void) { h(); i = 0; k = L; m = 0x1; }\n', [
      ['h();', 'if();'],
      ['i = 0', 'int = 0'],
      ['k = L', 'k = NULL'],
      ['"two  words"', 'L"two  words"'],
      ['int add', 'int a dd'],
    ]);
  });

  it('knows the words of the grammars as they are', () => {
    const script = path.join(REPO_ROOT, 'scripts', 'grammar-words.mjs');
    const words = JSON.parse(execFileSync(process.execPath, [script, '--json'], { encoding: 'utf8' }));
    assert.deepStrictEqual([...GRAMMAR_WORDS.c].sort(), words.c, 'run node scripts/grammar-words.mjs');
    assert.deepStrictEqual([...GRAMMAR_WORDS.cpp].sort(), words.cpp, 'run node scripts/grammar-words.mjs');
    assert.ok(
      GRAMMAR_WORDS.c.has('NULL') && GRAMMAR_WORDS.c.has('size_t') && GRAMMAR_WORDS.cpp.has('nullptr'),
    );
  });

  it('gives the parse from scratch after random blank and name edits of the fixtures', async () => {
    const seed = runSeed();
    const fixtures = fixtureTexts();
    let moved = 0;
    for (let i = 0; i < iterations(150); i++) {
      const caseSeed = (seed + i) >>> 0;
      const r = new Random(caseSeed);
      const [name, original] = r.pick(fixtures);
      const text0 = r.chance(0.3) ? original.replace(/\n/g, '\r\n') : original;
      let file = await parseSource(`file:///layout/${name}`, text0);
      try {
        for (let step = 0; step < 4; step++) {
          const e = blankEdit(file.text, r);
          if (!e) break;
          const text = file.text.slice(0, e.start) + e.insert + file.text.slice(e.end);
          const edit = differenceEdit(file.parsedText, text);
          const fast = !!sameTokensEdit(file.tree!, file.language, file.parsedText, text, edit);
          if (fast) moved++;
          const next = reparseIncrementally(file, text);
          if (!next) break;
          file.dispose();
          file = next;
          if (fast) await assertAsFresh(file, `seed ${caseSeed} (${name}), step ${step}`);
        }
      } finally {
        file.dispose();
      }
    }
    assert.ok(moved > 5, `only ${moved} edits took the moved tree`);
    if (process.env.SHOW_MOVED) console.log(moved);
  });
});
