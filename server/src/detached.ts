// Copies of values built from source text that no longer hold that text.
/**
 * A copy of `value` whose strings are its own. Names taken from a parse are slices of the whole
 * file's text, and V8 keeps a slice's parent alive: a declaration's facts kept across edits held
 * one copy of the file per version they were made at (the server grew by the file's size on
 * every edit). Short strings are copies already.
 */
export function detached<T>(value: T): T {
  // Slicing a joined string makes V8 copy it into a string of its own first.
  if (typeof value === 'string') return (value.length < 13 ? value : (' ' + value).slice(1)) as T;
  if (Array.isArray(value)) return value.map(detached) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = detached((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}
