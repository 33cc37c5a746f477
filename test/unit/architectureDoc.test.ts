// The architecture map must not rot: every path docs/ARCHITECTURE.md (and CONTRIBUTING.md) names in
// backticks exists, every folder of the server's source is on the map, and every rule is listed
// with the file that reports it, so a move, a new folder or a new rule fails here until the doc
// follows.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/catalog/rules';
import { REPO_ROOT } from '../helpers/paths';

const DOCS = ['docs/ARCHITECTURE.md', 'CONTRIBUTING.md'];

/** Folders a path may start with, from the repository's root. */
const ROOT_FOLDERS = ['server', 'shared', 'client', 'test', 'scripts', 'bench', 'docs'];
/** Folders of server/src a path may start with, as the doc names them in passing (`rules/`). */
const SERVER_FOLDERS = fs
  .readdirSync(path.join(REPO_ROOT, 'server', 'src'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** The repository-relative paths named in backticks in a Markdown text. */
export function namedPaths(markdown: string): string[] {
  const found = new Set<string>();
  for (const [, span] of markdown.matchAll(/`([^`\n]+)`/g)) {
    for (const raw of span.split(/\s+/)) {
      const token = raw.replace(/^\(+/, '').replace(/[),.;:]+$/, '');
      const first = token.split('/')[0];
      if (!/^[\w.-]+\/[\w./-]*$/.test(token)) continue;
      if (ROOT_FOLDERS.includes(first)) found.add(token);
      else if (SERVER_FOLDERS.includes(first)) found.add(`server/src/${token}`);
    }
  }
  return [...found];
}

describe('architecture docs', () => {
  for (const doc of DOCS) {
    const text = fs.readFileSync(path.join(REPO_ROOT, doc), 'utf8');

    it(`${doc}: every path it names exists`, () => {
      const paths = namedPaths(text);
      assert.ok(paths.length >= 5, `${doc}: only ${paths.length} paths found; is the extraction broken?`);
      const missing = paths.filter((p) => !fs.existsSync(path.join(REPO_ROOT, p)));
      assert.deepStrictEqual(missing, [], `${doc} names paths that do not exist`);
    });
  }

  it('docs/ARCHITECTURE.md puts every folder of server/src on its map', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const named = new Set(namedPaths(text));
    assert.deepStrictEqual(
      SERVER_FOLDERS.filter((f) => !named.has(`server/src/${f}/`)),
      [],
    );
  });

  it("docs/ARCHITECTURE.md names each rule's file, and that file reports it", () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
    const section = text.slice(text.indexOf('Where each rule lives'));
    const bullets = section
      .slice(0, section.indexOf('\n\n', section.indexOf('\n- ')))
      .split('\n- ')
      .slice(1);
    const ids = RULES.map((r) => r.id as string);
    const listed: string[] = [];
    for (const bullet of bullets) {
      // `WFP1002–WFP1005` stands for every catalog id between the two.
      const named = [...bullet.matchAll(/(WFP\d{4})(?:–(WFP\d{4}))?/g)].flatMap(([, from, to]) =>
        ids.filter((id) => id >= from && id <= (to ?? from)),
      );
      const sources = namedPaths(bullet).map((p) => fs.readFileSync(path.join(REPO_ROOT, p), 'utf8'));
      for (const id of named) {
        listed.push(id);
        assert.ok(
          sources.some((src) => src.includes(`'${id}'`)),
          `${id}: none of ${namedPaths(bullet).join(', ')} reports it`,
        );
      }
    }
    assert.deepStrictEqual([...new Set(listed)].sort(), [...ids].sort(), 'every rule is listed');
  });

  it('extracts paths from backticks, full or in passing, and nothing else', () => {
    const sample =
      'See `server/src/rules/fixes.ts`, `rules/index.ts` and (`shared/protocol.ts`); run ' +
      '`node bench/summaries.mjs <folder>`; not `wfp/injectionFlow`, `a/b` or plain server/src/x.ts.';
    assert.deepStrictEqual(namedPaths(sample).sort(), [
      'bench/summaries.mjs',
      'server/src/rules/fixes.ts',
      'server/src/rules/index.ts',
      'shared/protocol.ts',
    ]);
  });
});
