// The flow panel judges the self-injection check of an injection outside any classifyFn (a
// worker, a write path) by the handle it injects with: found only when a classify function of
// the same driver asks FwpsQueryPacketInjectionState* about every handle the call may use.
import * as assert from 'assert';
import * as fs from 'fs';
import { buildInjectionFlow } from '../../server/src/features/injectionFlow';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { parseSource, type SourceFile } from '../../server/src/parse/document';
import { checkFile } from '../../server/src/rules';
import { fixture } from '../helpers/paths';

const FILES: [string, string[]][] = [
  ['file:///w/driver/classify.c', ['flow', 'worker-handles', 'classify.c']],
  ['file:///w/driver/inject.c', ['flow', 'worker-handles', 'inject.c']],
  ['file:///w/other/classify.c', ['flow', 'worker-handles-other', 'classify.c']],
  ['file:///w/driver/getters.c', ['flow', 'worker-handles', 'getters.c']],
  ['file:///w/driver/inject-getters.c', ['flow', 'worker-handles', 'inject-getters.c']],
];

describe('flow panel: self-injection check of an injection outside a classifyFn', () => {
  let files: SourceFile[] = [];
  let index: WorkspaceIndex;
  before(async () => {
    index = new WorkspaceIndex();
    files = [];
    for (const [uri, parts] of FILES) {
      const f = await parseSource(uri, fs.readFileSync(fixture(...parts), 'utf8'));
      index.update(f, 'win10');
      files.push(f);
    }
    index.complete = true;
  });
  after(() => files.forEach((f) => f.dispose()));

  /** The self-injection step of the injection in `fn`. */
  const check = (fn: string, inject = files[1]) => {
    const at = inject.text.indexOf(`NTSTATUS ${fn}(`);
    assert.ok(at >= 0, fn);
    const offset = inject.text.indexOf('FwpsInject', at);
    const model = buildInjectionFlow(inject, offset, 'win10', index, checkFile(inject, 'win10', index))!;
    const s = model.steps.find((x) => x.id === 'selfInjectionCheck')!;
    return `${s.status}: ${s.detail}`;
  };

  it('is found when the classify function asks about the global handle injected with', () => {
    assert.strictEqual(
      check('WorkerSendAsked'),
      'found: OutboundPacketClassify asks FwpsQueryPacketInjectionState0 about `gSendHandle`, so the packet is recognised when it comes back.',
    );
  });

  it('is found when every handle a local may hold is asked about, through a helper too', () => {
    assert.match(check('WorkerSendEitherFamily'), /^found: OutboundPacketClassify asks .* about `handle`/);
  });

  it('tells the slots of a handle array apart', () => {
    assert.match(
      check('WorkerSendAskedSlot'),
      /^found: OutboundPacketClassify asks .* about `gPerLayer\[1\]`/,
    );
    assert.match(check('WorkerSendOtherSlot'), /^unknown: /);
    assert.match(check('WorkerSendAnySlot'), /^unknown: /);
  });

  it('stays unknown for a handle no classify function asks about', () => {
    assert.match(check('WorkerReceiveUnasked'), /^unknown: /);
    assert.match(check('WorkerSendOneUnasked'), /^unknown: /);
    assert.match(check('WorkerSendHelperOnly'), /^unknown: /);
  });

  it('stays unknown for a handle it cannot name: a parameter, or one filled through its address', () => {
    assert.match(check('WorkerSendGivenHandle'), /^unknown: /);
    assert.match(check('WorkerSendFetchedHandle'), /^unknown: /);
  });

  it("does not count another driver's classify function asking about a handle of the same name", () => {
    assert.match(check('WorkerSendOtherDriversName'), /^unknown: /);
  });

  it('reads a getter that only returns a handle as that handle, on either side', () => {
    const getters = files[4];
    assert.match(
      check('WorkerSendGetterGlobal', getters),
      /^found: GetterClassify asks .* about `gGetterHandle`/,
    );
    assert.match(check('WorkerSendThroughGetter', getters), /^found: GetterClassify asks .* about `handle`/);
  });

  it('does not read a function that does more than return the handle, or takes arguments, as a getter', () => {
    const getters = files[4];
    assert.match(check('WorkerSendLoggedGlobal', getters), /^unknown: /);
    assert.match(check('WorkerSendFamilyGetter', getters), /^unknown: /);
  });
});
