// A language server that answers every request with null at once and does nothing else. Timed by
// bench/latency.mjs beside ours: what the pipe, the operating system and the client's own event
// loop add to any answer on this machine.
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

const connection = createMessageConnection(
  new StreamMessageReader(process.stdin),
  new StreamMessageWriter(process.stdout),
);
connection.onRequest('initialize', () => ({ capabilities: {} }));
connection.onRequest(() => null);
connection.onNotification('exit', () => process.exit(0));
connection.listen();
