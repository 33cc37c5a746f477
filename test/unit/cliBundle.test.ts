// The CLI bundle is the engine, the tree-sitter runtime and vscode-uri: the LSP libraries (about
// 380 KB of a 1 MB bundle once, dragged in through a view module) belong to the server alone.
// Read from the metafiles scripts/build.mjs writes beside the bundles.
import * as assert from 'assert';
import type { Metafile } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/paths';

const LSP_MODULE = /node_modules[\\/](vscode-languageserver[^\\/]*|vscode-jsonrpc)[\\/]/;

/** The source files esbuild put in a bundle. */
function bundledInputs(bundle: 'cli' | 'server'): string[] {
  const meta = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'dist', 'meta', `${bundle}.json`), 'utf8'),
  ) as Metafile;
  return Object.keys(meta.inputs);
}

describe('CLI bundle', () => {
  it('holds no vscode-languageserver or vscode-jsonrpc module', () => {
    const inputs = bundledInputs('cli');
    assert.ok(
      inputs.some((i) => i.endsWith('rules/fixes.ts')),
      'the metafile lists the engine',
    );
    assert.deepStrictEqual(
      inputs.filter((i) => LSP_MODULE.test(i)),
      [],
    );
  });

  it('holds no LSP view (server/src/features/) and not the server', () => {
    assert.deepStrictEqual(
      bundledInputs('cli').filter(
        (i) => i.startsWith('server/src/features/') || i === 'server/src/server.ts',
      ),
      [],
    );
  });

  it('the same check sees the LSP libraries in the server bundle', () => {
    assert.ok(bundledInputs('server').some((i) => LSP_MODULE.test(i)));
  });
});
