// Lint rules for the whole repository (npm run lint, run by npm test). Layout is Prettier's job;
// these rules catch mistakes and keep the layers of docs/ARCHITECTURE.md pointing one way.
// CONTRIBUTING.md says why each is here. No --cache: the cycle rule reads other files, and a
// cache keyed on the linted file alone would miss a cycle closed elsewhere.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import local from './scripts/eslint/no-import-cycle.mjs';

// Who may import whom in server/src (docs/ARCHITECTURE.md). Each zone names a folder or file
// (target) and what it must not import (from): the catalog is data at the bottom; parse → analysis
// → rules is the engine, each layer importing only those below it; views (features/, the LSP
// wiring, the CLI) sit on top. Type-only imports count: they tie the files together all the same.
const src = './server/src';
const lsp = [`${src}/server.ts`, `${src}/documents.ts`, `${src}/workspaceFindings.ts`];
const cli = [`${src}/cli.ts`, `${src}/cli`];
const views = [`${src}/features`, ...lsp, ...cli];
const layerZones = [
  {
    target: `${src}/catalog`,
    from: src,
    except: ['./catalog'],
    message: 'The catalog is data at the bottom: it imports nothing else of the server.',
  },
  {
    target: `${src}/parse`,
    from: [`${src}/analysis`, `${src}/rules`, `${src}/project`, ...views],
    message: 'parse/ sits below project/, analysis/, rules/ and the views.',
  },
  {
    target: `${src}/analysis`,
    from: [`${src}/rules`, `${src}/project`, ...views],
    message: 'analysis/ sits below rules/ and the views.',
  },
  {
    target: `${src}/rules`,
    from: views,
    message: 'rules/ is engine: the views import it, never the other way.',
  },
  {
    target: `${src}/features`,
    from: [...lsp, ...cli],
    message: 'features/ answers one request each; the LSP wiring and the CLI import it, not the reverse.',
  },
  {
    target: `${src}/workspace`,
    from: views,
    message: 'workspace/ (scan, read, index) serves both the server and the CLI, so it imports neither.',
  },
  {
    target: cli,
    from: [`${src}/features`, ...lsp],
    message:
      'The CLI reuses the engine, not the editor views: those bring vscode-languageserver into dist/cli.js.',
  },
  {
    target: './client',
    from: './server',
    message: 'The client talks to the server over LSP only; what both need lives in shared/.',
  },
  {
    target: './shared',
    from: ['./server', './client'],
    except: ['./src/catalog'],
    message:
      'shared/ is imported by the server and the client; of them it imports only the catalog (rule ids, layer types).',
  },
];

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'out/', 'test/output/', 'test/fixtures/', '.cache/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, local },
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.mjs', '.js', '.json', '.node'] }),
      ],
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-nested-ternary': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports' },
      ],
      'import-x/no-duplicates': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'local/no-import-cycle': 'error',
    },
  },
  {
    // The engine and the CLI run without an editor: no LSP library below the views.
    files: [
      'server/src/{catalog,parse,analysis,rules,project,workspace,cli}/**/*.ts',
      'server/src/cli.ts',
      'shared/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'vscode-languageserver',
                'vscode-languageserver/*',
                'vscode-jsonrpc',
                'vscode-jsonrpc/*',
              ],
              message:
                'LSP types belong in the views (features/, server.ts); the engine and the CLI stay editor-free.',
            },
          ],
        },
      ],
    },
  },
  {
    // Expected fixes are matched as the fix lays them out, indentation spelled out in spaces.
    files: ['test/**/*.ts'],
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    files: ['client/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // The webview bundle runs in the browser: from outside its folder it takes types only.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./',
              allowTypeImports: true,
              message: 'The webview imports only types from outside client/webview (import type).',
            },
          ],
        },
      ],
    },
  },
);
