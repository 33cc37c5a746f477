// The `wfp-inject` task and the `$wfp-inject` problem matcher contributed in package.json: the
// matcher reads every line the CLI's text format writes, with Linux and Windows paths.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { checkArgs } from '../../client/src/checkTaskArgs';
import { CLI_JS, REPO_ROOT, fixture } from '../helpers/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const matcher = pkg.contributes.problemMatchers.find((m: { name: string }) => m.name === 'wfp-inject');
const pattern = new RegExp(matcher.pattern.regexp);

function match(line: string) {
  const m = pattern.exec(line);
  if (!m) return undefined;
  const p = matcher.pattern;
  return {
    file: m[p.file],
    line: Number(m[p.line]),
    column: Number(m[p.column]),
    severity: m[p.severity],
    code: m[p.code],
    message: m[p.message],
  };
}

describe('the wfp-inject task and its problem matcher', () => {
  it('matches each finding line of the text format and nothing else', () => {
    const r = spawnSync(process.execPath, [CLI_JS, 'check', path.relative(REPO_ROOT, fixture('uris'))], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const json = spawnSync(
      process.execPath,
      [CLI_JS, 'check', '--format', 'json', path.relative(REPO_ROOT, fixture('uris'))],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    const expected = JSON.parse(json.stdout).map(
      (f: {
        file: string;
        line: number;
        column: number;
        severity: string;
        code: string;
        message: string;
      }) => ({
        file: f.file,
        line: f.line,
        column: f.column,
        severity: f.severity,
        code: f.code,
        message: f.message,
      }),
    );
    assert.ok(expected.length >= 3);
    const lines = r.stdout.trimEnd().split(/\r?\n/);
    assert.deepStrictEqual(lines.map(match).filter(Boolean), expected);
    assert.strictEqual(match(lines[lines.length - 1]), undefined, 'the summary line is not a finding');
  });

  it('reads Windows paths with a drive letter and spaces', () => {
    assert.deepStrictEqual(
      match('C:\\My Drivers\\drv (x64)\\send.c:48:14: warning WFP2002: `clone` leaks: see C:\\x:1:2.'),
      {
        file: 'C:\\My Drivers\\drv (x64)\\send.c',
        line: 48,
        column: 14,
        severity: 'warning',
        code: 'WFP2002',
        message: '`clone` leaks: see C:\\x:1:2.',
      },
    );
  });

  it('builds the CLI arguments from the task definition and the setting', () => {
    assert.deepStrictEqual(checkArgs('cli.js', { type: 'wfp-inject' }, 'auto'), [
      'cli.js',
      'check',
      '--format',
      'text',
      '.',
    ]);
    assert.deepStrictEqual(checkArgs('cli.js', { type: 'wfp-inject', paths: ['src/**/*.c'] }, 'win7'), [
      'cli.js',
      'check',
      '--format',
      'text',
      '--target',
      'win7',
      'src/**/*.c',
    ]);
    assert.deepStrictEqual(checkArgs('cli.js', { type: 'wfp-inject', target: 'win8', fix: true }, 'win7'), [
      'cli.js',
      'check',
      '--format',
      'text',
      '--target',
      'win8',
      '--fix',
      '.',
    ]);
  });

  it('declares the task type the client provides', () => {
    const def = pkg.contributes.taskDefinitions.find((d: { type: string }) => d.type === 'wfp-inject');
    assert.ok(def);
    assert.deepStrictEqual(Object.keys(def.properties).sort(), ['fix', 'paths', 'target']);
    assert.deepStrictEqual(def.properties.target.enum, ['vista', 'win7', 'win8', 'win10']);
  });
});
