// The flow panel's layer verdicts agree with the diagnostics: red only where WFP3003 is
// reported; a classifyFn that also runs at layers the call is not for is trusted (as the rule
// trusts it), and a layer test around the call rules the other layers out.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { parseSource } from '../../server/src/parse/document';
import type { InjectionFlowModel } from '../../shared/flowModel';
import { checkFile } from '../../server/src/rules';
import type { RuleId } from '../../server/src/catalog/rules';

const classify = (tests: string, call: string) => `
extern HANDLE gInject;
VOID NTAPI Done(VOID* c, NET_BUFFER_LIST* nbl, BOOLEAN d) { FwpsFreeCloneNetBufferList0(nbl, 0); }
VOID NTAPI Classify(const FWPS_INCOMING_VALUES0* inFixedValues, const FWPS_INCOMING_METADATA_VALUES0* meta,
                    VOID* layerData, const VOID* ctx, const FWPS_FILTER1* filter, UINT64 flowContext, FWPS_CLASSIFY_OUT0* classifyOut)
{
   NET_BUFFER_LIST* clone = NULL;
   BOOLEAN known = ${tests};
   if (!known) return;
   if (FwpsQueryPacketInjectionState0(gInject, layerData, NULL) == FWPS_PACKET_INJECTED_BY_SELF) return;
   if (!NT_SUCCESS(FwpsAllocateCloneNetBufferList0(layerData, NULL, NULL, 0, &clone))) return;
   ${call}
}
`;
const FORWARD_CALL = `if (!NT_SUCCESS(FwpsInjectForwardAsync0(gInject, NULL, 0, AF_INET, UNSPECIFIED_COMPARTMENT_ID, 1, clone, Done, NULL)))
   {
      FwpsFreeCloneNetBufferList0(clone, 0);
      return;
   }
   classifyOut->actionType = FWP_ACTION_BLOCK;
   classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB;`;

async function flowOf(text: string): Promise<{ model: InjectionFlowModel; rules: RuleId[] }> {
  const file = await parseSource('file:///layers.c', text);
  const index = new WorkspaceIndex();
  index.update(file, 'win10');
  index.complete = true;
  const findings = checkFile(file, 'win10', index);
  const model = buildInjectionFlow(
    file,
    text.indexOf('FwpsInjectForwardAsync0') + 3,
    'win10',
    index,
    findings,
  )!;
  return { model, rules: findings.map((f) => f.ruleId) };
}

const verdicts = (m: InjectionFlowModel) =>
  Object.fromEntries(m.layers.filter((l) => l.classifyRunsHere).map((l) => [l.id, l.verdict]));

const TWO_LAYERS =
  'inFixedValues->layerId == FWPS_LAYER_IPFORWARD_V4 || inFixedValues->layerId == FWPS_LAYER_INBOUND_IPPACKET_V4';

describe('flow panel: layer verdicts agree with the diagnostics', () => {
  it('trusts the code where the classifyFn also runs at a layer the call is not for (no WFP3003, nothing red)', async () => {
    const { model, rules } = await flowOf(classify(TWO_LAYERS, FORWARD_CALL));
    assert.ok(!rules.includes('WFP3003'), rules.join());
    assert.deepStrictEqual(verdicts(model), {
      FWPS_LAYER_INBOUND_IPPACKET_V4: 'other',
      FWPS_LAYER_IPFORWARD_V4: 'ok',
    });
  });

  it('a layerId test around the call rules the other layers out', async () => {
    const call = `if (inFixedValues->layerId == FWPS_LAYER_IPFORWARD_V4)\n   {\n   ${FORWARD_CALL}\n   }`;
    const { model } = await flowOf(classify(TWO_LAYERS, call));
    assert.deepStrictEqual(verdicts(model), {
      FWPS_LAYER_INBOUND_IPPACKET_V4: 'excluded',
      FWPS_LAYER_IPFORWARD_V4: 'ok',
    });
  });

  it('a case label around the call does too, with the empty cases stacked above it', async () => {
    const three = `${TWO_LAYERS} || inFixedValues->layerId == FWPS_LAYER_IPFORWARD_V6`;
    const call = `switch (inFixedValues->layerId)\n   {\n   case FWPS_LAYER_IPFORWARD_V4:\n   case FWPS_LAYER_IPFORWARD_V6:\n   {\n   ${FORWARD_CALL}\n   break;\n   }\n   default:\n      break;\n   }`;
    const { model } = await flowOf(classify(three, call));
    assert.deepStrictEqual(verdicts(model), {
      FWPS_LAYER_INBOUND_IPPACKET_V4: 'excluded',
      FWPS_LAYER_IPFORWARD_V4: 'ok',
      FWPS_LAYER_IPFORWARD_V6: 'ok',
    });
  });

  it('a != test narrows nothing', async () => {
    const call = `if (inFixedValues->layerId != FWPS_LAYER_INBOUND_IPPACKET_V4)\n   {\n   ${FORWARD_CALL}\n   }`;
    const { model } = await flowOf(classify(TWO_LAYERS, call));
    assert.deepStrictEqual(verdicts(model), {
      FWPS_LAYER_INBOUND_IPPACKET_V4: 'other',
      FWPS_LAYER_IPFORWARD_V4: 'ok',
    });
  });

  it('red where WFP3003 is reported: the classifyFn runs only where the call is not documented', async () => {
    const { model, rules } = await flowOf(
      classify('inFixedValues->layerId == FWPS_LAYER_INBOUND_IPPACKET_V4', FORWARD_CALL),
    );
    assert.ok(rules.includes('WFP3003'), rules.join());
    assert.deepStrictEqual(verdicts(model), { FWPS_LAYER_INBOUND_IPPACKET_V4: 'bad' });
  });
});
