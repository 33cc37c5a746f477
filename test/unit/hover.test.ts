// Hovers put the answer first: what fits in the hover box without scrolling (the prototype and
// a few short lines) says what the call does, who owns the NBL on failure, where it may be
// called from and at which IRQL; the parameter table and the details come after a rule.
import * as assert from 'assert';
import { FUNCTIONS } from '../../server/src/catalog';
import { functionMarkdown } from '../../server/src/features/markdown';

function parts(md: string): { prototype: string; head: string[]; details: string } {
  const [head, ...rest] = md.split('\n\n---\n\n');
  const code = /^```c\n[\s\S]*?\n```\n\n/.exec(head)![0];
  return {
    prototype: code,
    head: head
      .slice(code.length)
      .split('\n')
      .filter((l) => l.trim()),
    details: rest.join('\n'),
  };
}

describe('hover: answer first', () => {
  for (const fn of FUNCTIONS) {
    it(`${fn.name}: at most 6 lines under the prototype, the details below a rule`, () => {
      const { head, details } = parts(functionMarkdown(fn));
      assert.ok(head.length <= 6, head.join('\n'));
      assert.ok(
        head.some((l) => l.includes(`IRQL** ${fn.irql}`)),
        'the IRQL',
      );
      assert.ok(
        head.some((l) => l.includes(`](${fn.docUrl})`)),
        'the documentation link',
      );
      if (fn.ownershipOnFailure)
        assert.ok(
          head.some((l) => l.startsWith('**On failure:**')),
          'who owns what on failure',
        );
      if (fn.injection)
        assert.ok(
          head.some((l) => l.startsWith('**Called from:**')),
          'where it may be called from',
        );
      if (fn.params.length)
        assert.ok(
          details.includes('**Parameters**') && !head.some((l) => l.includes('**Parameters**')),
          'the parameter table below the rule',
        );
      for (const l of fn.injection?.layers ?? [])
        assert.ok(details.includes(l.layer), `${l.layer} listed in the details`);
    });
  }

  it('names few layers, and counts many by family', () => {
    const forward = parts(
      functionMarkdown(FUNCTIONS.find((f) => f.name === 'FwpsInjectForwardAsync0')!),
    ).head.join('\n');
    assert.match(forward, /\*\*Called from:\*\* `IPFORWARD_V4`, `IPFORWARD_V6`/);
    const send = parts(
      functionMarkdown(FUNCTIONS.find((f) => f.name === 'FwpsInjectTransportSendAsync1')!),
    ).head.join('\n');
    assert.match(
      send,
      /\*\*Called from:\*\* 12 layers: `OUTBOUND_TRANSPORT`, `DATAGRAM_DATA`, .* \(each _V4 and _V6\)/,
    );
  });

  it('says what a version-independent name means, in the head', () => {
    const fn = FUNCTIONS.find((f) => f.name === 'FwpsInjectTransportSendAsync1')!;
    assert.match(
      parts(functionMarkdown(fn, 'FwpsInjectTransportSendAsync')).head[0],
      /`FwpsInjectTransportSendAsync` is the version-independent name; for the configured target it means `FwpsInjectTransportSendAsync1`/,
    );
  });
});
