// The CLI bundle is the engine, the tree-sitter runtime and vscode-uri: the LSP libraries (about
// 380 KB of a 1 MB bundle once, dragged in through a view module) belong to the server alone.
import * as assert from 'assert';
import { build, type Metafile } from 'esbuild';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/paths';

const LSP_MODULE = /node_modules[\\/](vscode-languageserver[^\\/]*|vscode-jsonrpc)[\\/]/;

/** The modules esbuild puts in the bundle of `entry`, bundled as scripts/build.mjs does. */
async function bundledInputs(entry: string): Promise<Metafile['inputs']> {
  const result = await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    define: { 'import.meta.url': 'importMetaUrl' },
    outfile: 'bundle.js',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return result.metafile.inputs;
}

describe('CLI bundle', function () {
  this.timeout(60000);

  it('holds no vscode-languageserver or vscode-jsonrpc module', async () => {
    const inputs = Object.keys(await bundledInputs('server/src/cli.ts'));
    assert.ok(
      inputs.some((i) => i.endsWith('rules/fixes.ts')),
      'the bundle was read: the engine is in it',
    );
    assert.deepStrictEqual(
      inputs.filter((i) => LSP_MODULE.test(i)),
      [],
    );
  });

  it('the same check sees the LSP libraries in the server bundle', async () => {
    const inputs = Object.keys(await bundledInputs('server/src/server.ts'));
    assert.ok(inputs.some((i) => LSP_MODULE.test(i)));
  });
});
