// The `wfp/injectionFlow` request and the code lenses that open it, over real JSON-RPC.
import * as assert from 'assert';
import * as fs from 'fs';
import type { InjectionFlowModel, StepId } from '../../shared/flowModel';
import { Commands } from '../../shared/commands';
import { injectionFlowRequest } from '../../shared/protocol';
import { LspClient, positionOf } from '../helpers/lspClient';
import { cursor } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

const FORWARD = fs.readFileSync(fixture('driver', 'forward_classify.c'), 'utf8');
const FORWARD_URI = 'file:///flow/forward_classify.c';
const LEAKS = fs.readFileSync(fixture('ownership', 'leaks.c'), 'utf8');
const LEAKS_URI = 'file:///flow/leaks.c';
const WORKER = fs.readFileSync(fixture('flow', 'receive_worker.c'), 'utf8');
const WORKER_URI = 'file:///flow/receive_worker.c';

type Position = { line: number; character: number };

describe('LSP: injection flow', function () {
  let client: LspClient;
  const flow = (uri: string, position: Position) =>
    client.rpc.sendRequest(injectionFlowRequest, { textDocument: { uri }, position });
  const stepOf = (m: InjectionFlowModel | null, id: StepId) => m?.steps.find((s) => s.id === id);

  before(async () => {
    client = await LspClient.start();
    await client.open(FORWARD_URI, FORWARD);
    await client.open(LEAKS_URI, LEAKS);
    await client.open(WORKER_URI, WORKER);
  });
  after(() => client.stop());

  it('models a correct forward injection: every step found, the layer allowed and its own', async () => {
    const m = await flow(FORWARD_URI, positionOf(FORWARD, 'FwpsInjectForwardAsync0(', 3));
    assert.ok(m);
    assert.strictEqual(m.function.name, 'FwpsInjectForwardAsync0');
    assert.match(m.function.docUrl, /^https:\/\/learn\.microsoft\.com\//);
    assert.strictEqual(m.classify?.name, 'ForwardClassify');
    assert.deepStrictEqual(
      m.layers.filter((l) => l.classifyRunsHere).map((l) => [l.id, l.allowed]),
      [['FWPS_LAYER_IPFORWARD_V4', true]],
    );
    assert.ok(m.layers.some((l) => l.id === 'FWPS_LAYER_IPFORWARD_V6' && l.allowed));
    assert.ok(m.layers.some((l) => l.id === 'FWPS_LAYER_STREAM_V4' && !l.allowed));
    assert.deepStrictEqual(
      m.steps.map((s) => `${s.id}:${s.status}`),
      [
        'selfInjectionCheck:found',
        'allocate:found',
        'inject:found',
        'freeOnFailure:found',
        'completionFunction:found',
        'completionFrees:found',
        'classifyAction:found',
      ],
    );
    // Steps point at the lines they were found on.
    assert.strictEqual(
      stepOf(m, 'selfInjectionCheck')!.location!.range.start.line,
      positionOf(FORWARD, 'state = FwpsQueryPacketInjectionState0').line,
    );
    assert.strictEqual(
      stepOf(m, 'freeOnFailure')!.location!.range.start.line,
      positionOf(FORWARD, 'FwpsFreeCloneNetBufferList0(clone, 0)').line,
    );
    assert.strictEqual(
      stepOf(m, 'completionFunction')!.location!.range.start.line,
      positionOf(FORWARD, 'VOID NTAPI\nForwardInjectComplete').line,
    );
    assert.deepStrictEqual(m.findings, []);
  });

  it('answers for the nearest injection call when the cursor is elsewhere in the function', async () => {
    const m = await flow(FORWARD_URI, positionOf(FORWARD, 'classifyOut->actionType = FWP_ACTION_BLOCK'));
    assert.strictEqual(m?.function.name, 'FwpsInjectForwardAsync0');
  });

  it('shows the missing free and the rule finding on a leak', async () => {
    const m = await flow(LEAKS_URI, positionOf(LEAKS, 'DbgPrint("injection failed', -80));
    assert.ok(m);
    assert.strictEqual(stepOf(m, 'allocate')?.status, 'found');
    assert.strictEqual(stepOf(m, 'freeOnFailure')?.status, 'missing');
    assert.deepStrictEqual(
      m.findings.map((f) => f.ruleId),
      ['WFP2002'],
    );
    assert.match(m.findings[0].docUrl, /^https:\/\//);
  });

  it('marks a completion function that never frees', async () => {
    const call = LEAKS.indexOf('ForgetfulComplete, NULL)');
    assert.ok(call > 0);
    const m = await flow(LEAKS_URI, positionOf(LEAKS, 'ForgetfulComplete, NULL)'));
    assert.strictEqual(stepOf(m, 'completionFrees')?.status, 'missing');
  });

  it('gives every call of a completion function that never frees the same verdict', async () => {
    const uri = 'file:///flow/two-calls.c';
    // The cursor ($0) in the injection of one of the two functions.
    const call = (fn: string, cursorIn: string) =>
      [
        `NTSTATUS ${fn}(NET_BUFFER_LIST* original, COMPARTMENT_ID cid)`,
        '{',
        '    NET_BUFFER_LIST* clone = NULL;',
        '    NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);',
        '    if (!NT_SUCCESS(status)) return status;',
        `    status = F${fn === cursorIn ? '$0' : ''}wpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, clone, KeepsNbl, NULL);`,
        '    if (!NT_SUCCESS(status)) FwpsFreeCloneNetBufferList0(clone, 0);',
        '    return status;',
        '}',
      ].join('\n');
    const marked = (cursorIn: string) =>
      cursor(
        [
          'VOID NTAPI KeepsNbl(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN dispatchLevel)',
          '{',
          '    DbgPrint("done");',
          '}',
          call('First', cursorIn),
          call('Second', cursorIn),
        ].join('\n'),
      );
    await client.open(uri, marked('First').text);
    const first = await flow(uri, marked('First').position);
    const later = await flow(uri, marked('Second').position);
    assert.deepStrictEqual(
      [stepOf(first, 'completionFrees')?.status, stepOf(later, 'completionFrees')?.status],
      ['missing', 'missing'],
    );
    // The rule reports the function once, at its first use.
    assert.deepStrictEqual(
      [first!.findings.map((f) => f.ruleId), later!.findings.map((f) => f.ruleId)],
      [['WFP2005'], []],
    );
  });

  it('models an injection from a worker: the check found by its handle, the action where the record is filled, checksum step found', async () => {
    const m = await flow(WORKER_URI, positionOf(WORKER, 'FwpsInjectTransportReceiveAsync0(', 2));
    assert.ok(m);
    assert.strictEqual(m.classify, undefined);
    assert.deepStrictEqual(
      m.steps.map((s) => `${s.id}:${s.status}`),
      [
        // ReceiveClassify asks FwpsQueryPacketInjectionState0 about gInjectionHandle, the worker's handle.
        'selfInjectionCheck:found',
        // The worker's clone comes from the classifyFn, which does not retreat to the IP header.
        'retreat:unknown',
        'allocate:found',
        'checksum:found',
        'inject:found',
        'freeOnFailure:found',
        'completionFunction:found',
        'completionFrees:found',
        // No caller is seen, but only ReceiveClassify fills `clonedNbl`, and it blocks and absorbs.
        'classifyAction:found',
      ],
    );
  });

  it('asks a stream classifyFn to block the data, not to absorb it', async () => {
    const uri = 'file:///flow/stream.c';
    const text = [
      'VOID NTAPI StreamClassify(const FWPS_INCOMING_VALUES0* inFixedValues, const FWPS_INCOMING_METADATA_VALUES0* meta, VOID* layerData,',
      '    const VOID* ctx, const FWPS_FILTER1* filter, UINT64 flowContext, FWPS_CLASSIFY_OUT0* classifyOut)',
      '{',
      '    FWPS_STREAM_CALLOUT_IO_PACKET0* packet = (FWPS_STREAM_CALLOUT_IO_PACKET0*)layerData;',
      '    NET_BUFFER_LIST* chain = NULL;',
      '    NTSTATUS status = FwpsCloneStreamData0(packet->streamData, NULL, NULL, 0, &chain);',
      '    if (!NT_SUCCESS(status)) return;',
      '    classifyOut->actionType = FWP_ACTION_BLOCK;',
      '    status = FwpsStreamInjectAsync0(gHandle, NULL, 0, flowContext, filter->action.calloutId, FWPS_LAYER_STREAM_V4, FWPS_STREAM_FLAG_SEND, chain, packet->streamData->dataLength, StreamComplete, NULL);',
      '    if (!NT_SUCCESS(status)) FwpsDiscardClonedStreamData0(chain, 0, FALSE);',
      '}',
    ].join('\n');
    await client.open(uri, text);
    const m = await flow(uri, positionOf(text, 'FwpsStreamInjectAsync0(', 2));
    assert.strictEqual(stepOf(m, 'selfInjectionCheck')?.status, 'notApplicable');
    assert.strictEqual(stepOf(m, 'classifyAction')?.status, 'found');
    assert.strictEqual(
      stepOf(m, 'classifyAction')?.location?.range.start.line,
      positionOf(text, 'classifyOut->actionType').line,
    );
  });

  it('answers null outside injection code and for unknown documents', async () => {
    assert.strictEqual(await flow(FORWARD_URI, positionOf(FORWARD, 'CreateInjectionHandle(VOID)')), null);
    assert.strictEqual(await flow('file:///flow/not-open.c', { line: 0, character: 0 }), null);
    assert.strictEqual(await flow(FORWARD_URI, { line: 100000, character: 0 }), null);
    // A malformed request without a position is answered with null, not an internal error.
    assert.strictEqual(await flow(FORWARD_URI, undefined as unknown as Position), null);
  });

  it('puts a code lens that opens the flow above each injection call', async () => {
    const lenses = (await client.rpc.sendRequest('textDocument/codeLens', {
      textDocument: { uri: FORWARD_URI },
    })) as {
      range: { start: Position };
      command: { command: string; arguments: unknown[] };
    }[];
    assert.strictEqual(lenses.length, 1);
    assert.strictEqual(lenses[0].command.command, Commands.showInjectionFlow);
    assert.deepStrictEqual(lenses[0].command.arguments, [
      FORWARD_URI,
      positionOf(FORWARD, 'FwpsInjectForwardAsync0('),
    ]);
  });

  it('puts no code lens when wfp.codeLens.enabled is false, and asks the client to refresh them', async () => {
    const lenses = () =>
      client.rpc.sendRequest('textDocument/codeLens', { textDocument: { uri: FORWARD_URI } }) as Promise<
        unknown[]
      >;
    const before = client.codeLensRefreshes;
    await client.changeSettings({ codeLens: { enabled: false } });
    for (let i = 0; i < 100 && client.codeLensRefreshes === before; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual(client.codeLensRefreshes, before + 1);
    assert.deepStrictEqual(await lenses(), []);
    await client.changeSettings({});
    for (let i = 0; i < 100 && client.codeLensRefreshes === before + 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.strictEqual((await lenses()).length, 1);
  });
});
