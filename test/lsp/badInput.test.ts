// Bad input never crashes or hangs the server: it answers, or skips with one log line.
import * as assert from 'assert';
import { LspClient, positionOf } from '../helpers/lspClient';

const CALL = 'status = FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, c, i, nbl, Done, NULL);\n';

async function timed<T>(p: Promise<T>, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('LSP: bad input', function () {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
  });
  after(() => client.stop());

  it('reads files with GBK comments decoded as garbage', async () => {
    const gbk = Buffer.from([0x2f, 0x2a, 0xd7, 0xa2, 0xca, 0xcd, 0x2a, 0x2f, 0x0a]).toString('latin1');
    const text = `${gbk}void f(void) {\n${CALL}}\n`;
    await client.open('file:///bad/gbk.c', text);
    const hover = await timed(
      client.hover('file:///bad/gbk.c', positionOf(text, 'FwpsInjectForwardAsync0', 3)),
    );
    assert.ok(hover);
  });

  it('skips a 6 MB file with one log line and still answers', async () => {
    const big = ('int x' + '0'.repeat(60) + ';\n').repeat((6 * 1024 * 1024) / 68);
    await client.open('file:///bad/huge.c', big + CALL);
    const diags = await timed(client.waitForDiagnostics('file:///bad/huge.c'), 10000);
    assert.deepStrictEqual(diags, []);
    assert.ok(
      client.logs.some((l) => /Skipped file:\/\/\/bad\/huge\.c: larger than/.test(l)),
      client.logs.join('\n'),
    );
  });

  it('skips binary junk', async () => {
    const junk = Array.from({ length: 20000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    await client.open('file:///bad/junk.c', junk);
    assert.deepStrictEqual(await timed(client.waitForDiagnostics('file:///bad/junk.c')), []);
    assert.ok(client.logs.some((l) => /junk\.c: looks binary/.test(l)));
  });

  it('answers inside an unterminated comment and half-typed code', async () => {
    const text = 'void f(void) {\n  FwpsInjectForwardAsync0(h, NULL,\n/* never closed ';
    await client.open('file:///bad/half.c', text);
    await timed(client.hover('file:///bad/half.c', { line: 1, character: 5 }));
    await timed(client.signatureHelp('file:///bad/half.c', { line: 2, character: 4 }));
    await timed(client.completion('file:///bad/half.c', { line: 2, character: 4 }));
    await timed(client.waitForDiagnostics('file:///bad/half.c'));
  });

  it('answers empty for unknown documents and positions past the end', async () => {
    assert.strictEqual(await timed(client.hover('file:///never/opened.c', { line: 3, character: 3 })), null);
    await client.open('file:///bad/short.c', 'int x;\n');
    assert.strictEqual(await timed(client.hover('file:///bad/short.c', { line: 500, character: 90 })), null);
  });
});
