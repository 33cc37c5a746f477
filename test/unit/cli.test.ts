// The CLI contract: formats, exit codes and --fix, run as a real process on copies of fixtures.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { annotatedLocation } from '../helpers/annotations';
import { CLI_JS, fixture } from '../helpers/paths';
import { twoDriverRepo } from '../helpers/twoDrivers';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function copyFixture(name: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-cli-'));
  const dest = path.join(dir, name[name.length - 1]);
  fs.copyFileSync(fixture(...name), dest);
  return dest;
}

describe('CLI wfp-inject check', () => {
  it('prints the JSON contract and exits 1 on errors', () => {
    const r = cli('check', '--format', 'json', fixture('params', 'reserved_and_null.c'));
    assert.strictEqual(r.code, 1, r.err);
    const results = JSON.parse(r.out);
    assert.strictEqual(results.length, 5);
    for (const x of results) {
      assert.deepStrictEqual(Object.keys(x).sort(), [
        'code',
        'column',
        'endColumn',
        'endLine',
        'file',
        'line',
        'message',
        'severity',
      ]);
      assert.ok(x.line >= 1 && x.column >= 1);
    }
  });

  it('exits 0 on clean folders and 2 on bad usage', () => {
    assert.strictEqual(cli('check', fixture('driver')).code, 0);
    assert.strictEqual(cli('check').code, 2);
    assert.strictEqual(cli('check', '--format', 'xml', fixture('driver')).code, 2);
    assert.strictEqual(cli('check', '/no/such/path.c').code, 2);
  });

  it('writes SARIF 2.1.0 with rule metadata', () => {
    const r = cli('check', '--format', 'sarif', fixture('params', 'reserved_and_null.c'));
    const sarif = JSON.parse(r.out);
    assert.strictEqual(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].tool.driver.rules.some((x: { id: string }) => x.id === 'WFP1002'));
    assert.strictEqual(sarif.runs[0].results.length, 5);
  });

  it('--fix applies safe fixes once, keeps CRLF and the rest of the file', () => {
    const file = copyFixture(['params', 'reserved_and_null.c']);
    const crlf = fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n');
    fs.writeFileSync(file, crlf);
    cli('check', '--fix', file);
    const fixed = fs.readFileSync(file, 'utf8');
    assert.ok(!/[^\r]\n/.test(fixed), 'only CRLF line ends');
    assert.ok(fixed.includes('FwpsInjectTransportReceiveAsync0(gHandle, NULL, NULL, 0, AF_INET'));
    assert.ok(fixed.includes('\r\n    FwpsFreeCloneNetBufferList0(nbl, 0);\r\n'));
    const r = cli('check', '--format', 'json', file);
    assert.deepStrictEqual(
      JSON.parse(r.out)
        .map((x: { code: string }) => x.code)
        .sort(),
      ['WFP1001', 'WFP1005'],
    );
    cli('check', '--fix', file);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), fixed, 'second --fix changes nothing');
    const removed = crlf.length - fixed.length;
    assert.strictEqual(removed, '(PVOID)&cid'.length - 4 + 1 - 1 + 'FWPS_INJECTION_TYPE_NETWORK'.length - 1);
  });

  it('knows a packet builder kept in a file that uses only NDIS (the file is indexed, not checked)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-cli-'));
    for (const name of ['packet.c', 'inject.c'])
      fs.copyFileSync(fixture('ownership', 'ndis-helper', name), path.join(dir, name));
    const r = cli('check', '--format', 'json', dir);
    const results = JSON.parse(r.out) as { file: string; line: number; column: number; code: string }[];
    assert.deepStrictEqual(
      results.map((x) => [path.basename(x.file), `${x.line},${x.column}`, x.code]),
      [
        [
          'inject.c',
          annotatedLocation(fs.readFileSync(path.join(dir, 'inject.c'), 'utf8'), 'WFP2002'),
          'WFP2002',
        ],
      ],
      r.err,
    );
  });

  it("follows the unload routine set in a file that names nothing of WFP (DriverEntry's)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-cli-'));
    for (const name of ['entry.c', 'callout.c'])
      fs.copyFileSync(fixture('handles', 'unload-elsewhere', name), path.join(dir, name));
    const r = cli('check', '--format', 'json', dir);
    const results = JSON.parse(r.out) as { file: string; line: number; column: number; message: string }[];
    const text = fs.readFileSync(path.join(dir, 'callout.c'), 'utf8');
    assert.deepStrictEqual(
      results.map((x) => [path.basename(x.file), `${x.line},${x.column}`]),
      [['callout.c', annotatedLocation(text, 'WFP3007')]],
      r.err,
    );
    assert.match(results[0].message, /CalloutStop is on the driver's unload path/);
  });

  it('indexes each solution folder on its own: one driver does not complete what another pends', () => {
    const repo = twoDriverRepo();
    const r = cli('check', '--format', 'json', repo);
    const results = JSON.parse(r.out) as { file: string; code: string }[];
    assert.deepStrictEqual(
      results.map((x) => [path.relative(repo, x.file).split(path.sep).join('/'), x.code]),
      [['forgets/sys/connect_pend.c', 'WFP3008']],
      r.err,
    );
    // Without solutions the repository is one driver, as before.
    for (const folder of ['forgets', 'completes']) fs.rmSync(path.join(repo, folder, `${folder}.sln`));
    assert.deepStrictEqual(JSON.parse(cli('check', '--format', 'json', repo).out), []);
  });

  it('reports skipped binary files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-cli-'));
    fs.writeFileSync(path.join(dir, 'junk.c'), Buffer.from([0, 1, 2, 0, 0, 255]));
    const r = cli('check', dir);
    assert.strictEqual(r.code, 0);
    assert.match(r.out, /junk\.c: skipped \(looks binary/);
  });

  it('reads a UTF-16 header (a handle created there is known), prints --stats, takes -D', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-cli-'));
    const header =
      '#pragma once\r\nextern HANDLE gForwardHandle;\r\nNTSTATUS CreateHandles(void) { return FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_FORWARD, &gForwardHandle); }\r\n';
    fs.writeFileSync(
      path.join(dir, 'handles.h'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(header, 'utf16le')]),
    );
    const source = [
      '#include "handles.h"',
      '#if VENDOR_SEND_PATH',
      'void Send(NET_BUFFER_LIST* nbl, COMPARTMENT_ID cid) { FwpsInjectNetworkSendAsync0(gForwardHandle, NULL, 0, cid, nbl, Done, NULL); }',
      '#endif',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'send.c'), source);
    const codes = (r: { out: string }) => JSON.parse(r.out).map((x: { code: string }) => x.code);
    // Unknown: some build may compile the branch, so it is read as it is and judged.
    assert.deepStrictEqual(
      codes(cli('check', '--format', 'json', path.join(dir, 'send.c'), path.join(dir, 'handles.h'))),
      ['WFP3001', 'WFP3007'],
    );
    assert.deepStrictEqual(
      codes(cli('check', '--format', 'json', '-D', 'VENDOR_SEND_PATH=0', dir)),
      ['WFP3007'],
      'defined as 0: no build sees the call',
    );
    assert.deepStrictEqual(codes(cli('check', '--format', 'json', '-DVENDOR_SEND_PATH', dir)), [
      'WFP3007',
      'WFP3001',
    ]);
    const stats = cli('check', '--stats', dir);
    assert.match(
      stats.out,
      /stats: 2 files, \d+ functions, 0 \(raw \d+\) parsed with errors; 1 injection calls/,
    );
    assert.strictEqual(cli('check', '-D', '1BAD', dir).code, 2);
  });
});
