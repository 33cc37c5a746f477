// Shapes no driver is written in, but an editor buffer can hold: each once made the engine
// quadratic (or worse). Every one must be checked, and answered, in bounded time.
import * as assert from 'assert';
import { WorkspaceIndex } from '../../server/src/analysis/workspaceIndex';
import { completionAt } from '../../server/src/features/completion';
import { hoverAt } from '../../server/src/features/hover';
import { signatureHelpAt } from '../../server/src/features/signatureHelp';
import { parseSource } from '../../server/src/parse/document';
import { loadParsers } from '../../server/src/parse/parser';
import { checkFile } from '../../server/src/rules';

const INJECT = 'status = FwpsInjectNetworkSendAsync0(h, NULL, 0, cid, nbl, Done, NULL);';
const ALLOC = 'NET_BUFFER_LIST* nbl; FwpsAllocateCloneNetBufferList0(o, NULL, NULL, 0, &nbl);';

/** Parses, indexes, checks and asks every cursor feature; returns the time it took. */
async function exercise(text: string): Promise<number> {
  const t0 = Date.now();
  const file = await parseSource('file:///pathological.c', text);
  const index = new WorkspaceIndex();
  index.update(file, 'win10');
  index.complete = true;
  checkFile(file, 'win10', index);
  for (const offset of [0, text.length >> 1, text.length, text.indexOf('Fwps') + 3]) {
    hoverAt(file, offset, 'win10');
    signatureHelpAt(file, offset, 'win10');
    completionAt(file, offset, 'win10');
  }
  file.dispose();
  return Date.now() - t0;
}

const SHAPES: Record<string, string> = {
  // Each catalog call used to be found by walking up from it to its function: depth².
  'calls nested 6,000 deep': `void f(void) {\n x = ${'FwpsFreeNetBufferList0('.repeat(6000)}nbl${')'.repeat(6000)};\n}\n`,
  // The path walker looked up every label and every block's statements again at each step.
  'a ladder of 3,000 gotos': `NTSTATUS f(void) {\n ${ALLOC}\n ${INJECT}\n if (!NT_SUCCESS(status)) goto L0;\n${Array.from(
    { length: 3000 },
    (_, i) => `L${i}: if (x) goto L${i + 1}; else goto L${Math.max(0, i - 1)};\n`,
  ).join('')}L3000: return status;\n}\n`,
  '5,000 nested parentheses': `void f(void) {\n x = ${'('.repeat(5000)}1${')'.repeat(5000)};\n ${INJECT}\n}\n`,
  '5,000 unclosed parentheses': `void f(void) {\n ${INJECT.slice(0, -2)}${'('.repeat(5000)}\n}\n`,
  'a chain of 5,000 catalog calls in one expression': `void f(void) {\n x = ${'FwpsFreeNetBufferList0(a) + '.repeat(5000)}0;\n}\n`,
  '3,000 nested blocks': `NTSTATUS f(void) {\n ${ALLOC}\n ${INJECT}\n if (!NT_SUCCESS(status)) ${'{ '.repeat(3000)} return status; ${'} '.repeat(3000)}\n return status;\n}\n`,
};

describe('engine: pathological input', function () {
  this.timeout(20000);
  // Timed without loading the grammars, which the first shape paid for.
  before(() => loadParsers());
  for (const [name, text] of Object.entries(SHAPES)) {
    it(`stays fast on ${name}`, async () => {
      const ms = await exercise(text);
      assert.ok(ms < 2000, `${ms} ms`);
    });
  }
});
