// A full garbage collection once the user stops typing. While edits come in, V8 lets the old
// generation grow past what is live (heapSettings.ts) and keeps the pages it emptied; nothing
// collects again until allocation resumes, so the server stayed ~10% above its just-opened size
// after a burst of edits. One collection IDLE_MS after the last activity gives those pages back
// (bench/memory.mjs, 1,000 edits on a 5,000-line file: 113 MB after open, up to 121 MB while
// typing, 110 MB once idle).
import * as v8 from 'v8';
import { runInNewContext } from 'vm';

export const IDLE_MS = 2000;

type Collect = () => void;

/** V8's `gc()`, exposed in a fresh context once the flag is set (undefined if the runtime refuses). */
export function exposedGc(): Collect | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as Collect) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `activity()` on every edit and every finished piece of work; the collection runs once, IDLE_MS
 * after the last call, and only if there was activity since the previous one.
 */
export class IdleCollector {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly collect: Collect | undefined = exposedGc(),
    private readonly idleMs = IDLE_MS,
  ) {}

  activity(): void {
    if (!this.collect) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.collect?.();
    }, this.idleMs);
    // A pending collection never keeps the process alive.
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
