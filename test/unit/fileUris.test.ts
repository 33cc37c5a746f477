// fileKey: one key per file for every spelling editors, the scan and file watchers use.
import * as assert from 'assert';
import * as path from 'path';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { fileKey, filePath, fileUri, sameFile } from '../../server/src/fileUris';
import { parseSource } from '../../server/src/parse/document';

describe('fileKey', () => {
  it('gives both Windows spellings of a drive-letter URI one key, whatever the case', () => {
    const vscode = 'file:///c%3A/Users/me/drv%20%28x64%29/Driver.c';
    const neovim = 'file:///C:/Users/me/drv%20(x64)/Driver.c';
    const lowerEscapes = 'file:///c%3a/Users/me/drv%20%28x64%29/Driver.c';
    const upper = 'file:///C%3a/USERS/ME/DRV%20%28X64%29/DRIVER.C';
    for (const other of [neovim, lowerEscapes, upper])
      assert.strictEqual(fileKey(other, false), fileKey(vscode, false), other);
    assert.ok(sameFile(vscode, neovim));
  });

  it('treats Linux paths as case-sensitive and escapes as VS Code does', () => {
    assert.strictEqual(
      fileKey('file:///tmp/drv%20(x64)/a.c', false),
      fileKey('file:///tmp/drv%20%28x64%29/a.c', false),
    );
    assert.strictEqual(fileKey('file:///tmp/drv (x64)/a.c', false), 'file:///tmp/drv%20%28x64%29/a.c');
    assert.notStrictEqual(fileKey('file:///tmp/A.c', false), fileKey('file:///tmp/a.c', false));
    assert.strictEqual(
      fileKey('file:///tmp/A.c', true),
      fileKey('file:///tmp/a.c', true),
      'case-insensitive on Windows',
    );
  });

  it('keeps a # or a % in a file name apart from a fragment or an escape', () => {
    const hash = fileUri('/tmp/drv#2/a.c');
    assert.strictEqual(hash, 'file:///tmp/drv%232/a.c');
    assert.notStrictEqual(fileKey(hash, false), fileKey('file:///tmp/drv', false));
    assert.strictEqual(filePath(hash), path.normalize('/tmp/drv#2/a.c'));
    assert.strictEqual(filePath(fileUri('/tmp/100%/a.c')), path.normalize('/tmp/100%/a.c'));
  });

  it('maps file URIs to paths and leaves other schemes alone', () => {
    assert.strictEqual(filePath('file:///tmp/drv%20%28x64%29/a.c'), path.normalize('/tmp/drv (x64)/a.c'));
    assert.strictEqual(filePath('untitled:Untitled-1'), undefined);
    assert.strictEqual(fileKey('untitled:Untitled-1'), 'untitled:Untitled-1');
  });
});

describe('WorkspaceIndex with several spellings of one file', () => {
  const SOURCE =
    'HANDLE gH;\nNTSTATUS Create(VOID) { return FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_NETWORK, &gH); }\n';

  it('stores, replaces and removes one entry per file', async () => {
    const index = new WorkspaceIndex();
    const scanned = await parseSource('file:///c%3A/drv/Setup.c', SOURCE);
    const opened = await parseSource('file:///C:/drv/setup.c', SOURCE);
    try {
      index.update(scanned, 'win10');
      index.update(opened, 'win10', true);
      assert.strictEqual(index.size, 1);
      assert.strictEqual(index.handles('gH').length, 1);
      // The entry answers with the URI it was last indexed under (the editor's).
      assert.strictEqual(index.handles('gH')[0].uri, 'file:///C:/drv/setup.c');
      assert.ok(index.has('file:///c:/DRV/SETUP.C'));
      assert.ok(index.remove('file:///c%3a/drv/setup.c'));
      assert.strictEqual(index.size, 0);
    } finally {
      scanned.dispose();
      opened.dispose();
    }
  });
});
