// Flow steps judged where real drivers put them rather than left unknown: the action on the
// original packet set by a helper the classifyFn hands classifyOut to (or in another file), the
// classifyFn that queues packets for a worker through a list, and receive injections that need no
// retreat. Each with the cases that must stay missing or unknown.
import * as assert from 'assert';
import * as fs from 'fs';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import type { FlowStep } from '../../shared/flowModel';
import { assertAnnotated } from '../helpers/annotations';
import { fixture } from '../helpers/paths';

type Indexed = { file: SourceFile; text: string; index: WorkspaceIndex };

/** `text` parsed as `uri` and indexed alone, as a lone open file is. */
async function indexedText(uri: string, text: string): Promise<Indexed> {
  const file = await parseSource(uri, text);
  const index = new WorkspaceIndex();
  index.update(file, 'win10');
  index.complete = true;
  return { file, text, index };
}

/** A fixture of test/fixtures/flow, indexed alone. */
function indexed(name: string): Promise<Indexed> {
  return indexedText(`file:///w/${name}`, fs.readFileSync(fixture('flow', name), 'utf8'));
}

/** The step `id` of the injection call at the `nth` occurrence of `needle`, with its 1-based line. */
function stepAt(
  { file, text, index }: Indexed,
  needle: string,
  id: FlowStep['id'],
  nth = 0,
): FlowStep & { line?: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} #${nth} not in the fixture`);
  const findings = checkFile(file, 'win10', index);
  const model = buildInjectionFlow(file, at, 'win10', index, findings)!;
  const s = model.steps.find((x) => x.id === id)!;
  assert.ok(s, `no ${id} step`);
  return { ...s, line: s.location && s.location.range.start.line + 1 };
}

/** The 1-based line of the `nth` line holding `needle`. */
const lineOf = (text: string, needle: string, nth = 0) =>
  text
    .split('\n')
    .map((l, i) => (l.includes(needle) ? i + 1 : 0))
    .filter(Boolean)[nth] ?? 0;

