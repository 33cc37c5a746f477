// Wrappers given the record that holds the NBL (`RecordInject(&packet->io)` injects
// `packet->io.clonedList` and hands the status back): the callers are judged, by the rules and
// by the flow panel, as if they had made the injection themselves.
import * as assert from 'assert';
import * as fs from 'fs';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { DeclarationFindings } from '../../server/src/rules/declarationFindings';
import { assertAnnotated } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

describe('rules and flow: wrappers given the record that holds the NBL', () => {
  it('finds the caller that forgets the clone, and judges both injections behind a ternary', async () => {
    const text = fs.readFileSync(fixture('flow', 'field-wrappers.c'), 'utf8');
    const file = await parseSource('file:///w/field-wrappers.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const findings = checkFile(file, 'win10', index);
    assertAnnotated({ file, findings });
    // The server checks one declaration at a time, and finds the same.
    const byDeclaration = await new DeclarationFindings().findings(file, 'win10', index);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(byDeclaration)), JSON.parse(JSON.stringify(findings)));
    const freeOnFailure = (needle: string) => {
      const model = buildInjectionFlow(file, text.indexOf(needle), 'win10', index, findings)!;
      const s = model.steps.find((x) => x.id === 'freeOnFailure')!;
      return s.status;
    };
    // One caller forgets the clone on failure: both injections are missing their free.
    assert.strictEqual(freeOnFailure('return FwpsInjectTransportReceiveAsync0'), 'missing');
    assert.strictEqual(freeOnFailure('return FwpsInjectTransportSendAsync0'), 'missing');
    file.dispose();
  });

  it('finds the free on failure where every caller frees, through the record or the packet', async () => {
    const text = fs
      .readFileSync(fixture('flow', 'field-wrappers.c'), 'utf8')
      .replace(/\/\* Drops a failed packet[\s\S]*$/, '');
    const file = await parseSource('file:///w/field-wrappers-freeing.c', text);
    const index = new WorkspaceIndex();
    index.update(file, 'win10');
    index.complete = true;
    const findings = checkFile(file, 'win10', index);
    assert.deepStrictEqual(findings, []);
    const freeOnFailure = (needle: string): string => {
      const model = buildInjectionFlow(file, text.indexOf(needle), 'win10', index, findings)!;
      const s = model.steps.find((x) => x.id === 'freeOnFailure')!;
      return `${s.status}: ${s.detail}`;
    };
    for (const needle of ['return FwpsInjectTransportReceiveAsync0', 'return FwpsInjectTransportSendAsync0'])
      assert.match(
        freeOnFailure(needle),
        /^found: .*goes back through RecordInject to (ShapedInject|RecordInjectOrRelease), which frees/,
      );
    file.dispose();
  });
});
