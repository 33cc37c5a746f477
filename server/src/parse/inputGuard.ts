// Decides whether a text is worth parsing: huge or binary files are skipped with a reason.

/** Files above this size are skipped: real driver sources are far smaller. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

/** Returns why the text should not be analysed, or undefined when it is fine. */
export function skipReason(text: string): string | undefined {
  if (text.length > MAX_SOURCE_BYTES) {
    return `larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MB`;
  }
  // NUL characters never occur in C source; a few in the first 8 KB mean a binary file.
  const head = text.slice(0, 8192);
  let nul = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0) nul++;
  if (nul > 0) return 'looks binary (contains NUL bytes)';
  return undefined;
}
