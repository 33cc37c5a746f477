// The lint rule against import cycles (scripts/eslint/no-import-cycle.mjs), run through the ESLint
// CLI on a throwaway project: a cycle made only of `import type` is reported with its chain.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { REPO_ROOT } from '../helpers/paths';

const ESLINT_BIN = path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const RULE = path.join(REPO_ROOT, 'scripts', 'eslint', 'no-import-cycle.mjs');

interface LintMessage {
  ruleId: string;
  line: number;
  message: string;
}

function lint(files: Record<string, string>): Record<string, LintMessage[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-lint-'));
  try {
    const parser = pathToFileURL(require.resolve('@typescript-eslint/parser', { paths: [REPO_ROOT] })).href;
    fs.writeFileSync(
      path.join(dir, 'eslint.config.mjs'),
      [
        `import parser from '${parser}';`,
        `import local from '${pathToFileURL(RULE).href}';`,
        'export default [{ files: ["**/*.ts"], languageOptions: { parser }, plugins: { local },',
        '  rules: { "local/no-import-cycle": "error" } }];',
      ].join('\n'),
    );
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    const r = spawnSync(process.execPath, [ESLINT_BIN, '--format', 'json', '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.ok(r.stdout, r.stderr);
    const byFile: Record<string, LintMessage[]> = {};
    for (const result of JSON.parse(r.stdout) as { filePath: string; messages: LintMessage[] }[]) {
      byFile[path.relative(dir, result.filePath).replaceAll('\\', '/')] = result.messages;
    }
    return byFile;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('lint rule: no import cycle', () => {
  let results: Record<string, LintMessage[]>;
  const CYCLE = 'cycle/facts.ts → cycle/origins.ts → cycle/index/index.ts → cycle/facts.ts';
  const MOVE = 'Move what both sides need into a module below them.';

  before(function () {
    this.timeout(60000);
    results = lint({
      // Type-only imports all the way round, through a folder's index.ts.
      'cycle/facts.ts':
        "import type { Origin } from './origins';\nexport interface Facts { origin: Origin }\n",
      'cycle/origins.ts': "import type { Index } from './index';\nexport type Origin = Index['kind'];\n",
      'cycle/index/index.ts':
        "import type { Facts } from '../facts';\nexport interface Index { kind: string; f: Facts }\n",
      'cycle/user.ts': "import type { Facts } from './facts';\nexport type Uses = Facts;\n",
      // One way only, with a re-export and a dynamic import.
      'oneway/top.ts': "export * from './middle';\nexport const load = () => import('./bottom');\n",
      'oneway/middle.ts': "import { base } from './bottom';\nexport const middle = base + 1;\n",
      'oneway/bottom.ts': 'export const base = 1;\n',
      // Back through a dynamic import.
      'dynamic/top.ts': "export * from './middle';\n",
      'dynamic/middle.ts': "export const load = () => import('./top');\n",
    });
  });

  it('reports a cycle of type-only imports in every file on it, with the chain', () => {
    assert.deepStrictEqual(
      results['cycle/facts.ts'].map((m) => [m.ruleId, m.line, m.message]),
      [['local/no-import-cycle', 1, `Import cycle: ${CYCLE}. ${MOVE}`]],
    );
    assert.strictEqual(results['cycle/origins.ts'].length, 1);
    assert.strictEqual(results['cycle/index/index.ts'].length, 1);
    assert.deepStrictEqual(results['cycle/user.ts'], [], 'importing into a cycle is not being on it');
  });

  it('is silent on imports that only go one way, re-exports and dynamic imports included', () => {
    assert.deepStrictEqual(
      Object.entries(results).filter(([file, messages]) => file.startsWith('oneway/') && messages.length),
      [],
    );
  });

  it('follows re-exports and dynamic imports into a cycle', () => {
    assert.deepStrictEqual(
      results['dynamic/top.ts'].map((m) => m.message),
      [`Import cycle: dynamic/top.ts → dynamic/middle.ts → dynamic/top.ts. ${MOVE}`],
    );
  });
});
