// Bundles client, server and CLI into dist/ and copies the tree-sitter wasm files beside them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { createRequire } from 'module';
import { basename, join } from 'path';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');

// web-tree-sitter reads import.meta.url, which a CommonJS bundle lacks.
const importMetaShim = {
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
};

mkdirSync('dist/webview', { recursive: true });
mkdirSync('dist/meta', { recursive: true });
const [, server, cli, webview] = await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    ...importMetaShim,
    define: { ...common.define, ...importMetaShim.define },
    entryPoints: ['server/src/server.ts'],
    outfile: 'dist/server.js',
    metafile: true,
  }),
  esbuild.build({
    ...common,
    ...importMetaShim,
    define: { ...common.define, ...importMetaShim.define },
    entryPoints: ['server/src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + importMetaShim.banner.js },
    metafile: true,
  }),
  // The flow panel's renderer runs in the webview (a browser), not in node.
  esbuild.build({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['client/webview/main.ts'],
    outfile: 'dist/webview/main.js',
    metafile: true,
  }),
]);

// What each bundle is made of, for the tests that check it (cliBundle, sharedProtocol); not
// packaged. Tests read these rather than run esbuild: the Windows lane's node.exe has no binary.
writeFileSync('dist/meta/server.json', JSON.stringify(server.metafile));
writeFileSync('dist/meta/cli.json', JSON.stringify(cli.metafile));
writeFileSync('dist/meta/webview.json', JSON.stringify(webview.metafile));
copyFileSync('client/webview/style.css', 'dist/webview/style.css');
for (const specifier of [
  'web-tree-sitter/tree-sitter.wasm',
  'tree-sitter-c/tree-sitter-c.wasm',
  'tree-sitter-cpp/tree-sitter-cpp.wasm',
]) {
  copyFileSync(require.resolve(specifier), join('dist', basename(specifier)));
}