describe('flow panel: steps judged through helpers, lists and layers', () => {
  it('finds the block + absorb a helper sets on classifyOut, and says missing or unknown where it must', async () => {
    const f = await indexed('classify_helpers.c');
    try {
      assertAnnotated({ file: f.file, findings: checkFile(f.file, 'win10', f.index) });
      const absorbed = stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'classifyAction', 0);
      assert.deepStrictEqual(
        [absorbed.status, absorbed.line],
        ['found', lineOf(f.text, 'out->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB')],
      );
      assert.match(absorbed.detail, /blocked and absorbed in DropOriginal,/);
      // A helper that permits: nothing drops the original.
      const permitted = stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'classifyAction', 1);
      assert.strictEqual(permitted.status, 'missing');
      // classifyOut handed to a function defined nowhere: it may set the action.
      const handedOn = stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'classifyAction', 2);
      assert.strictEqual(handedOn.status, 'unknown');
      assert.match(handedOn.detail, /^DeferringClassify hands classifyOut to code not seen here/);
    } finally {
      f.file.dispose();
    }
  });

  it('judges a worker thread in the classifyFn that puts its packets on the list the worker takes them off', async () => {
    const f = await indexed('list_handoff.c');
    try {
      assertAnnotated({ file: f.file, findings: checkFile(f.file, 'win10', f.index) });
      const action = stepAt(f, 'FwpsInjectTransportSendAsync1(', 'classifyAction', 0);
      assert.deepStrictEqual(
        [action.status, action.line],
        ['found', lineOf(f.text, 'classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB')],
      );
      assert.match(action.detail, /^In OutboundTransportClassify, which queues this packet:/);
      const self = stepAt(f, 'FwpsInjectTransportSendAsync1(', 'selfInjectionCheck', 0);
      assert.strictEqual(self.status, 'found');
      // The other worker drains a list no classifyFn fills: still not known.
      const stats = stepAt(f, 'FwpsInjectTransportSendAsync1(', 'classifyAction', 1);
      assert.strictEqual(stats.status, 'unknown');
      assert.match(stats.detail, /^Not in a classifyFn/);
      // A device write injects the caller's packet; its reads (through a helper) take captured
      // ones off another list: the capturing classifyFn did not queue what is injected.
      // It builds the packet from the caller's buffer: no original to block and absorb.
      const write = stepAt(f, 'FwpsInjectTransportSendAsync1(', 'classifyAction', 2);
      assert.strictEqual(write.status, 'notApplicable');
      assert.match(
        write.detail,
        /^The packet is built from a buffer \(FwpsAllocateNetBufferAndNetBufferList0\) outside any classifyFn/,
      );
    } finally {
      f.file.dispose();
    }
  });

  it('judges a record injected by code no classifyFn calls in the classifyFn that clones into that record', async () => {
    const f = await indexed('record_fillers.c');
    try {
      assertAnnotated({ file: f.file, findings: checkFile(f.file, 'win10', f.index) });
      const self = stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'selfInjectionCheck', 0);
      assert.strictEqual(self.status, 'found');
      assert.match(self.detail, /^In HoldInboundClassify, which queues this packet:/);
      const action = stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'classifyAction', 0);
      assert.deepStrictEqual(
        [action.status, action.line],
        ['found', lineOf(f.text, 'classifyOut->flags |= FWPS_CLASSIFY_OUT_FLAG_ABSORB')],
      );
      // The data start is moved where the packet was cloned, directly or through a helper.
      const retreat = stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'retreat', 0);
      assert.deepStrictEqual(
        [retreat.status, retreat.line],
        ['found', lineOf(f.text, 'status = NdisRetreatNetBufferDataStart(')],
      );
      const frame = stepAt(f, 'FwpsInjectMacReceiveAsync0(', 'retreat', 0);
      assert.deepStrictEqual(
        [frame.status, frame.line],
        ['found', lineOf(f.text, 'RetreatToFrameStart(nbl,')],
      );
      // The worker clones the original a helper of the classifyFn keeps in the record.
      const pended = stepAt(f, 'FwpsInjectTransportSendAsync0(', 'classifyAction', 0);
      assert.deepStrictEqual(
        [pended.status, pended.line],
        ['found', lineOf(f.text, 'classifyOut->flags |=', 2)],
      );
      assert.match(pended.detail, /^In PendSendClassify, which queues this packet:/);
      // A field also set from a caller's pointer names no classifyFn and no retreat.
      for (const id of ['classifyAction', 'retreat', 'allocate'] as const)
        assert.strictEqual(stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', id, 1).status, 'unknown', id);
    } finally {
      f.file.dispose();
    }
  });

  it('follows a worker that hands what it takes off the list down a chain of helpers to the injection', async () => {
    const f = await indexed('worker_chain.c');
    try {
      assertAnnotated({ file: f.file, findings: checkFile(f.file, 'win10', f.index) });
      const self = stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'selfInjectionCheck', 0);
      assert.strictEqual(self.status, 'found');
      const action = stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'classifyAction', 0);
      assert.strictEqual(action.status, 'found');
      assert.match(action.detail, /^In ChainClassify, which queues this packet:/);
      // The device routine takes packets off another list than the one its writes inject from.
      const write = stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'classifyAction', 1);
      assert.notStrictEqual(write.status, 'found');
    } finally {
      f.file.dispose();
    }
  });

  it('needs no retreat for a packet built in a buffer or cloned at the forward layer, and still asks at the inbound IP layer', async () => {
    const f = await indexed('retreat_cases.c');
    try {
      assertAnnotated({ file: f.file, findings: checkFile(f.file, 'win10', f.index) });
      const built = stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'retreat', 0);
      assert.strictEqual(built.status, 'notApplicable');
      assert.match(built.detail, /built from a buffer \(FwpsAllocateNetBufferAndNetBufferList0\)/);
      // No classifyFn indicated that packet: nothing to block and absorb either.
      const original = stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'classifyAction', 0);
      assert.strictEqual(original.status, 'notApplicable');
      assert.strictEqual(stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'classifyAction', 1).status, 'found');
      const forward = stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'retreat', 1);
      assert.strictEqual(forward.status, 'notApplicable');
      assert.match(
        forward.detail,
        /^At FWPS_LAYER_IPFORWARD_V4 the indicated data already starts at the IP header/,
      );
      const inbound = stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'retreat', 2);
      assert.strictEqual(inbound.status, 'unknown');
    } finally {
      f.file.dispose();
    }
  });

  it('judges a completion function picked by ?: as both of its arms', async () => {
    const text = [
      'HANDLE gHandle;',
      'VOID NTAPI CloneDone(VOID* c, NET_BUFFER_LIST* nbl, BOOLEAN d) { UNREFERENCED_PARAMETER(c); UNREFERENCED_PARAMETER(d); FwpsFreeCloneNetBufferList0(nbl, 0); }',
      'VOID NTAPI BuiltDone(VOID* c, NET_BUFFER_LIST* nbl, BOOLEAN d) { UNREFERENCED_PARAMETER(c); UNREFERENCED_PARAMETER(d); FwpsFreeNetBufferList0(nbl); }',
      'VOID NTAPI CountDone(VOID* c, NET_BUFFER_LIST* nbl, BOOLEAN d) { UNREFERENCED_PARAMETER(c); UNREFERENCED_PARAMETER(nbl); UNREFERENCED_PARAMETER(d); }',
      'NTSTATUS Send(NET_BUFFER_LIST* nbl, BOOLEAN cloned, COMPARTMENT_ID cid)',
      '{',
      '    NTSTATUS status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, nbl, cloned ? CloneDone : BuiltDone, NULL);',
      '    if (!NT_SUCCESS(status)) return status;',
      '    return FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, nbl, (cloned ? CloneDone : CountDone), NULL);',
      '}',
    ].join('\n');
    const f = await indexedText('file:///w/either.c', text);
    try {
      const both = stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'completionFrees', 0);
      assert.strictEqual(both.status, 'found');
      assert.match(
        both.detail,
        /^Either of CloneDone and BuiltDone: CloneDone frees the NBL\. BuiltDone frees the NBL\.$/,
      );
      assert.strictEqual(stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'completionFunction', 0).status, 'found');
      // One arm frees, the other does not: not one answer.
      const mixed = stepAt(f, 'FwpsInjectNetworkSendAsync0(', 'completionFrees', 1);
      assert.strictEqual(mixed.status, 'unknown');
      assert.match(mixed.detail, /^CloneDone and CountDone differ:/);
    } finally {
      f.file.dispose();
    }
  });

  it('finds the completion of a pended classify in a helper file of the same driver only', async () => {
    const pending = [
      'HANDLE gHandle;',
      'VOID NTAPI Done(VOID* c, NET_BUFFER_LIST* nbl, BOOLEAN d) { UNREFERENCED_PARAMETER(c); UNREFERENCED_PARAMETER(d); FwpsFreeCloneNetBufferList0(nbl, 0); }',
      'NTSTATUS PendAndSend(UINT64 classifyHandle, NET_BUFFER_LIST* nbl, COMPARTMENT_ID cid, VOID** context)',
      '{',
      '    NTSTATUS status = FwpsPendClassify0(classifyHandle, 0, (FWPS_CLASSIFY_OUT0*)*context);',
      '    if (!NT_SUCCESS(status)) return status;',
      '    return FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, nbl, Done, NULL);',
      '}',
    ].join('\n');
    const helper = (complete: string) =>
      `VOID Resume(UINT64 classifyHandle, FWPS_CLASSIFY_OUT0* out)\n{\n    ${complete}(classifyHandle, 0, out);\n}\n`;
    const judged = async (others: [string, string][]) => {
      const file = await parseSource('file:///w/drv/sys/pend.c', pending);
      const more = await Promise.all(others.map(([uri, text]) => parseSource(uri, text)));
      const index = new WorkspaceIndex();
      for (const f of [file, ...more]) index.update(f, 'win10');
      index.complete = true;
      try {
        return stepAt({ file, text: pending, index }, 'FwpsInjectNetworkSendAsync0(', 'completeOperation');
      } finally {
        [file, ...more].forEach((f) => f.dispose());
      }
    };
    const found = await judged([['file:///w/drv/lib/resume.c', helper('FwpsCompleteClassify0')]]);
    assert.deepStrictEqual(
      [found.status, found.location?.uri, found.line],
      ['found', 'file:///w/drv/lib/resume.c', 3],
    );
    assert.match(found.detail, /^FwpsCompleteClassify0 in Resume resumes the pended classify/);
    // Another driver's completion, or one of the other kind, completes nothing pended here; with
    // none of the right kind anywhere in the workspace, the step is missing.
    assert.strictEqual(
      (await judged([['file:///w/other/sys/resume.c', helper('FwpsCompleteClassify0')]])).status,
      'unknown',
    );
    const otherKind = await judged([['file:///w/drv/lib/resume.c', helper('FwpsCompleteOperation0')]]);
    assert.deepStrictEqual([otherKind.status, otherKind.line], ['missing', 5]);
    assert.match(otherKind.detail, /^Nothing in the workspace calls FwpsCompleteClassify0/);
  });

  it('needs no retreat in a helper called only under forward-layer branches, in C and C++', async () => {
    const text = [
      'HANDLE gHandle;',
      'typedef struct _DEFERRED { NET_BUFFER_LIST* clone; UINT16 layerId; COMPARTMENT_ID cid; IF_INDEX ifIndex; } DEFERRED;',
      'VOID NTAPI Done(VOID* c, NET_BUFFER_LIST* nbl, BOOLEAN d) { UNREFERENCED_PARAMETER(c); UNREFERENCED_PARAMETER(d); FwpsFreeCloneNetBufferList0(nbl, 0); }',
      'static VOID ReceiveAtForward(DEFERRED* d)',
      '{',
      '    if (!NT_SUCCESS(FwpsInjectNetworkReceiveAsync0(gHandle, NULL, 0, d->cid, d->ifIndex, 0, d->clone, Done, NULL)))',
      '        FwpsFreeCloneNetBufferList0(d->clone, 0);',
      '}',
      'static VOID ReceiveAtInbound(DEFERRED* d)',
      '{',
      '    if (!NT_SUCCESS(FwpsInjectNetworkReceiveAsync0(gHandle, NULL, 0, d->cid, d->ifIndex, 0, d->clone, Done, NULL)))',
      '        FwpsFreeCloneNetBufferList0(d->clone, 0);',
      '}',
      'VOID InjectWorker(PVOID context)',
      '{',
      '    DEFERRED* d = (DEFERRED*)context;',
      '    if (d->layerId == FWPS_LAYER_IPFORWARD_V4 || d->layerId == FWPS_LAYER_IPFORWARD_V6)',
      '        ReceiveAtForward(d);',
      '    else',
      '        ReceiveAtInbound(d);',
      '}',
    ].join('\n');
    for (const uri of ['file:///w/forward.c', 'file:///w/forward.cpp']) {
      const f = await indexedText(uri, text);
      try {
        const forward = stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'retreat', 0);
        assert.strictEqual(forward.status, 'notApplicable', uri);
        assert.match(
          forward.detail,
          /^At FWPS_LAYER_IPFORWARD_V4, FWPS_LAYER_IPFORWARD_V6 the indicated data already starts at the IP header/,
        );
        // The else of the test: every layer but the forward ones, so a retreat may be needed.
        assert.strictEqual(stepAt(f, 'FwpsInjectNetworkReceiveAsync0(', 'retreat', 1).status, 'unknown', uri);
      } finally {
        f.file.dispose();
      }
    }
  });

  it('calls the self-injection check of a queued stream injection not applicable', async () => {
    const text = [
      'HANDLE gStreamHandle;',
      'VOID NTAPI StreamDone(VOID* context, NET_BUFFER_LIST* nbl, BOOLEAN dispatchLevel)',
      '{ UNREFERENCED_PARAMETER(context); UNREFERENCED_PARAMETER(dispatchLevel); FwpsFreeCloneNetBufferList0(nbl, 0); }',
      'static VOID BlockIndicated(FWPS_CLASSIFY_OUT0* out) { out->actionType = FWP_ACTION_BLOCK; }',
      'static VOID InjectLater(UINT64 flowId, UINT32 calloutId, UINT16 layerId, NET_BUFFER_LIST* chain, SIZE_T length)',
      '{',
      '    NTSTATUS status = FwpsStreamInjectAsync0(gStreamHandle, NULL, 0, flowId, calloutId, layerId,',
      '                                             FWPS_STREAM_FLAG_SEND, chain, length, StreamDone, NULL);',
      '    if (!NT_SUCCESS(status)) FwpsFreeCloneNetBufferList0(chain, 0);',
      '}',
      'VOID NTAPI StreamClassify(const FWPS_INCOMING_VALUES0* inFixedValues, const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,',
      '    VOID* layerData, const VOID* classifyContext, const FWPS_FILTER1* filter, UINT64 flowContext, FWPS_CLASSIFY_OUT0* classifyOut)',
      '{',
      '    FWPS_STREAM_CALLOUT_IO_PACKET0* io = (FWPS_STREAM_CALLOUT_IO_PACKET0*)layerData;',
      '    NET_BUFFER_LIST* chain = NULL;',
      '    UNREFERENCED_PARAMETER(classifyContext); UNREFERENCED_PARAMETER(flowContext);',
      '    if (!NT_SUCCESS(FwpsCloneStreamData0(io->streamData, NULL, NULL, 0, &chain))) return;',
      '    InjectLater(inMetaValues->flowHandle, filter->action.calloutId, inFixedValues->layerId, chain, io->streamData->dataLength);',
      '    BlockIndicated(classifyOut);',
      '}',
    ].join('\n');
    const f = await indexedText('file:///w/stream_queued.c', text);
    try {
      assert.strictEqual(stepAt(f, 'FwpsStreamInjectAsync0(', 'selfInjectionCheck').status, 'notApplicable');
      const action = stepAt(f, 'FwpsStreamInjectAsync0(', 'classifyAction');
      assert.deepStrictEqual([action.status, action.line], ['found', 4]);
      assert.match(
        action.detail,
        /^In StreamClassify, which queues this packet: The indicated stream data is blocked in BlockIndicated,/,
      );
    } finally {
      f.file.dispose();
    }
  });
});
