// The flow panel reveals only locations that are in the model it sent to the webview.
import * as assert from 'assert';
import { knownLocation } from '../../client/src/flowLocations';
import type { InjectionFlowModel } from '../../shared/flowModel';

const at = (uri: string, line: number) => ({
  uri,
  range: { start: { line, character: 4 }, end: { line, character: 9 } },
});

const model: InjectionFlowModel = {
  function: {
    name: 'FwpsInjectForwardAsync0',
    written: 'FwpsInjectForwardAsync0',
    purpose: '',
    docUrl: 'https://learn.microsoft.com/',
    location: at('file:///a.c', 10),
  },
  classify: {
    name: 'Classify',
    evidence: [
      {
        layer: 'FWPS_LAYER_IPFORWARD_V4',
        kind: 'registration',
        description: '',
        location: at('file:///reg.c', 3),
      },
    ],
  },
  layers: [],
  steps: [
    { id: 'allocate', title: '', status: 'found', detail: '', location: at('file:///a.c', 7) },
    { id: 'checksum', title: '', status: 'unknown', detail: '' },
  ],
  findings: [
    { ruleId: 'WFP2002', severity: 'warning', message: '', docUrl: '', location: at('file:///a.c', 12) },
  ],
};

describe('flow panel: which reveals it accepts', () => {
  it('accepts the locations of the call, the steps, the findings and the layer evidence', () => {
    for (const l of [
      at('file:///a.c', 10),
      at('file:///a.c', 7),
      at('file:///a.c', 12),
      at('file:///reg.c', 3),
    ]) {
      assert.deepStrictEqual(knownLocation(model, JSON.parse(JSON.stringify(l))), l);
    }
  });

  it('refuses other files, other ranges, malformed messages and a missing model', () => {
    assert.strictEqual(knownLocation(model, at('file:///etc/passwd', 7)), undefined);
    assert.strictEqual(knownLocation(model, at('file:///a.c', 8)), undefined);
    assert.strictEqual(
      knownLocation(model, {
        uri: 'file:///a.c',
        range: { start: { line: '7', character: 4 }, end: { line: 7, character: 9 } },
      }),
      undefined,
    );
    assert.strictEqual(knownLocation(model, { uri: 'file:///a.c' }), undefined);
    assert.strictEqual(knownLocation(model, null), undefined);
    assert.strictEqual(knownLocation(model, 'file:///a.c'), undefined);
    assert.strictEqual(knownLocation(undefined, at('file:///a.c', 7)), undefined);
  });
});
