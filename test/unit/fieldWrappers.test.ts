// Wrappers given the record that holds the NBL (`RecordInject(&packet->io)` injects
// `packet->io.clonedList` and hands the status back): the callers are judged, by the rules and
// by the flow panel, as if they had made the injection themselves.
import * as assert from 'assert';
import * as fs from 'fs';
import { DeclarationFindings } from '../../server/src/rules/declarationFindings';
import { assertAnnotated } from '../helpers/annotations';
import { checkWithFlow } from '../helpers/flowSteps';
import { fixture } from '../helpers/paths';

const FIXTURE = fs.readFileSync(fixture('flow', 'field-wrappers.c'), 'utf8');
const INJECTIONS = ['return FwpsInjectTransportReceiveAsync0', 'return FwpsInjectTransportSendAsync0'];

describe('rules and flow: wrappers given the record that holds the NBL', () => {
  it('finds the caller that forgets the clone, and judges both injections behind a ternary', async () => {
    const { file, index, findings, step } = await checkWithFlow('file:///w/field-wrappers.c', FIXTURE);
    assertAnnotated({ file, findings });
    // The server checks one declaration at a time, and finds the same.
    const byDeclaration = await new DeclarationFindings().findings(file, 'win10', index);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(byDeclaration)), JSON.parse(JSON.stringify(findings)));
    // One caller forgets the clone on failure: both injections are missing their free.
    for (const needle of INJECTIONS)
      assert.match(step(FIXTURE.indexOf(needle), 'freeOnFailure'), /^missing: /, needle);
    file.dispose();
  });

  it('finds the free on failure where every caller frees, through the record or the packet', async () => {
    const text = FIXTURE.replace(/\/\* Drops a failed packet[\s\S]*$/, '');
    const { file, findings, step } = await checkWithFlow('file:///w/field-wrappers-freeing.c', text);
    assert.deepStrictEqual(findings, []);
    for (const needle of INJECTIONS)
      assert.match(
        step(text.indexOf(needle), 'freeOnFailure'),
        /^found: .*goes back through RecordInject to (ShapedInject|ShapedInjectOrDrop|RecordInjectOrRelease), which frees/,
      );
    file.dispose();
  });

  it('follows a record passed as `*storage` to a C++ reference parameter', async () => {
    const text = fs.readFileSync(fixture('flow', 'field-wrappers-ref.cpp'), 'utf8');
    const { file, findings, step } = await checkWithFlow('file:///w/field-wrappers-ref.cpp', text);
    assertAnnotated({ file, findings });
    const inject = text.indexOf('return FwpsInjectTransportSendAsync');
    assert.match(step(inject, 'freeOnFailure'), /^missing: .*SendStored/);
    file.dispose();

    const freeing = text.replace(/void SendForgets[\s\S]*$/, '');
    const checked = await checkWithFlow('file:///w/field-wrappers-ref-freeing.cpp', freeing);
    assert.deepStrictEqual(checked.findings, []);
    assert.match(
      checked.step(inject, 'freeOnFailure'),
      /^found: The status goes back through SendStored to SendKeepsNothing, which frees/,
    );
    checked.file.dispose();
  });
});
