// What a rule produces. Offsets are UTF-16 offsets into the file text; views convert them.
import type { WindowsTarget } from '../catalog';
import type { RuleId, Severity } from '../catalog/rules';
import type { CallSite } from '../analysis/calls';
import type { SourceFile } from '../parse/document';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { Node } from '../parse/syntaxNode';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Marked as the preferred quick fix. */
  preferred?: boolean;
  /** Applied by fix-all / `--fix` without review. */
  safe: boolean;
}

export interface RelatedLocation {
  uri: string;
  start: number;
  end: number;
  /** 0-based line, for locations in files that are not loaded. */
  line: number;
  message: string;
}

export interface Finding {
  ruleId: RuleId;
  related?: RelatedLocation[];
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
}

export interface RuleContext {
  file: SourceFile;
  /** The calls to judge: the file's, or one declaration's when it is checked on its own. */
  calls: CallSite[];
  /** Every call in the file, for rules that look at the rest of the file (never to report on). */
  fileCalls: CallSite[];
  target: WindowsTarget;
  /** Facts from every indexed file, this one included. */
  index: WorkspaceIndex;
  /** The top-level declaration checked on its own, when it is one. */
  scope?: Node;
}

export type Rule = (ctx: RuleContext) => Finding[];
