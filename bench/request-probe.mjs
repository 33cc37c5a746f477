// Preloaded into the server by bench/latency.mjs (`node --import`): the time from a request's
// bytes arriving on stdin to its answer being written to stdout, per request id, sent on the IPC
// channel when asked (`timings`). The bench's round trip adds what the pipe, the operating system
// and the bench's own process take; this is the server's part. Nothing in the server knows of it.
import { monitorEventLoopDelay, performance } from 'perf_hooks';

const arrived = new Map();
let answered = [];
// A request that arrives while the event loop is busy waits before its bytes are read: that wait
// is not in `answered`, and the loop's longest stall says how long it could have been.
let stalls = monitorEventLoopDelay({ resolution: 1 });
stalls.enable();

// Seen as the server's reader gets them: a listener of its own would start the stream flowing
// before the server listens, and the first requests would be lost to it.
const emit = process.stdin.emit.bind(process.stdin);
process.stdin.emit = (event, ...args) => {
  if (event === 'data') {
    const now = performance.now();
    for (const m of String(args[0]).matchAll(/"id":(\d+),"method":"[^"]+"/g)) arrived.set(Number(m[1]), now);
  }
  return emit(event, ...args);
};

const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const m = /"id":(\d+),"(?:result|error)"/.exec(typeof chunk === 'string' ? chunk : chunk.toString());
  const at = m ? arrived.get(Number(m[1])) : undefined;
  if (at !== undefined) {
    arrived.delete(Number(m[1]));
    answered.push(performance.now() - at);
  }
  return write(chunk, ...rest);
};

process.on('message', (message) => {
  if (message !== 'timings') return;
  process.send({ answered, longestStall: stalls.max / 1e6 });
  answered = [];
  stalls.disable();
  stalls = monitorEventLoopDelay({ resolution: 1 });
  stalls.enable();
});
