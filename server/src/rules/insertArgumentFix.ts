// The quick fix of WFP1001 for a missing argument: insert it at its position, formatted like
// the argument list around it. Never applied by fix-all: the value chosen needs a look.
import type { Node } from '../parse/syntaxNode';
import type { ParamSpec } from '../catalog';
import type { Alignment } from '../analysis/alignment';
import type { CallSite } from '../analysis/calls';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { lineIndent } from './style';
import type { Fix, TextEdit } from './types';

/**
 * Written where no completion function with the right signature exists yet: a name to replace,
 * which does not compile until it is (NULL would compile and fail at run time).
 */
export const COMPLETION_PLACEHOLDER = 'completionFn /* TODO: your FWPS_INJECT_COMPLETE0 function */';

/** At most this many completion functions are offered, one fix each. */
const MAX_CHOICES = 3;

/** What to insert for a parameter other than completionFn, or undefined when only the author knows. */
function plainValue(p: ParamSpec): string | undefined {
  if (p.mustBe === 'zero') return '0';
  if (p.mustBe === 'null' || p.role === 'completionContext' || p.role === 'injectionContext') return 'NULL';
  return undefined;
}

/** Completion functions to offer: those other calls in this file pass first, then the workspace's, by name. */
function completionChoices(site: CallSite, calls: CallSite[], index: WorkspaceIndex): string[] {
  const known = index.completionFunctions();
  const used: string[] = [];
  for (const c of calls) {
    const i = c.fn.params.findIndex((p) => p.role === 'completionFn');
    const arg = c !== site && i >= 0 && c.args.length === c.fn.params.length ? c.args[i] : undefined;
    if (arg?.type === 'identifier' && known.has(arg.text) && !used.includes(arg.text)) used.push(arg.text);
  }
  const rest = [...known].filter((n) => !used.includes(n)).sort();
  return [...used, ...rest].slice(0, MAX_CHOICES);
}

/** The edit that puts `values` (in order) where the missing parameters go. */
function insertion(file: SourceFile, site: CallSite, one: Alignment, values: string[]): TextEdit[] {
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const args = site.args;
  const edits: TextEdit[] = [];
  // Group the missing parameters by the argument they go before (args.length: after the last).
  const groups = new Map<number, string[]>();
  one.missing.forEach((p, k) => {
    let before = one.paramOf.findIndex((q) => q > p);
    if (before < 0) before = args.length;
    groups.set(before, [...(groups.get(before) ?? []), values[k]]);
  });
  for (const [before, texts] of groups) {
    const next: Node | undefined = args[before];
    const prev: Node | undefined = args[before - 1];
    if (next) {
      const ownLine = !!prev && prev.endPosition.row !== next.startPosition.row;
      const sep = ownLine ? `,${eol}${lineIndent(file, next.startIndex)}` : ', ';
      edits.push({ start: next.startIndex, end: next.startIndex, newText: texts.join(sep) + sep });
    } else if (prev) {
      const multiLine = args[0].startPosition.row !== prev.startPosition.row;
      const sep = multiLine ? `,${eol}${lineIndent(file, prev.startIndex)}` : ', ';
      edits.push({ start: prev.endIndex, end: prev.endIndex, newText: sep + texts.join(sep) });
    } else {
      const open = site.call.childForFieldName('arguments')!.startIndex + 1;
      edits.push({ start: open, end: open, newText: texts.join(', ') });
    }
  }
  return edits;
}

/** The completion function the call passes uses its context: NULL is no answer for a missing one. */
function contextNeeded(site: CallSite, one: Alignment, index: WorkspaceIndex): boolean {
  const fnParam = site.fn.params.findIndex((p) => p.role === 'completionFn');
  const arg = site.args[one.paramOf.indexOf(fnParam)];
  const use = arg?.type === 'identifier' ? index.completionContext(arg.text)?.use : undefined;
  return use === 'frees' || use === 'derefs';
}

export function insertArgumentFixes(
  file: SourceFile,
  site: CallSite,
  one: Alignment,
  index: WorkspaceIndex,
  calls: CallSite[],
): Fix[] {
  const params = one.missing.map((p) => site.fn.params[p]);
  if (params.some((p) => p.role === 'completionContext') && contextNeeded(site, one, index)) return [];
  const plain = params.map((p) => (p.role === 'completionFn' ? '' : plainValue(p)));
  if (plain.some((v) => v === undefined)) return [];
  const names = params.map((p) => p.name).join(', ');
  const completion = params.findIndex((p) => p.role === 'completionFn');
  const fix = (values: string[], what: string): Fix => ({
    title: `Insert the missing ${what}`,
    edits: insertion(file, site, one, values),
    safe: false,
  });
  if (completion < 0) return [fix(plain as string[], `${names} (${(plain as string[]).join(', ')})`)];
  const choices = completionChoices(site, calls, index);
  const withValue = (v: string) => plain.map((x, k) => (k === completion ? v : x!));
  if (!choices.length)
    return [fix(withValue(COMPLETION_PLACEHOLDER), `${names} (a placeholder for your completion function)`)];
  return choices.map((name) => fix(withValue(name), `${names} (${name})`));
}
