// The completion function and the frees of NBLs it and others keep: WFP2005 for a completion that
// frees only failed packets, WFP2003 for a free that does not suit the NBL (in the completion
// function, or of a struct field), and the flow panel's verdict.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { checkFixtures } from '../helpers/check';
import { fixture } from '../helpers/paths';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { parseSource } from '../../server/src/parse/document';
import { checkDeclaration, checkFile } from '../../server/src/rules';
import type { Finding } from '../../server/src/rules/types';
import { declarationUnits } from '../../server/src/analysis/declarationUnits';
import { assertAnnotated } from '../helpers/annotations';

describe('rules: completion functions that test the NBL status', () => {
  it('flags a free only on failure (branch, copied status, early return) and not a free on every path', async () => {
    const r = await checkFixtures(['ownership', 'completion-status.c']);
    assertAnnotated(r.get('completion-status.c')!);
  });
});

describe('rules: the completion function frees the kind of NBL injected with it', () => {
  it('flags a clone given to a completion that frees allocated NBLs and the reverse, directly or through a helper', async () => {
    const r = await checkFixtures(['ownership', 'completion-free-kind.c']);
    assertAnnotated(r.get('completion-free-kind.c')!);
  });

  it('finds the same declaration by declaration (after an edit) as in one pass (at open)', async () => {
    const text = readFileSync(fixture('ownership', 'completion-free-kind.c'), 'utf8');
    const file = await parseSource('file:///completion-free-kind.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const key = (f: Finding) => `${f.ruleId}@${f.start}`;
    const whole = checkFile(file, 'win10', index).map(key);
    const units = declarationUnits(file.tree!.rootNode);
    const each = units.flatMap((u) => checkDeclaration(file, 'win10', index, u)).map(key);
    assert.deepStrictEqual(each.sort(), whole.sort());
    assert.strictEqual(whole.filter((k) => k.startsWith('WFP2003')).length, 5);
    file.dispose();
  });
});

describe('flow panel: a completion function that frees only failed packets', () => {
  it('calls the completion-frees step missing for an owned clone, found for one that frees every packet', async () => {
    const text = readFileSync(fixture('ownership', 'completion-status.c'), 'utf8');
    const file = await parseSource('file:///completion-status.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const findings = checkFile(file, 'win10', index);
    const stepAt = (completion: string) => {
      const at = text.indexOf(`clone, ${completion}`);
      const m = buildInjectionFlow(file, text.lastIndexOf('FwpsInject', at) + 3, 'win10', index, findings)!;
      return m.steps.find((s) => s.id === 'completionFrees');
    };
    const onFailure = stepAt('FreeOnFailureOnly');
    assert.strictEqual(onFailure?.status, 'missing');
    assert.match(onFailure!.detail, /only when its Status failed/);
    assert.strictEqual(stepAt('LogThenFree')?.status, 'found');
  });
});

describe('rules: the free of an NBL kept in a struct field', () => {
  it('judges it by what the workspace stores in the field, and not a field that holds several kinds', async () => {
    const r = await checkFixtures(['ownership', 'field-frees.c']);
    assertAnnotated(r.get('field-frees.c')!);
  });
});

describe('flow panel: a completion function whose free does not suit the NBL', () => {
  it('calls the completion-frees step missing, with the diagnostic, and found where the free suits it', async () => {
    const text = readFileSync(fixture('ownership', 'completion-free-kind.c'), 'utf8');
    const file = await parseSource('file:///completion-free-kind.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const findings = checkFile(file, 'win10', index);
    const stepIn = (fn: string) => {
      const at = text.indexOf('FwpsInject', text.indexOf(`NTSTATUS ${fn}(`));
      const m = buildInjectionFlow(file, at + 3, 'win10', index, findings)!;
      return m.steps.find((s) => s.id === 'completionFrees');
    };
    const wrong = stepIn('SendCloneToAllocatedFree');
    assert.strictEqual(wrong?.status, 'missing');
    assert.match(wrong!.detail, /free a clone with FwpsFreeCloneNetBufferList0/);
    assert.strictEqual(stepIn('SendCloneToCloneFree')?.status, 'found');
  });
});
