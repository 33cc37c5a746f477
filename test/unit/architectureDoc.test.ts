// The architecture map must not rot: every path docs/ARCHITECTURE.md (and CONTRIBUTING.md) names in
// backticks exists, and every folder of the server's source is on the map, so a move or a new
// folder fails here until the doc follows.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
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
