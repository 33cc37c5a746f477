// `--format msbuild` and wildcard arguments, run as a real process.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI_JS, REPO_ROOT, fixture } from '../helpers/paths';
import { annotatedLocation } from '../helpers/annotations';

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], { encoding: 'utf8', cwd });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// MSBuild's canonical error pattern (CanonicalError.cs), which Exec and Visual Studio apply.
const ORIGIN_CATEGORY_CODE_TEXT =
  /^\s*(((?<ORIGIN>(((\d+>)?[a-zA-Z]?:[^:]*)|([^:]*))):)|())(?<SUBCATEGORY>(()|([^:]*? )))(?<CATEGORY>(error|warning))( \s*(?<CODE>[^: ]*))?\s*:(?<TEXT>.*)$/i;
const FILENAME_LOCATION = /^(?<FILENAME>.*)\((?<LOCATION>[,0-9-]*)\)\s*$/;

function makeDriver(): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-formats-')), 'my driver');
  fs.mkdirSync(path.join(dir, 'src', 'inject'), { recursive: true });
  fs.copyFileSync(fixture('uris', 'setup.c'), path.join(dir, 'src', 'setup.c'));
  fs.copyFileSync(fixture('uris', 'unload.c'), path.join(dir, 'src', 'unload.c'));
  fs.copyFileSync(fixture('uris', 'send.c'), path.join(dir, 'src', 'inject', 'send.c'));
  fs.writeFileSync(path.join(dir, 'src', 'README.md'), 'FwpsInjectNetworkSendAsync0 explained\n');
  return dir;
}

describe('CLI --format msbuild', () => {
  it('writes one canonical line per finding with an absolute path, line and column', () => {
    const dir = makeDriver();
    const r = cli(dir, 'check', '--format', 'msbuild', 'src');
    assert.strictEqual(r.code, 1, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.strictEqual(lines.length, 3);
    const parsed = lines.map((l) => {
      const m = ORIGIN_CATEGORY_CODE_TEXT.exec(l);
      assert.ok(m, `not canonical: ${l}`);
      const origin = FILENAME_LOCATION.exec(m.groups!.ORIGIN);
      assert.ok(origin, `no (line,col): ${l}`);
      return {
        file: origin.groups!.FILENAME,
        location: origin.groups!.LOCATION,
        category: m.groups!.CATEGORY,
        code: m.groups!.CODE,
        text: m.groups!.TEXT,
      };
    });
    const send = path.join(dir, 'src', 'inject', 'send.c');
    const at = (rule: string) => annotatedLocation(fs.readFileSync(send, 'utf8'), rule);
    assert.deepStrictEqual(
      parsed.map((p) => [p.file, p.location, p.category, p.code]),
      [
        [send, at('WFP2002'), 'warning', 'WFP2002'],
        [send, at('WFP2005'), 'warning', 'WFP2005'],
        [send, at('WFP3001'), 'error', 'WFP3001'],
      ],
    );
    assert.match(parsed[2].text, /^ `gSendHandle` was created with FWPS_INJECTION_TYPE_NETWORK/);
  });

  it('writes nothing for a clean folder', () => {
    const dir = makeDriver();
    fs.unlinkSync(path.join(dir, 'src', 'inject', 'send.c'));
    const r = cli(dir, 'check', '--format', 'msbuild', 'src');
    assert.strictEqual(r.code, 0, r.err);
    assert.strictEqual(r.out, '');
  });
});

describe('CLI wildcards (for shells that do not expand them)', () => {
  const json = (dir: string, ...args: string[]) => {
    const r = cli(dir, 'check', '--format', 'json', ...args);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    return [...new Set(JSON.parse(r.out).map((x: { file: string }) => x.file))].sort();
  };

  it('expands * and ? within a folder and ** across folders', () => {
    const dir = makeDriver();
    const send = path.join('src', 'inject', 'send.c');
    assert.deepStrictEqual(json(dir, path.join('src', 's*.c')), [path.join('src', 'setup.c')]);
    assert.deepStrictEqual(json(dir, path.join('src', '**', 'se?d.c'), path.join('src', '*.c')), [send]);
    assert.deepStrictEqual(json(dir, path.join('**', '*.c')), [send]);
    assert.deepStrictEqual(
      json(dir, path.join(dir, 'src', '*')),
      [path.join(dir, send)],
      'a folder matched by * is checked; README.md is not',
    );
  });

  it('says which pattern matched nothing', () => {
    const r = cli(makeDriver(), 'check', path.join('src', 'leak_*.c'));
    assert.strictEqual(r.code, 2);
    assert.match(r.err, /no such file or folder: .*leak_\*\.c/);
  });

  it('keeps a file whose name really has a * in it', function () {
    if (process.platform === 'win32') this.skip(); // Windows file names cannot contain *
    const dir = makeDriver();
    fs.renameSync(path.join(dir, 'src', 'inject', 'send.c'), path.join(dir, 'src', 'inject', 'send*.c'));
    assert.deepStrictEqual(json(dir, path.join('src', 'inject', 'send*.c'), 'src'), [
      path.join('src', 'inject', 'send*.c'),
    ]);
  });
});

describe('msbuild/WfpInject.targets', () => {
  const targets = fs.readFileSync(path.join(REPO_ROOT, 'msbuild', 'WfpInject.targets'), 'utf8');
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&amp;/g, '&');

  /** The Exec command line with the properties MSBuild would substitute. */
  function execCommand(props: Record<string, string>): string {
    const command = unescape(/<Exec Command="([^"]*)"/.exec(targets)![1]);
    return command.replace(/\$\((\w+)\)/g, (_, name: string) => {
      assert.ok(name in props, `$(${name}) is not set by the test`);
      return props[name];
    });
  }

  it('gives every property it uses a default', () => {
    const used = new Set([...targets.matchAll(/\$\((WfpInject\w+)\)/g)].map((m) => m[1]));
    for (const name of used)
      assert.match(targets, new RegExp(`<${name} Condition="'\\$\\(${name}\\)' == ''">`), name);
  });

  it('runs the checker with options it accepts and gets canonical lines back', function () {
    if (process.platform === 'win32') this.skip(); // the Windows lane runs it through cmd.exe
    const dir = makeDriver();
    const command = execCommand({
      WfpInjectNode: process.execPath,
      WfpInjectCli: CLI_JS,
      WfpInjectTargetWindows: 'win10',
      WfpInjectPaths: `"${path.join(dir, 'src')}"`,
    });
    const r = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
    assert.strictEqual(r.status, 1, r.stderr);
    assert.deepStrictEqual(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => ORIGIN_CATEGORY_CODE_TEXT.exec(l)?.groups?.CODE),
      ['WFP2002', 'WFP2005', 'WFP3001'],
    );
  });
});
