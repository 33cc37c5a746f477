// Preloaded into the server by bench/memory.mjs (`node --import`): records the wasm memories
// the process creates and answers `sample` messages on the IPC channel with what holds memory.
// Nothing in the server knows about it.
import fs from 'fs';
import v8 from 'v8';

import { PerformanceObserver, constants } from 'perf_hooks';

/** Garbage collections since the last sample, by kind. */
let gcs = { minor: 0, major: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = e.detail?.kind ?? e.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
    else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++;
    gcs.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

const memories = [];
const NativeMemory = WebAssembly.Memory;
WebAssembly.Memory = function Memory(descriptor) {
  const memory = new NativeMemory(descriptor);
  memories.push(memory);
  return memory;
};
WebAssembly.Memory.prototype = NativeMemory.prototype;

/**
 * Resident KB of the wasm memories: V8 reserves many GB of address space for each, inaccessible
 * except for the memory's current size, which is the mapping just before that reservation.
 */
function wasmResidentKb() {
  let text;
  try {
    text = fs.readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return undefined;
  }
  const maps = [];
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
    if (head)
      maps.push({ start: BigInt('0x' + head[1]), end: BigInt('0x' + head[2]), perms: head[3], rss: 0 });
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) maps[maps.length - 1].rss = Number(rss[1]);
  }
  const huge = 4n * 2n ** 30n;
  let total = 0;
  for (let i = 0; i + 1 < maps.length; i++) {
    const next = maps[i + 1];
    if (
      maps[i].perms.startsWith('rw') &&
      next.start === maps[i].end &&
      next.perms.startsWith('---') &&
      next.end - next.start >= huge
    )
      total += maps[i].rss;
  }
  return total;
}

process.on('message', (message) => {
  if (message !== 'sample' && message !== 'sample after gc') return;
  if (message === 'sample after gc') global.gc?.();
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(
    v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.physical_space_size]),
  );
  process.send({
    ...usage,
    wasmBytes: memories.reduce((sum, m) => sum + m.buffer.byteLength, 0),
    wasmResident: (wasmResidentKb() ?? NaN) * 1024,
    spaces,
    gcs,
    cpu: process.cpuUsage(),
  });
  gcs = { minor: 0, major: 0, ms: 0 };
});
// The IPC channel must not keep the server alive once the client is gone.
process.channel?.unref();
