// Maps and sets read through to a base they never change. Typing changes one file over and over:
// the workspace's facts (and the call graph's edges) are a large base that stays, and each edit
// adds a few entries over it. Copying the base at each edit was about a third of what an edit
// allocated with `network/` open. Each reads and iterates exactly as a copy of the base then
// changed would: the base's order, entries set over it in place, new ones after.

/** What the merged facts grow by: a map that is added to, never emptied. */
export interface GrowingMap<K, V> extends ReadonlyMap<K, V> {
  set(key: K, value: V): this;
}

/** What the merged facts grow by: a set that is added to, never emptied. */
export interface GrowingSet<T> extends ReadonlySet<T> {
  add(value: T): this;
}

export class LayeredMap<K, V> implements GrowingMap<K, V> {
  /**
   * Over `base`, or over what `base` reads as when it is layered itself (its own entries copied):
   * a chain of edits stays one layer deep.
   */
  static over<K, V>(base: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return base instanceof LayeredMap
      ? new LayeredMap<K, V>(base.base, new Map(base.own))
      : new LayeredMap<K, V>(base, new Map());
  }

  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly own: Map<K, V>,
  ) {}

  /** How many entries were set over the base. */
  get layered(): number {
    return this.own.size;
  }

  get size(): number {
    let added = 0;
    for (const k of this.own.keys()) if (!this.base.has(k)) added++;
    return this.base.size + added;
  }

  get(key: K): V | undefined {
    return this.own.has(key) ? this.own.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.own.has(key) || this.base.has(key);
  }

  set(key: K, value: V): this {
    this.own.set(key, value);
    return this;
  }

  entries(): MapIterator<[K, V]> {
    const out: [K, V][] = [];
    this.forEach((v, k) => out.push([k, v]));
    return out.values();
  }

  keys(): MapIterator<K> {
    const out: K[] = [];
    this.forEach((_, k) => out.push(k));
    return out.values();
  }

  values(): MapIterator<V> {
    const out: V[] = [];
    this.forEach((v) => out.push(v));
    return out.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  /** Every iteration goes through here: the base's order, entries set over it in place, new ones after. */
  forEach(fn: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    this.base.forEach((v, k) => fn(this.own.has(k) ? (this.own.get(k) as V) : v, k, this));
    this.own.forEach((v, k) => {
      if (!this.base.has(k)) fn(v, k, this);
    });
  }

  /** A plain map of the same entries in the same order. */
  flattened(): Map<K, V> {
    return new Map(this.entries());
  }
}

export class LayeredSet<T> implements GrowingSet<T> {
  private readonly own = new Set<T>();

  constructor(private readonly base: ReadonlySet<T>) {}

  get size(): number {
    return this.base.size + this.own.size;
  }

  has(value: T): boolean {
    return this.base.has(value) || this.own.has(value);
  }

  add(value: T): this {
    if (!this.base.has(value)) this.own.add(value);
    return this;
  }

  *values(): SetIterator<T> {
    yield* this.base;
    yield* this.own;
  }

  keys(): SetIterator<T> {
    return this.values();
  }

  *entries(): SetIterator<[T, T]> {
    for (const v of this.values()) yield [v, v];
  }

  [Symbol.iterator](): SetIterator<T> {
    return this.values();
  }

  forEach(fn: (value: T, key: T, set: ReadonlySet<T>) => void): void {
    for (const v of this.values()) fn(v, v, this);
  }
}
