// The shared protocol module (shared/) against what uses it: package.json contributes exactly
// the commands it names, and the webview bundle takes only types from it (no runtime library).
import * as assert from 'assert';
import type { Metafile } from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { Commands } from '../../shared/commands';
import { REPO_ROOT } from '../helpers/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

describe('shared protocol', () => {
  it("package.json contributes exactly the module's commands", () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepStrictEqual(contributed, Object.values(Commands).sort());
  });

  it('menus name only contributed commands', () => {
    const known = new Set<string>(Object.values(Commands));
    for (const [menu, items] of Object.entries(
      pkg.contributes.menus as Record<string, { command: string }[]>,
    ))
      for (const item of items) assert.ok(known.has(item.command), `${menu}: ${item.command}`);
  });

  it('the webview bundle holds only the webview code: the shared types add nothing', () => {
    // The metafile scripts/build.mjs writes: the Windows lane's node.exe cannot run esbuild.
    const meta = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'dist', 'meta', 'webview.json'), 'utf8'),
    ) as Metafile;
    const inputs = Object.keys(meta.inputs);
    assert.ok(inputs.includes('client/webview/main.ts'), inputs.join(', '));
    assert.deepStrictEqual(
      inputs.filter((i) => !i.startsWith('client/webview/')),
      [],
      'modules bundled from outside client/webview/',
    );
  });
});
