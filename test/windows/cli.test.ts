// `wfp-inject check` under the Windows node.exe: drive-letter, backslash, forward-slash, relative,
// spaced and upper-case paths and unexpanded wildcards give the findings the Linux run gives,
// in one separator style; SARIF from node.exe validates; --fix writes the same bytes as on Linux.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI_JS, REPO_ROOT, fixture } from '../helpers/paths';
import { annotatedLocation } from '../helpers/annotations';
import { validateSarif } from '../helpers/sarifMultitool';
import { NODE_EXE, runWindows, winPath, type Run } from './harness/wine';

interface Finding {
  file: string;
  line: number;
  column: number;
  code: string;
}

const key = (f: Finding) => `${f.file}:${f.line}:${f.column}:${f.code}`;

describe('Windows: the CLI under node.exe', function () {
  this.timeout(120000);
  let dir: string;
  let winDir: string;
  let linux: string[];

  /** Findings of a node.exe run, with paths relative to the driver folder and `/`-separated. */
  function findings(run: Run): { keys: string[]; files: string[] } {
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.err}`);
    let results: Finding[];
    try {
      results = JSON.parse(run.out);
    } catch {
      throw new Error(`not JSON (exit ${run.code}):\n${run.out}\n${run.err}`);
    }
    const files = results.map((r) => r.file);
    const relative = (file: string) =>
      (file.toLowerCase().startsWith(winDir.toLowerCase() + '\\')
        ? file.slice(winDir.length + 1)
        : file
      ).replace(/\\/g, '/');
    return { keys: results.map((r) => key({ ...r, file: relative(r.file) })).sort(), files };
  }

  const checkJson = (...args: string[]) =>
    runWindows([winPath(CLI_JS), 'check', '--format', 'json', ...args], dir);

  before(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-wincli-')), 'My Driver');
    winDir = winPath(dir);
    fs.mkdirSync(path.join(dir, 'src', 'inject'), { recursive: true });
    fs.copyFileSync(fixture('uris', 'setup.c'), path.join(dir, 'src', 'setup.c'));
    fs.copyFileSync(fixture('uris', 'unload.c'), path.join(dir, 'src', 'unload.c'));
    fs.copyFileSync(fixture('uris', 'send.c'), path.join(dir, 'src', 'inject', 'send.c'));
    fs.copyFileSync(fixture('params', 'reserved_and_null.c'), path.join(dir, 'src', 'reserved_and_null.c'));
    const r = spawnSync(process.execPath, [CLI_JS, 'check', '--format', 'json', 'src'], {
      cwd: dir,
      encoding: 'utf8',
    });
    linux = (JSON.parse(r.stdout) as Finding[]).map(key).sort();
    assert.strictEqual(linux.length, 8, r.stdout);
  });

  it('gives the Linux findings for drive-letter, relative, forward-slash and upper-case paths', async () => {
    const forms = [
      [winPath(path.join(dir, 'src'))],
      ['src'],
      ['src\\inject\\send.c', 'src\\setup.c', 'src\\unload.c', 'src\\reserved_and_null.c'],
      ['src/inject/send.c', 'src/setup.c', 'src/unload.c', 'src/reserved_and_null.c'],
      [winPath(path.join(dir, 'src')).toUpperCase()],
    ];
    // One at a time: five node.exe under Wine at once on 2 busy cores once gave an empty stdout.
    const runs: Run[] = [];
    for (const args of forms) runs.push(await checkJson(...args));
    runs.forEach((run, i) => {
      const got = findings(run);
      if (i === 4) {
        // Upper-case paths name the same files; the report keeps the spelling it was given.
        assert.deepStrictEqual(
          got.keys.map((k) => k.toLowerCase()),
          linux.map((k) => k.toLowerCase()),
          forms[i].join(' '),
        );
      } else assert.deepStrictEqual(got.keys, linux, forms[i].join(' '));
      for (const f of got.files) assert.ok(!f.includes('/'), `one separator style: ${f}`);
    });
    assert.ok(findings(runs[0]).files.every((f) => f.startsWith('Z:\\')));
  });

  it('expands wildcards that cmd.exe and PowerShell leave alone', async () => {
    const all = await checkJson('src\\**\\*.c');
    assert.deepStrictEqual(findings(all).keys, linux);
    const some = await checkJson('src\\S*.C', 'src\\u?lo*', 'src/inject/*');
    assert.deepStrictEqual(
      findings(some).keys,
      linux.filter((k) => !k.startsWith('src/reserved_and_null.c')),
    );
  });

  it('writes text lines that the $wfp-inject problem matcher reads', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const matcher = new RegExp(pkg.contributes.problemMatchers[0].pattern.regexp);
    const run = await runWindows([winPath(CLI_JS), 'check', winPath(path.join(dir, 'src'))], dir);
    const lines = run.out.trimEnd().split(/\r?\n/);
    const matched = lines.map((l) => matcher.exec(l)).filter((m): m is RegExpExecArray => !!m);
    assert.strictEqual(matched.length, linux.length, run.out);
    for (const m of matched)
      assert.ok(fs.existsSync(path.join(dir, m[1].slice(winDir.length + 1).replace(/\\/g, '/'))), m[1]);
  });

  it('writes MSBuild lines with absolute Windows paths', async () => {
    const run = await runWindows(
      [winPath(CLI_JS), 'check', '--format', 'msbuild', 'src\\inject\\send.c'],
      dir,
    );
    assert.strictEqual(run.code, 0, run.err);
    const send = winPath(path.join(dir, 'src', 'inject', 'send.c'));
    const at = (rule: string) => annotatedLocation(fs.readFileSync(fixture('uris', 'send.c'), 'utf8'), rule);
    assert.deepStrictEqual(
      run.out
        .trimEnd()
        .split(/\r?\n/)
        .map((l) => /^(.*\(\d+,\d+\): \w+ WFP\d{4}): /.exec(l)?.[1]),
      [`${send}(${at('WFP2002')}): warning WFP2002`, `${send}(${at('WFP2005')}): warning WFP2005`],
    );
  });

  it('runs the Exec command of msbuild/WfpInject.targets through cmd.exe', async () => {
    const targets = fs.readFileSync(path.join(REPO_ROOT, 'msbuild', 'WfpInject.targets'), 'utf8');
    // The properties a project would set; node.exe by its full path, as WfpInjectNode allows.
    const props: Record<string, string> = {
      WfpInjectNode: winPath(fs.realpathSync(NODE_EXE)),
      WfpInjectCli: winPath(CLI_JS),
      WfpInjectTargetWindows: 'win10',
      WfpInjectPaths: `"${winPath(path.join(dir, 'src'))}"`,
    };
    const command = /<Exec Command="([^"]*)"/
      .exec(targets)![1]
      .replace(/&quot;/g, '"')
      .replace(/\$\((\w+)\)/g, (_, n: string) => props[n]);
    // Exec writes its command into a .cmd file and runs it with cmd.exe /Q /D /C.
    const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-exec-')), 'exec.cmd');
    fs.writeFileSync(script, `setlocal\r\n${command}\r\nexit %errorlevel%\r\n`);
    const run = await runWindows(['/Q', '/D', '/C', winPath(script)], dir, { program: 'cmd' });
    assert.strictEqual(run.code, 1, run.out + run.err);
    const lines = run.out.trimEnd().split(/\r?\n/);
    const codes = lines.map((l) => /^Z:\\.*\(\d+,\d+\): (?:error|warning) (WFP\d{4}): /.exec(l)?.[1]);
    assert.deepStrictEqual(codes.sort(), linux.map((k) => k.split(':').pop()).sort(), run.out);
  });

  it("writes SARIF that Microsoft's multitool validates, with URIs relative to %SRCROOT%", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-elsewhere-'));
    const runs = [
      await runWindows([winPath(CLI_JS), 'check', '--format', 'sarif', 'src'], dir),
      await runWindows(
        [
          winPath(CLI_JS),
          'check',
          '--format',
          'sarif',
          '--sarif-root',
          winDir,
          winPath(path.join(dir, 'src')),
        ],
        outside,
      ),
      await runWindows(
        [winPath(CLI_JS), 'check', '--format', 'sarif', winPath(path.join(dir, 'src'))],
        outside,
      ),
    ];
    const files = runs.map((run, i) => {
      assert.strictEqual(run.code, 1, run.err);
      const file = path.join(outside, `${i}.sarif`);
      fs.writeFileSync(file, run.out);
      return file;
    });
    const { problems, output } = validateSarif(files);
    assert.deepStrictEqual(problems, [], output);
    type Log = {
      runs: {
        originalUriBaseIds: Record<string, { uri: string }>;
        results: {
          locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
        }[];
      }[];
    };
    const logs: Log[] = runs.map((r) => JSON.parse(r.out));
    const first = (log: Log) => log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepStrictEqual(first(logs[0]), { uri: 'src/inject/send.c', uriBaseId: '%SRCROOT%' });
    assert.deepStrictEqual(first(logs[1]), { uri: 'src/inject/send.c', uriBaseId: '%SRCROOT%' });
    assert.strictEqual(
      logs[0].runs[0].originalUriBaseIds['%SRCROOT%'].uri,
      'file:///' + winDir.replace(/\\/g, '/').replace(/ /g, '%20') + '/',
    );
    assert.strictEqual(
      first(logs[2]).uri,
      'file:///' + winDir.replace(/\\/g, '/').replace(/ /g, '%20') + '/src/inject/send.c',
    );
  });

  it('--fix writes the bytes the Linux run writes, keeping CRLF, LF and the BOM', async () => {
    const sources = {
      params: fs.readFileSync(fixture('params', 'reserved_and_null.c'), 'utf8'),
      send: fs.readFileSync(fixture('uris', 'send.c'), 'utf8'),
    };
    const variants: Record<string, (t: string) => Buffer> = {
      lf: (t) => Buffer.from(t),
      crlf: (t) => Buffer.from(t.replace(/\n/g, '\r\n')),
      'bom-crlf': (t) =>
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t.replace(/\n/g, '\r\n'))]),
      'bom-lf': (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t)]),
    };
    const fixDir = (side: string) => {
      const d = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `wfp-fix-${side}-`)), 'fix me');
      fs.mkdirSync(d);
      for (const [variant, make] of Object.entries(variants)) {
        for (const [name, text] of Object.entries(sources))
          fs.writeFileSync(path.join(d, `${name}-${variant}.c`), make(text));
      }
      return d;
    };
    const onLinux = fixDir('linux');
    const onWindows = fixDir('windows');
    spawnSync(process.execPath, [CLI_JS, 'check', '--fix', onLinux], { encoding: 'utf8' });
    const run = await runWindows([winPath(CLI_JS), 'check', '--fix', winPath(onWindows)], dir);
    assert.ok(run.code === 0 || run.code === 1, run.err);
    for (const name of fs.readdirSync(onLinux)) {
      const original = (name.includes('crlf') ? variants.crlf : variants.lf)(
        sources[name.startsWith('params') ? 'params' : 'send'],
      );
      const linuxBytes = fs.readFileSync(path.join(onLinux, name));
      const windowsBytes = fs.readFileSync(path.join(onWindows, name));
      assert.ok(windowsBytes.equals(linuxBytes), `${name}: node.exe and Linux node wrote different bytes`);
      const text = windowsBytes.toString('utf8');
      assert.notStrictEqual(
        text.replace(/^\uFEFF/, ''),
        original.toString('utf8'),
        `${name}: nothing was fixed`,
      );
      assert.strictEqual(text.startsWith('\uFEFF'), name.includes('bom'), `${name}: BOM`);
      if (name.includes('crlf')) assert.ok(!/[^\r]\n/.test(text), `${name}: a bare LF`);
      else assert.ok(!text.includes('\r'), `${name}: a CR`);
    }
  });
});
