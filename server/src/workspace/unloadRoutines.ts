// The driver's unload routine, read from the text of a file that is not indexed. DriverEntry's
// file often names nothing of WFP (`DriverObject->DriverUnload = DriverUnload;`, a WDF driver's
// `EvtCleanupCallback`), yet the teardown it starts is where a handle created by mistake instead
// of destroyed is judged (WFP3007). Parsing every such file would cost a second over a large tree
// of drivers (each one sets an unload routine); the assignment and the routine's calls are read
// from the text instead, as the teardown facts of a parsed file would give them.
import { TEARDOWN_NAME, UNLOAD_FIELDS, type TeardownFact } from '../analysis/handleSlots';
import type { IndexedFile } from '../analysis/indexedFile';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { emptyFacts } from '../analysis/facts';
import { matchingBrace, withoutLiteralsAndComments } from '../parse/lexing';

/** `X.DriverUnload = Routine;`, a cast allowed before the routine. */
const ASSIGNED = new RegExp(
  `\\b(?:${UNLOAD_FIELDS.join('|')})\\s*=\\s*(?:\\(\\s*[A-Za-z_][\\w\\s*]*\\)\\s*)?&?\\s*([A-Za-z_]\\w*)\\s*;`,
  'g',
);

/** Words followed by `(` that are not calls. */
const NOT_CALLS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'do', 'else', 'case']);

/** The names `name`'s definition in `text` calls, or undefined when it is not defined there. */
function calledBy(text: string, name: string): string[] | undefined {
  // `Name(params) {`: no `;` between the name and the brace (a prototype has one); WDK
  // templates put the routine's description in a comment before the brace.
  const definition = new RegExp(`\\b${name}\\s*\\([^;{}]*\\)(?:\\s|/\\*[\\s\\S]*?\\*/|//[^\\n]*)*\\{`, 'g');
  const m = definition.exec(text);
  if (!m) return undefined;
  const open = m.index + m[0].length - 1;
  const close = matchingBrace(text, open);
  if (close < 0) return undefined;
  // Literals and comments out of the way: `"done (%d)"` calls nothing.
  const body = withoutLiteralsAndComments(text.slice(open + 1, close));
  const names = new Set<string>();
  for (const call of body.matchAll(/\b([A-Za-z_]\w*)\s*\(/g))
    if (!NOT_CALLS.has(call[1]) && !call[1].startsWith('Fwps')) names.add(call[1]);
  return [...names];
}

/** The unload routines `text` assigns, and the calls of those it defines whose names say teardown. */
export function unloadRoutinesInText(text: string): TeardownFact[] {
  if (!UNLOAD_FIELDS.some((f) => text.includes(f))) return [];
  const out: TeardownFact[] = [];
  const seen = new Set<string>();
  for (const [, routine] of text.matchAll(ASSIGNED)) {
    if (seen.has(routine)) continue;
    seen.add(routine);
    out.push({ fn: routine, unload: true, callees: [] });
    const callees = TEARDOWN_NAME.test(routine) ? calledBy(text, routine) : undefined;
    if (callees) out.push({ fn: routine, unload: false, callees });
  }
  return out;
}

/**
 * Indexes a file that names nothing of WFP by what its text says of the unload path, or removes
 * it from the index when it says nothing. Returns whether what other files see changed.
 */
export function indexUnrelated(index: WorkspaceIndex, uri: string, text: string): boolean {
  const teardown = unloadRoutinesInText(text);
  if (!teardown.length) return index.remove(uri);
  const entry: IndexedFile = { facts: { ...emptyFacts(uri), teardown }, registrations: [], layerCalls: [] };
  return index.store(uri, entry);
}
