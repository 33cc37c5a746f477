// Which grammars the server loads before answering `initialize`: the C++ one only where the
// workspace has C++ sources, found by a scan that stops early in a large tree.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadParser } from '../../server/src/parse/parser';
import { hasCppSources } from '../../server/src/workspace/sourceFiles';

function tree(files: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-grammars-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), '');
  }
  return root;
}

describe('grammars loaded at start', () => {
  const made: string[] = [];
  const workspace = (files: string[]) => {
    const root = tree(files);
    made.push(root);
    return root;
  };
  after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('finds a C++ source however deep it is', () => {
    assert.strictEqual(hasCppSources([workspace(['sys/a/b/c/Callouts.CPP', 'inc/a.h'])]), true);
    assert.strictEqual(hasCppSources([workspace(['x/y.hpp'])]), true);
  });

  it('answers no for C sources, headers and other files', () => {
    assert.strictEqual(hasCppSources([workspace(['sys/driver.c', 'inc/driver.h', 'README.cpp.md'])]), false);
    assert.strictEqual(hasCppSources([]), false);
  });

  it('skips what the workspace index skips, and folders that are gone', () => {
    assert.strictEqual(hasCppSources([workspace(['node_modules/nan/nan.cpp', '.git/x.cc', 'a.c'])]), false);
    assert.strictEqual(hasCppSources([path.join(os.tmpdir(), 'wfp-no-such-folder')]), false);
  });

  it('stops after the entries it may look at', () => {
    const root = workspace([...Array.from({ length: 30 }, (_, i) => `a${i}.c`), 'z/late.cpp']);
    assert.strictEqual(hasCppSources([root], 10), false);
    assert.strictEqual(hasCppSources([root]), true);
    assert.strictEqual(hasCppSources([root], 5000, -1), false, 'out of time before the first folder');
  });

  it('loads the grammars asked for together, each parsing once both are compiled', async () => {
    const [c, cpp] = await Promise.all([loadParser('c'), loadParser('cpp')]);
    assert.strictEqual(c.parse('int f(void) { return 0; }')?.rootNode.hasError, false);
    assert.strictEqual(cpp.parse('namespace n { int f() { return 0; } }')?.rootNode.hasError, false);
  });
});
