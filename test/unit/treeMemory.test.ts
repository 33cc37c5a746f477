// Nodes read from tree-sitter's memory answer as web-tree-sitter's own do, node by node, on every
// fixture (C and C++), on a large generated driver and on half-typed text full of errors.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseSource, parseSourceInSlices } from '../../server/src/parse/document';
import { loadParser, wasmHeap, type SourceLanguage } from '../../server/src/parse/parser';
import { type MemoryNode, MemoryTree } from '../../server/src/parse/treeMemory';
import { FIXTURES } from '../helpers/paths';
import { treeDifference } from '../helpers/treeCompare';
import { exposedGc } from '../../server/src/idleCollection';

const gc = exposedGc();

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(c|h|cpp)$/.test(e.name)) out.push(p);
  }
  return out;
}

async function difference(text: string, language: SourceLanguage): Promise<string | undefined> {
  const parser = await loadParser(language);
  const raw = parser.parse(text)!;
  try {
    const mem = new MemoryTree(raw, text, wasmHeap()!);
    const fields = raw.language.fields.filter((f): f is string => !!f);
    // Twice: a node answers a field asked again from what it remembers of the first time.
    return (
      treeDifference(raw.rootNode, mem.rootNode, fields) ?? treeDifference(raw.rootNode, mem.rootNode, fields)
    );
  } finally {
    raw.delete();
  }
}

describe('nodes read from memory', () => {
  for (const language of ['c', 'cpp'] as const) {
    it(`match web-tree-sitter's on every fixture (${language})`, async () => {
      for (const file of sources(FIXTURES)) {
        const text = fs.readFileSync(file, 'utf8');
        assert.strictEqual(await difference(text, language), undefined, file);
      }
    });
  }

  it('match on text cut short at every tenth of each fixture (errors and missing nodes)', async () => {
    const files = sources(path.join(FIXTURES, 'driver'));
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (let k = 1; k < 10; k++) {
        const cut = text.slice(0, Math.floor((k * text.length) / 10)) + ' ( {';
        assert.strictEqual(await difference(cut, 'c'), undefined, `${file} cut ${k}`);
      }
    }
  });

  it('find the same descendants under a node asked after its ancestor, empty nodes at its end included', async () => {
    // The root is walked first: every node after it answers from a range of that walk.
    const texts = [
      'int x = ;',
      'void f(void) { if (x) }',
      'void f(void) { a = (b',
      'int g(void) { return h(a, ); }',
    ];
    const parser = await loadParser('c');
    for (const text of texts) {
      const raw = parser.parse(text)!;
      try {
        const mem = new MemoryTree(raw, text, wasmHeap()!);
        const types = ['identifier', 'expression_statement', 'number_literal'];
        const found = (n: {
          descendantsOfType(t: string[]): ({ startIndex: number; type: string } | null)[];
        }) =>
          n
            .descendantsOfType(types)
            .map((d) => `${d!.type}@${d!.startIndex}`)
            .join();
        mem.rootNode.descendantsOfType('identifier');
        const stack: [typeof raw.rootNode, MemoryNode][] = [[raw.rootNode, mem.rootNode as MemoryNode]];
        while (stack.length) {
          const [a, b] = stack.pop()!;
          assert.strictEqual(found(b), found(a), `${text}: under ${a.type}@${a.startIndex}`);
          a.children.forEach((k, i) => stack.push([k!, b.children[i]]));
        }
      } finally {
        raw.delete();
      }
    }
  });

  it('give a node one object, asked as a child or as a named child, in either order', async () => {
    for (const file of sources(FIXTURES)) {
      const text = fs.readFileSync(file, 'utf8');
      const parser = await loadParser(file.endsWith('.cpp') ? 'cpp' : 'c');
      for (const namedFirst of [true, false]) {
        const raw = parser.parse(text)!;
        try {
          const mem = new MemoryTree(raw, text, wasmHeap()!);
          const walk = (n: MemoryNode): void => {
            const first = namedFirst ? n.namedChildren : n.children;
            const then = namedFirst ? n.children : n.namedChildren;
            for (const named of namedFirst ? first : then) {
              const under = named.parent!;
              assert.ok(under.children.includes(named), `${file}: ${named.type} in ${under.type}`);
            }
            for (const kid of namedFirst ? then : first) walk(kid);
          };
          walk(mem.rootNode as MemoryNode);
          const fields = raw.language.fields.filter((f): f is string => !!f);
          assert.strictEqual(treeDifference(raw.rootNode, mem.rootNode, fields), undefined, file);
        } finally {
          raw.delete();
        }
      }
    }
  });

  it('answer the same after the tree lets go of the nodes it made', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'driver', 'forward_classify.c'), 'utf8');
    const parser = await loadParser('c');
    const raw = parser.parse(text)!;
    try {
      const mem = new MemoryTree(raw, text, wasmHeap()!);
      const fields = raw.language.fields.filter((f): f is string => !!f);
      assert.strictEqual(treeDifference(raw.rootNode, mem.rootNode, fields), undefined);
      const kept = mem.rootNode.descendantsOfType('call_expression')[0]!;
      const before = kept.children.map((c) => c!.type).join();
      mem.forgetNodes();
      assert.strictEqual(kept.children.map((c) => c!.type).join(), before);
      assert.strictEqual(kept.parent?.type, 'expression_statement');
      assert.strictEqual(treeDifference(raw.rootNode, mem.rootNode, fields), undefined);
    } finally {
      raw.delete();
    }
  });

  it('let go of children made under the root of an earlier pass too', async () => {
    // A cache keeps a node from one pass; the next pass starts from a new root, and asking the
    // kept node's parent for its children makes them under the old one.
    const text = 'void f(void) { g(1); h(2); }\n';
    const raw = (await loadParser('c')).parse(text)!;
    try {
      const mem = new MemoryTree(raw, text, wasmHeap()!);
      const kept = mem.rootNode.descendantsOfType('call_expression')[0]!;
      mem.forgetNodes();
      mem.rootNode.descendantsOfType('call_expression');
      const semicolon = new WeakRef(kept.parent!.children.find((k) => k?.type === ';')!);
      mem.forgetNodes();
      // A WeakRef's target lives until the current job ends.
      await new Promise((resolve) => setImmediate(resolve));
      gc!();
      assert.strictEqual(semicolon.deref(), undefined);
      assert.strictEqual(kept.parent!.children.length, 2);
    } finally {
      raw.delete();
    }
  });

  it('are what the engine reads, except in background parses (web-tree-sitter keeps no nodes)', async () => {
    for (const uri of ['file:///w/a.c', 'file:///w/b.h']) {
      const text = uri.endsWith('.h') ? 'int f(int a = 0);\n' : 'int f(void) { return 0; }\n';
      const opened = await parseSource(uri, text);
      const indexed = await parseSourceInSlices(uri, text);
      assert.ok(opened.tree instanceof MemoryTree, uri);
      assert.ok(!(indexed.tree instanceof MemoryTree), uri);
      assert.strictEqual(indexed.tree!.rootNode.toString(), opened.wasmTree!.rootNode.toString());
      opened.dispose();
      indexed.dispose();
    }
  });

  it('match on text outside the Basic Latin (offsets stay UTF-16 code units)', async () => {
    const text = 'int f(void) { char *s = "naïve – ☃ 𝄞"; return g(s, "é"); }\n// ü\nint x = 1;\n';
    assert.strictEqual(await difference(text, 'c'), undefined);
    assert.strictEqual(await difference(text, 'cpp'), undefined);
  });
});
