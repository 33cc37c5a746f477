// A small seeded PRNG (mulberry32) so that every fuzz failure can be replayed from its seed.

export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** The seed of a run: FUZZ_SEED replays one, otherwise a fresh one (printed on failure). */
export function runSeed(): number {
  const fromEnv = process.env.FUZZ_SEED;
  return fromEnv ? Number(fromEnv) : (Date.now() ^ (process.pid << 16)) >>> 0;
}

/** Iteration count, scaled by FUZZ_SCALE for a longer local run (e.g. FUZZ_SCALE=20). */
export function iterations(base: number): number {
  return Math.max(1, Math.round(base * Number(process.env.FUZZ_SCALE ?? 1)));
}
