// SARIF that GitHub code scanning, Visual Studio and Microsoft's SARIF multitool accept: relative
// URIs under %SRCROOT%, escaped, for absolute, relative, spaced and `#` paths.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { CLI_JS, REPO_ROOT, fixture } from '../helpers/paths';
import { validateSarif } from '../helpers/sarifMultitool';
import type { RuleId } from '../../server/src/catalog/rules';

interface SarifLog {
  runs: {
    tool: {
      driver: {
        informationUri: string;
        rules: { id: RuleId; helpUri: string; fullDescription: { text: string } }[];
      };
    };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: RuleId;
      locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
    }[];
  }[];
}

/** The absolute path a result's artifact location resolves to, as a SARIF consumer computes it. */
function resolvedPath(log: SarifLog, result: SarifLog['runs'][0]['results'][0]): string {
  const loc = result.locations[0].physicalLocation.artifactLocation;
  const base = loc.uriBaseId ? log.runs[0].originalUriBaseIds[loc.uriBaseId].uri : undefined;
  return fileURLToPath(new URL(loc.uri, base));
}

describe('CLI SARIF output', function () {
  this.timeout(60000);
  let work: string;
  const cases: { name: string; cwd: string; args: string[]; sarif?: string; log?: SarifLog }[] = [];

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-sarif-'));
    for (const folder of ['plain', 'with space', 'issue #12', 'drv (x64) 100%']) {
      fs.mkdirSync(path.join(work, folder));
      for (const name of ['send.c', 'setup.c'])
        fs.copyFileSync(fixture('uris', name), path.join(work, folder, name));
    }
    cases.push(
      { name: 'relative path', cwd: work, args: ['plain'] },
      { name: 'absolute path under the current folder', cwd: work, args: [path.join(work, 'with space')] },
      {
        name: 'absolute path outside the current folder',
        cwd: REPO_ROOT,
        args: [path.join(work, 'issue #12')],
      },
      {
        name: 'relative path with --sarif-root',
        cwd: path.join(work, 'plain'),
        args: [path.join('..', 'drv (x64) 100%'), '--sarif-root', work],
      },
      {
        name: 'a file above --sarif-root',
        cwd: work,
        args: [path.join(work, 'plain', 'send.c'), '--sarif-root', path.join(work, 'with space')],
      },
    );
    for (const c of cases) {
      const r = spawnSync(process.execPath, [CLI_JS, 'check', '--format', 'sarif', ...c.args], {
        cwd: c.cwd,
        encoding: 'utf8',
      });
      assert.ok(r.status === 0 || r.status === 1, `${c.name}: ${r.stderr}`);
      c.sarif = path.join(work, `${cases.indexOf(c)}.sarif`);
      fs.writeFileSync(c.sarif, r.stdout);
      c.log = JSON.parse(r.stdout);
    }
  });

  it("validates with 0 errors and 0 warnings in Microsoft's SARIF multitool (SARIF and GitHub rules)", function () {
    // The Windows lane validates node.exe's SARIF with the Linux multitool from outside.
    if (process.platform !== 'linux') this.skip();
    const { problems, output } = validateSarif(cases.map((c) => c.sarif!));
    assert.deepStrictEqual(problems, [], output);
  });

  it('names each file by a URI that resolves back to its path', () => {
    for (const c of cases) {
      const log = c.log!;
      assert.ok(log.runs[0].results.length >= 2, c.name);
      for (const result of log.runs[0].results) {
        const loc = result.locations[0].physicalLocation.artifactLocation;
        assert.ok(!/[ #]/.test(loc.uri), `${c.name}: ${loc.uri} is not escaped`);
        const expected = path.resolve(
          c.cwd,
          c.args[0].endsWith('.c') ? c.args[0] : path.join(c.args[0], 'send.c'),
        );
        if (result.ruleId !== 'WFP3007') assert.strictEqual(resolvedPath(log, result), expected, c.name);
      }
    }
  });

  it('uses %SRCROOT% for files under the root and a file: URI for the others', () => {
    const uriBase = (i: number) =>
      cases[i].log!.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepStrictEqual(uriBase(0), { uri: 'plain/send.c', uriBaseId: '%SRCROOT%' });
    assert.deepStrictEqual(uriBase(1), { uri: 'with%20space/send.c', uriBaseId: '%SRCROOT%' });
    assert.match(uriBase(2).uri, /^file:\/\/\/.*issue%20%2312\/send\.c$/);
    assert.strictEqual(uriBase(2).uriBaseId, undefined);
    assert.deepStrictEqual(uriBase(3), { uri: 'drv%20(x64)%20100%25/send.c', uriBaseId: '%SRCROOT%' });
    assert.strictEqual(uriBase(4).uriBaseId, undefined, 'a file above the root is not written as ../');
    for (const c of cases)
      assert.match(c.log!.runs[0].originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/\/.*\/$/);
  });

  it('describes the tool and every rule', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const driver = cases[0].log!.runs[0].tool.driver;
    assert.strictEqual(
      driver.informationUri,
      `https://marketplace.visualstudio.com/items?itemName=${pkg.publisher}.${pkg.name}`,
    );
    for (const rule of driver.rules) {
      assert.match(rule.helpUri, /^https:\/\/learn\.microsoft\.com\//, rule.id);
      assert.ok(rule.fullDescription.text.length > 20, rule.id);
    }
  });
});
