// Runs every rule over a file. The single entry point for diagnostics, code actions and the CLI.
import type { WindowsTarget } from '../catalog';
import { findCatalogCalls } from '../analysis/calls';
import { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { handleLifetime, handleTypeAndFamily } from './handles';
import { layerRules, metadataSources, selfInjectionCheck } from './layers';
import { completionFrees, ownershipRules, pairedFrees } from './ownership';
import { addressFamilyValue, argumentCount, requiredArguments, reservedArguments } from './parameters';
import type { Finding, Rule } from './types';

const ALL_RULES: Rule[] = [
  argumentCount,
  reservedArguments,
  requiredArguments,
  addressFamilyValue,
  handleTypeAndFamily,
  handleLifetime,
  layerRules,
  metadataSources,
  selfInjectionCheck,
  ownershipRules,
  pairedFrees,
  completionFrees,
];

/**
 * Findings for one file. `index` holds the workspace's facts (this file's included); without
 * one, the file is checked on its own as if it were the whole program.
 */
export function checkFile(file: SourceFile, target: WindowsTarget, index?: WorkspaceIndex): Finding[] {
  if (!file.tree) return [];
  if (!index) {
    index = new WorkspaceIndex();
    index.update(file, target);
    index.complete = true;
  }
  const ctx = { file, calls: findCatalogCalls(file, target), target, index };
  const findings = ALL_RULES.flatMap((rule) => rule(ctx));
  return findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

export type { Finding, Fix, TextEdit } from './types';
