// Runs every rule over a file. The single entry point for diagnostics, code actions and the CLI.
import type { WindowsTarget } from '../catalog';
import { findCatalogCalls, type CallSite } from '../analysis/calls';
import { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { Node } from '../parse/syntaxNode';
import type { SourceFile } from '../parse/document';
import { handleLifetime, handleTypeAndFamily } from './handles';
import { layerRules, metadataSources } from './layers';
import { selfInjectionCheck } from './selfInjection';
import { helperInjection } from './helperInjection';
import { completionFrees, ownershipRules } from './ownership';
import { pairedFrees } from './pairedFrees';
import { lostBeforeInjection } from './lostBeforeInjection';
import { uncheckedAllocation } from './uncheckedAllocation';
import { completionFreeKind } from './completionFreeKind';
import { neverEnded } from './neverEnded';
import { argumentCount } from './argumentCount';
import { completionContext } from './completionContext';
import { addressFamilyValue, requiredArguments, reservedArguments } from './parameters';
import type { Finding, Rule, RuleContext } from './types';
import { nextTurn } from '../nextTurn';

const ALL_RULES: Rule[] = [
  argumentCount,
  reservedArguments,
  requiredArguments,
  addressFamilyValue,
  handleTypeAndFamily,
  handleLifetime,
  neverEnded,
  layerRules,
  metadataSources,
  selfInjectionCheck,
  helperInjection,
  ownershipRules,
  lostBeforeInjection,
  uncheckedAllocation,
  pairedFrees,
  completionFrees,
  completionFreeKind,
  completionContext,
];

/**
 * Findings for one file. `index` holds the workspace's facts (this file's included); without
 * one, the file is checked on its own as if it were the whole program.
 */
export function checkFile(file: SourceFile, target: WindowsTarget, index?: WorkspaceIndex): Finding[] {
  if (!file.tree) return [];
  const ctx = contextFor(file, target, index);
  return sorted(
    file,
    ALL_RULES.flatMap((rule) => rule(ctx)),
  );
}

/**
 * checkFile for the server: yields to the event loop between rules so that a cancellation or a
 * newer version can be noticed, and gives up (undefined) as soon as `stop()` says so. `stop()`
 * is asked before the tree is touched again, so a tree freed meanwhile is never read.
 */
export async function checkFileUnlessStopped(
  file: SourceFile,
  target: WindowsTarget,
  index: WorkspaceIndex,
  stop: () => boolean,
): Promise<Finding[] | undefined> {
  if (!file.tree) return [];
  const ctx = contextFor(file, target, index);
  const findings: Finding[] = [];
  // A parse replaced meanwhile (an environment change re-parses every open document) is freed a
  // little later: a tree whose root is gone is not read again.
  const gone = () => stop() || !file.tree?.rootNode;
  for (const rule of ALL_RULES) {
    await nextTurn();
    if (gone()) return undefined;
    findings.push(...rule(ctx));
  }
  await nextTurn();
  if (gone()) return undefined;
  return sorted(file, findings);
}

function contextFor(
  file: SourceFile,
  target: WindowsTarget,
  index: WorkspaceIndex | undefined,
  scope?: Node,
): RuleContext {
  if (!index) {
    index = new WorkspaceIndex();
    index.update(file, target);
    index.complete = true;
  }
  if (!scope) {
    const all = findCatalogCalls(file, target);
    return { file, calls: all, fileCalls: all, target, index };
  }
  // A declaration's calls; the whole file's only when a rule looks beyond it (rarely: a finding's
  // fix), so that an edit does not search the file.
  let all: CallSite[] | undefined;
  return {
    file,
    calls: findCatalogCalls(file, target, scope),
    get fileCalls() {
      return (all ??= findCatalogCalls(file, target));
    },
    target,
    index,
    scope,
  };
}

/**
 * The findings located in one top-level declaration `scope`, as checkFile would give them: the
 * rules see only the calls in it (some still look around the file), and what they report
 * elsewhere is left to the declaration it is in.
 */
export function checkDeclaration(
  file: SourceFile,
  target: WindowsTarget,
  index: WorkspaceIndex,
  scope: Node,
): Finding[] {
  if (!file.tree) return [];
  const ctx = contextFor(file, target, index, scope);
  const inside = (f: Finding) => f.start >= scope.startIndex && f.start < scope.endIndex;
  return sorted(
    file,
    ALL_RULES.flatMap((rule) => rule(ctx).filter(inside)),
  );
}

function sorted(file: SourceFile, findings: Finding[]): Finding[] {
  for (const f of findings)
    if (f.fixes.some((x) => x.safe) && inBrokenBody(file, f.start))
      f.fixes = f.fixes.map((x) => ({ ...x, safe: false }));
  return findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

/**
 * A function with a syntax error (body or parameters) is being typed: its fixes are still offered one by one,
 * but fix-all and `--fix` leave it alone, since an edit there can change how the rest parses.
 */
function inBrokenBody(file: SourceFile, offset: number): boolean {
  for (let n: Node | null = file.tree!.rootNode.descendantForIndex(offset); n; n = n.parent) {
    if (n.type === 'function_definition') return n.hasError;
  }
  return false;
}

export type { Finding, Fix, TextEdit } from './types';
