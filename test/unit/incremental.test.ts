// Differential test of the incremental path: random edit sequences replayed through
// ParsedDocuments (tree.edit + reparse) and the workspace index's declaration cache must give
// exactly the tree, facts and findings of a fresh parse of the final text.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { WINDOWS_TARGETS, type WindowsTarget } from '../../server/src/catalog';
import { indexedFile, type IndexedFile } from '../../server/src/analysis/indexedFile';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { ParsedDocuments } from '../../server/src/documents';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { DEFAULT_ENV, makeEnv, type PreprocessEnv } from '../../server/src/parse/preprocessEnv';
import { checkFile, type Finding } from '../../server/src/rules';
import { DeclarationFindings } from '../../server/src/rules/declarationFindings';
import { fixtureTexts, randomEdit } from '../helpers/mutate';
import { iterations, Random, runSeed } from '../helpers/random';

/** Findings as plain data, everything a client would see. */
function plain(findings: Finding[]): unknown {
  return JSON.parse(JSON.stringify(findings));
}

interface Replayed {
  file: SourceFile;
  text: string;
  facts: IndexedFile;
  findings: Finding[];
  parses: number;
}

/** The composed summaries of every function, as plain data. */
function effects(index: WorkspaceIndex): unknown {
  return plain(
    index
      .callGraph()
      .functions()
      .sort((a, b) => a.name.localeCompare(b.name)) as never,
  );
}

/** Opens a fixture and applies `steps` random didChange notifications, reparsing as it goes. */
async function replay(
  uri: string,
  original: string,
  target: WindowsTarget,
  steps: number,
  r: Random,
  companion?: SourceFile,
): Promise<Replayed & { index: WorkspaceIndex }> {
  const index = new WorkspaceIndex();
  index.complete = true;
  // Another file of the workspace whose helpers the edited one calls (and the other way round).
  if (companion) index.update(companion, target);
  let parses = 0;
  const docs = new ParsedDocuments(
    () => undefined,
    (file) => {
      parses++;
      index.update(file, target, true);
    },
  );
  let doc = TextDocument.create(uri, uri.endsWith('.cpp') ? 'cpp' : 'c', 1, original);
  // The server's findings: kept per declaration across versions, re-checked where an edit lands.
  const byDeclaration = new DeclarationFindings();
  await byDeclaration.findings(await docs.get(doc), target, index);
  for (let step = 0; step < steps; step++) {
    // One notification may carry several changes, each relative to the text after the previous.
    const changes = [];
    let text = doc.getText();
    for (let n = r.chance(0.25) ? 2 + r.int(3) : 1; n > 0; n--) {
      const e = randomEdit(text, r);
      changes.push({
        range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) },
        text: e.newText,
        e,
      });
      text = text.slice(0, e.start) + e.newText + text.slice(e.end);
    }
    // positionAt above is on the text before the whole batch; recompute each on its own text.
    const lspChanges = [];
    let shadow = TextDocument.create(uri, doc.languageId, 0, doc.getText());
    for (const c of changes) {
      lspChanges.push({
        range: { start: shadow.positionAt(c.e.start), end: shadow.positionAt(c.e.end) },
        text: c.e.newText,
      });
      shadow = TextDocument.update(shadow, [lspChanges[lspChanges.length - 1]], 0);
    }
    doc = TextDocument.update(doc, lspChanges, doc.version + 1);
    // Sometimes several versions go by before anything asks for a parse, or for findings.
    if (r.chance(0.6)) {
      const parsed = await docs.get(doc);
      if (r.chance(0.7)) await byDeclaration.findings(parsed, target, index);
    }
  }
  // Where the last edits left a syntax error, the provisional parse is replaced by one from scratch.
  await docs.get(doc);
  await docs.settle(uri);
  const file = await docs.get(doc);
  const findings = (await byDeclaration.findings(file, target, index))!;
  return { file, text: doc.getText(), facts: index.factsOf(uri)!, findings, parses, index };
}

describe('engine: incremental parse = fresh parse', function () {
  this.timeout(120000);
  const fixtures = fixtureTexts();
  let helpers: SourceFile;
  before(async () => {
    const [, text] = fixtures.find(([name]) => name.endsWith('packet.c'))!;
    helpers = await parseSource('file:///diff/helpers/packet.c', text);
  });
  after(() => helpers.dispose());

  it('gives the same tree, facts and findings after random edit sequences', async () => {
    const seed = runSeed();
    let incremental = 0;
    for (let i = 0; i < iterations(1000); i++) {
      const caseSeed = (seed + i) >>> 0;
      const r = new Random(caseSeed);
      const [name, original] = r.pick(fixtures);
      const target = r.pick(WINDOWS_TARGETS);
      const uri = `file:///diff/${name}`;
      try {
        const companion = r.chance(0.5) ? helpers : undefined;
        const got = await replay(
          uri,
          r.chance(0.3) ? original.replace(/\n/g, '\r\n') : original,
          target,
          1 + r.int(5),
          r,
          companion,
        );
        incremental += got.parses - 1;
        const fresh = await parseSource(uri, got.text, got.file.language);
        const index = new WorkspaceIndex();
        if (companion) index.update(companion, target);
        index.update(fresh, target);
        index.complete = true;
        assert.strictEqual(got.file.text, got.text);
        assert.strictEqual(
          got.file.wasmTree?.rootNode.toString(),
          fresh.wasmTree?.rootNode.toString(),
          'tree',
        );
        assert.deepStrictEqual(got.facts, indexedFile(fresh, target), 'facts');
        assert.deepStrictEqual(plain(got.findings), plain(checkFile(fresh, target, index)), 'findings');
        assert.deepStrictEqual(effects(got.index), effects(index), 'summaries');
        fresh.dispose();
      } catch (err) {
        throw new Error(
          `replay with FUZZ_SEED=${caseSeed} (${name}): ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      }
    }
    assert.ok(incremental > iterations(1000), 'the incremental path was taken');
  });

  it('gives the tree of a fresh parse when the environment changes (another target, a define)', async () => {
    let env: PreprocessEnv = DEFAULT_ENV;
    const documents = new ParsedDocuments(
      () => undefined,
      () => undefined,
      () => env,
    );
    for (const [name, text] of fixtures) {
      const uri = `file:///env/${name}`;
      const doc = TextDocument.create(uri, name.endsWith('.cpp') ? 'cpp' : 'c', 1, text);
      env = DEFAULT_ENV;
      await documents.get(doc);
      for (const next of [makeEnv('win7'), makeEnv('win8', new Map([['DBG', '1']]))]) {
        env = next;
        documents.invalidate();
        const got = await documents.get(doc);
        const fresh = await parseSource(uri, text, doc.languageId, env);
        assert.strictEqual(got.envKey, env.key, name);
        assert.strictEqual(got.parsedText, fresh.parsedText, name);
        assert.strictEqual(got.wasmTree?.rootNode.toString(), fresh.wasmTree?.rootNode.toString(), name);
        fresh.dispose();
      }
      documents.forget(uri);
    }
  });
});
