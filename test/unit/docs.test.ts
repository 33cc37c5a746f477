// Generated docs must match the catalog they are generated from.
import * as assert from 'assert';
import * as fs from 'fs';
import { findCatalogCalls } from '../../server/src/analysis/calls';
import {
  GRAMMAR_PATH,
  generatedReadme,
  README_PATH,
  RULES_DOC_PATH,
  rulesDoc,
  SNIPPETS_PATH,
  snippetsJson,
} from '../../scripts/gen-docs';
import { grammarJson } from '../../scripts/grammar';
import { snippets } from '../../scripts/snippets';
import { checkFile } from '../../server/src/rules';
import { parseC } from '../helpers/source';

/** A snippet body with every placeholder replaced by its default (or first choice). */
export function expandSnippet(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\d+/g, '');
}

describe('generated docs', () => {
  it('README tables are current (run `npm run docs`)', () => {
    const readme = fs.readFileSync(README_PATH, 'utf8');
    assert.strictEqual(readme, generatedReadme(readme));
  });
  it('docs/rules.md is current (run `npm run docs`)', () => {
    assert.strictEqual(fs.readFileSync(RULES_DOC_PATH, 'utf8'), rulesDoc());
  });
  it('highlighting grammar is current (run `npm run docs`)', () => {
    assert.strictEqual(fs.readFileSync(GRAMMAR_PATH, 'utf8'), grammarJson());
  });
});

describe('snippets', () => {
  it('snippets file is current (run `npm run docs`)', () => {
    assert.strictEqual(fs.readFileSync(SNIPPETS_PATH, 'utf8'), snippetsJson());
  });

  for (const [name, snippet] of Object.entries(snippets())) {
    it(`"${name}" parses without errors and passes the checker`, async () => {
      const code = expandSnippet(snippet.body);
      const topLevel = /^(VOID|typedef)/.test(code);
      const text = topLevel ? code : `void f(void)\n{\n    NTSTATUS status;\n${code}\n}\n`;
      for (const uri of ['file:///snippet.c', 'file:///snippet.cpp']) {
        const file = await parseC(text, uri);
        assert.strictEqual(file.tree!.rootNode.hasError, false, `${uri}\n${text}`);
        const errors = checkFile(file, 'win10').filter((f) => f.severity === 'error');
        assert.deepStrictEqual(
          errors.map((f) => f.ruleId),
          [],
          text,
        );
      }
      if (snippet.prefix.startsWith('Fwps')) {
        const file = await parseC(text);
        assert.strictEqual(findCatalogCalls(file)[0].fn.name, snippet.prefix);
      }
    });
  }
});
