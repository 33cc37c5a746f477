// WFP2001 and WFP2002 at the calls of wrappers that inject a field of the record they are given
// (`status = InjectPacket(&entry->io);` sends `entry->io.nbl` and returns the status): when the
// status is a failure, the caller owns that NBL again. No fix is offered: the caller's code never
// names the NBL, so where and how to free it is the author's to write.
import type { Node } from '../parse/syntaxNode';
import { fieldWrapperInjections, type FieldWrapperInjection } from '../analysis/helperCalls';
import { pairedFreeName, type NblOrigin } from '../analysis/nbl';
import { failurePath, handsStatusBack, statusUse } from '../analysis/ownership';
import { rootIdentifier } from '../analysis/summaries';
import { VariableTypes } from '../analysis/varTypes';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { finding } from './finding';
import type { Finding } from './types';

export interface OwnedField extends FieldWrapperInjection {
  origin: NblOrigin;
  body: Node;
}

/**
 * The calls of field-injecting wrappers under `root` (the file by default) whose NBL's origin the
 * workspace's stores tell.
 */
export function ownedFieldWrappers(file: SourceFile, index: WorkspaceIndex, root?: Node): OwnedField[] {
  if (!file.tree) return [];
  const out: OwnedField[] = [];
  const types = VariableTypes.of(file.tree.rootNode);
  for (const w of fieldWrapperInjections(root ?? file.tree.rootNode, index, file)) {
    const body = w.enclosingFunction.childForFieldName('body');
    if (!body) continue;
    // `packet->nbl` is of packet's type; the embedded record of `&entry->io` is of a type unknown here.
    const type =
      w.holder.type === 'identifier' ? types.typeOf(w.holder.text, w.enclosingFunction) : undefined;
    const origin = index.fieldOrigin(w.key, type);
    if (origin) out.push({ ...w, origin, body });
  }
  return out;
}

/**
 * How the caller's failure path treats the NBL: `freed`, `leaked`, `unknown`, or `returned` when
 * the caller hands the status back in turn (its own callers decide).
 */
export function fieldWrapperOnFailure(
  o: OwnedField,
  index: WorkspaceIndex,
  use = statusUse(o, o.body, index),
): 'freed' | 'leaked' | 'unknown' | 'returned' {
  if (use.kind === 'ignored' || use.kind === 'untested') return 'leaked';
  if (handsStatusBack(use, o.body)) return 'returned';
  if (use.kind !== 'tested') return 'unknown';
  return failurePath(use, { text: o.text, root: rootIdentifier(o.holder) }, o.body, index);
}

/** The findings at the calls under `scope` (a declaration checked on its own), or in the file. */
export function fieldWrapperLeaks(file: SourceFile, index: WorkspaceIndex, scope?: Node): Finding[] {
  const out: Finding[] = [];
  const judged = new Set<number>();
  for (const o of ownedFieldWrappers(file, index, scope)) {
    // A wrapper that may make either of two injections is one call to judge.
    if (judged.has(o.call.id)) continue;
    judged.add(o.call.id);
    const call = `${o.wrapper} (which returns the status of ${o.fn} for \`${o.text}\`)`;
    const free = pairedFreeName(o.origin);
    const use = statusUse(o, o.body, index);
    const at = [o.nameNode.startIndex, o.nameNode.endIndex] as const;
    if (use.kind === 'ignored' || use.kind === 'untested')
      out.push(
        finding(
          'WFP2001',
          use.kind === 'ignored'
            ? `The status of ${call} is ignored: when it fails the completion function never runs and \`${o.text}\` leaks. Check it and free the NBL with ${free} on failure.`
            : `\`${use.variable}\` from ${call} is never tested: when the call fails the completion function never runs and \`${o.text}\` leaks.`,
          ...at,
        ),
      );
    else if (fieldWrapperOnFailure(o, index, use) === 'leaked')
      out.push(
        finding(
          'WFP2002',
          `\`${o.text}\` leaks when ${call} fails: the completion function only runs on STATUS_SUCCESS, so the failure path must free it with ${free}.`,
          ...at,
        ),
      );
  }
  return out;
}
