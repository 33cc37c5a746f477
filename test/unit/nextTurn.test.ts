// A message that arrives while long work runs a slice is answered before the next slice: the
// request is read from a socket (as vscode-jsonrpc reads stdin) and handled in an immediate.
import * as assert from 'assert';
import * as net from 'net';
import { nextTurn } from '../../server/src/nextTurn';

function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // a slice of work
  }
}

describe('nextTurn', () => {
  it('lets a message read during a slice be handled before the next slice', async () => {
    const order: string[] = [];
    const server = net.createServer((socket) =>
      socket.on('data', () => setImmediate(() => order.push('message'))),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise((resolve) => client.on('connect', resolve));
    // Let the server side accept before the slices start.
    await new Promise((resolve) => setTimeout(resolve, 20));
    try {
      for (let slice = 1; slice <= 3; slice++) {
        order.push(`slice ${slice}`);
        if (slice === 1) client.write('request');
        busy(20);
        await nextTurn();
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepStrictEqual(order, ['slice 1', 'message', 'slice 2', 'slice 3']);
    } finally {
      client.destroy();
      server.close();
    }
  });
});
