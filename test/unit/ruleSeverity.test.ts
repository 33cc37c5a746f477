// One id, one severity: every finding the fixtures produce has the severity the rule catalog
// gives its id, and SARIF reports it at its rule's default level, so what docs/rules.md and a
// SARIF consumer read about an id is what the editor and the CLI show.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getRule, RULES } from '../../server/src/catalog/rules';
import { formatSarif } from '../../server/src/cli/sarif';
import type { Finding } from '../../server/src/rules';
import { checkFixtures } from '../helpers/check';
import { FIXTURES } from '../helpers/paths';

const SOURCE = /\.(c|cpp|h)$/;

/** Every finding of every fixture, each folder checked as one workspace. */
async function fixtureFindings(): Promise<{ name: string; line: number; finding: Finding }[]> {
  const out: { name: string; line: number; finding: Finding }[] = [];
  for (const folder of fs
    .readdirSync(FIXTURES)
    .filter((n) => fs.statSync(path.join(FIXTURES, n)).isDirectory())) {
    const names = fs.readdirSync(path.join(FIXTURES, folder)).filter((n) => SOURCE.test(n));
    if (!names.length) continue;
    const checked = await checkFixtures(...names.map((n) => [folder, n]));
    for (const [name, { file, findings }] of checked)
      for (const finding of findings)
        out.push({ name: `${folder}/${name}`, line: file.positionAt(finding.start).line + 1, finding });
  }
  return out;
}

describe('rule severities', function () {
  let all: { name: string; line: number; finding: Finding }[];
  before(async () => {
    all = await fixtureFindings();
  });

  it('the fixtures exercise every rule of the catalog', () => {
    const seen = new Set(all.map((f) => f.finding.ruleId));
    assert.deepStrictEqual(
      RULES.map((r) => r.id).filter((id) => !seen.has(id)),
      [],
    );
  });

  it("every finding has its rule's catalog severity", () => {
    for (const { name, line, finding } of all)
      assert.strictEqual(
        finding.severity,
        getRule(finding.ruleId).severity,
        `${name}:${line} ${finding.ruleId}: ${finding.message}`,
      );
  });

  it("SARIF reports every result at its rule's default level", () => {
    const sarif = JSON.parse(
      formatSarif(
        all.map(({ name, line, finding }) => ({
          file: name,
          line,
          column: 1,
          endLine: line,
          endColumn: 1,
          code: finding.ruleId,
          severity: finding.severity,
          message: finding.message,
        })),
        '0.0.0',
      ),
    );
    const run = sarif.runs[0];
    for (const result of run.results)
      assert.strictEqual(
        result.level,
        run.tool.driver.rules[result.ruleIndex].defaultConfiguration.level,
        `${result.ruleId}: ${result.message.text}`,
      );
  });
});
