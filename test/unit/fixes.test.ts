// Every quick fix on every fixture, with LF and CRLF line ends: the result parses (no new syntax
// errors), the finding is gone and nothing else changes in the findings, the fix cannot apply
// twice, the line ends are kept, and no text outside the edits changes. Fix-all too.
import * as assert from 'assert';
import { applyEdits, safeFixEdits } from '../../server/src/rules/fixes';
import { parseSource } from '../../server/src/parse/document';
import { checkFile, type Finding } from '../../server/src/rules';
import { fixtureTexts } from '../helpers/mutate';
import { errorCount } from '../helpers/source';

/** A finding by what it says and the text it marks (its offsets move with the fix). */
function key(f: Finding, text: string): string {
  return `${f.ruleId}|${f.message}|${text.slice(f.start, f.end)}`;
}

describe('quick fixes on every fixture', function () {
  this.timeout(60000);
  let tried = 0;
  after(() => assert.ok(tried >= 20, `only ${tried} fixes tried`));
  for (const [name, lf] of fixtureTexts()) {
    for (const eol of ['\n', '\r\n']) {
      it(`${name} (${eol === '\n' ? 'LF' : 'CRLF'}): every fix holds`, async () => {
        const text = lf.replace(/\r?\n/g, eol);
        const uri = `file:///fixtures/${name}`;
        const file = await parseSource(uri, text);
        const findings = checkFile(file, 'win10');
        for (const f of findings) {
          // Ownership findings offer one fix first (the quick fix VS Code applies on its own).
          if (f.ruleId.startsWith('WFP2') && f.fixes.length)
            assert.strictEqual(
              f.fixes.filter((x) => x.preferred).length,
              1,
              `${f.ruleId}: one preferred fix`,
            );
          for (const fix of f.fixes) {
            tried++;
            const what = `${f.ruleId} "${fix.title}" at line ${file.positionAt(f.start).line + 1}`;
            const out = applyEdits(text, fix.edits);
            const fixed = await parseSource(uri, out);
            assert.ok(errorCount(fixed) <= errorCount(file), `${what}: no new syntax errors`);
            const after = checkFile(fixed, 'win10');
            // The finding is gone, and every other finding is still there, unchanged.
            const before = findings
              .filter((x) => x !== f)
              .map((x) => key(x, text))
              .sort();
            assert.deepStrictEqual(
              after.map((x) => key(x, out)).sort(),
              before,
              `${what}: only its finding goes:\n${out}`,
            );
            if (eol === '\r\n') assert.ok(!/[^\r]\n/.test(out), `${what}: only CRLF line ends`);
            const first = Math.min(...fix.edits.map((e) => e.start));
            const last = Math.max(...fix.edits.map((e) => e.end));
            assert.strictEqual(
              out.slice(0, first),
              text.slice(0, first),
              `${what}: nothing before the edit changes`,
            );
            assert.ok(out.endsWith(text.slice(last)), `${what}: nothing after the edit changes`);
            fixed.dispose();
          }
        }
        // Fix-all is idempotent: a second pass over its result has nothing left to do.
        const once = applyEdits(text, safeFixEdits(file, findings));
        const onceFile = await parseSource(uri, once);
        assert.deepStrictEqual(
          safeFixEdits(onceFile, checkFile(onceFile, 'win10')),
          [],
          `${name}: fix-all leaves nothing safe to fix`,
        );
        onceFile.dispose();
        file.dispose();
      });
    }
  }
});

describe('fix-all never adds a syntax error', () => {
  it('leaves out a fix whose block would read a half-typed statement as a declaration', async () => {
    // A branch whose statement is half-typed (`int(` where `DbgPrint(` was): wrapping it in a block
    // with the free makes it parse as a declaration. Found by the fuzz test (seed 858820065).
    const text = [
      'NTSTATUS Send(NET_BUFFER_LIST* original, COMPARTMENT_ID cid)',
      '{',
      '    NET_BUFFER_LIST* clone = NULL;',
      '    NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);',
      '    if (!NT_SUCCESS(status)) return status;',
      '    status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, clone, Done, NULL);',
      '    if (!NT_SUCCESS(status))int("injection failed %x", status);',
      '    return status;',
      '}',
      'NTSTATUS Other(NET_BUFFER_LIST* original, COMPARTMENT_ID cid)',
      '{',
      '    NET_BUFFER_LIST* clone = NULL;',
      '    NTSTATUS status = FwpsAllocateCloneNetBufferList0(original, NULL, NULL, 0, &clone);',
      '    if (!NT_SUCCESS(status)) return status;',
      '    status = FwpsInjectNetworkSendAsync0(gHandle, NULL, 0, cid, clone, Done, NULL);',
      '    if (!NT_SUCCESS(status)) return status;',
      '    return status;',
      '}',
      '',
    ].join('\n');
    const file = await parseSource('file:///halftyped.c', text);
    const findings = checkFile(file, 'win10');
    const offered = findings.filter((f) => f.ruleId === 'WFP2002' && f.fixes.some((x) => x.safe));
    assert.strictEqual(offered.length, 2, 'both leaks have a fix offered one by one');
    const fixed = await parseSource('file:///halftyped.c', applyEdits(text, safeFixEdits(file, findings)));
    assert.ok(errorCount(fixed) <= errorCount(file), 'fix-all adds no syntax error');
    assert.ok(
      fixed.text.includes('FwpsFreeCloneNetBufferList0(clone, 0);\n        return status;'),
      'the other fix is still applied',
    );
    fixed.dispose();
    file.dispose();
  });
});
