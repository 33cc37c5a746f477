// The quick fix that frees the NBL in the function's cleanup label: the label frees it when it is
// not NULL, and the success path sets it to NULL because WFP owns it from then on.
import type { Node } from '../parse/syntaxNode';
import { cleanupLabel, labelStatement } from '../analysis/cleanupLabel';
import type { StatusUse } from '../analysis/ownership';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import type { SourceFile } from '../parse/document';
import { block, detectStyle, lineIndent } from './style';
import type { Fix } from './types';

export function cleanupLabelFix(
  file: SourceFile,
  use: StatusUse & { kind: 'tested' },
  nbl: Node,
  inject: Node,
  fnBody: Node,
  index: WorkspaceIndex,
  free: string,
): Fix | undefined {
  const found = cleanupLabel(use, nbl, inject, fnBody, index);
  const target = found && labelStatement(found.label);
  if (!found || !target) return undefined;
  const style = detectStyle(file, fnBody);
  const name = nbl.text;
  const clear = `${name} = NULL; /* ownership passed to WFP */`;
  const edits: Fix['edits'] = [];

  if (found.clearAfter) {
    const at = found.clearAfter.endIndex;
    // The success path may already hand the NBL over (`clone = NULL;` right after the test).
    if (!clearsNext(found.clearAfter.nextNamedSibling, name)) {
      edits.push({
        start: at,
        end: at,
        newText: `${style.eol}${lineIndent(file, found.clearAfter.startIndex)}${clear}`,
      });
    }
  } else {
    const b = found.clearIn!;
    const first = b.namedChildren.find((c) => !!c && c.type !== 'comment');
    const inner = first ? lineIndent(file, first.startIndex) : lineIndent(file, b.startIndex) + style.unit;
    edits.push({ start: b.startIndex + 1, end: b.startIndex + 1, newText: `${style.eol}${inner}${clear}` });
  }

  // The label may already test the NBL (`if (clone != NULL) { … }`): the free goes first in there.
  const existing = nullTestBlock(fnBody, found.label, name);
  const title = `Free the NBL at label ${found.label.childForFieldName('label')!.text} (${free.replace(/\(.*$/, '')}) and clear it on success`;
  if (existing) {
    const first = existing.namedChildren.find((c) => !!c && c.type !== 'comment');
    const inner = first
      ? lineIndent(file, first.startIndex)
      : lineIndent(file, existing.startIndex) + style.unit;
    edits.push({
      start: existing.startIndex + 1,
      end: existing.startIndex + 1,
      newText: `${style.eol}${inner}${free}`,
    });
    return { title, preferred: found.cleansUp, safe: true, edits };
  }

  // `Exit:` on its own line keeps the indent of the statement under it; `Exit: return s;` is split.
  const ownLine = file.positionAt(target.startIndex).line !== file.positionAt(found.label.startIndex).line;
  const bodyFirst = fnBody.namedChildren.find(
    (c) => !!c && c.type !== 'comment' && c.type !== 'labeled_statement',
  );
  let indent = style.unit;
  if (ownLine) indent = lineIndent(file, target.startIndex);
  else if (bodyFirst) indent = lineIndent(file, bodyFirst.startIndex);
  const check = `if (${name} != NULL)${block(style, indent, [free])}`;
  if (ownLine) {
    edits.push({
      start: target.startIndex,
      end: target.startIndex,
      newText: `${check}${style.eol}${indent}`,
    });
  } else {
    const colon = found.label.children.find((c) => c?.type === ':')!.endIndex;
    edits.push({
      start: colon,
      end: target.startIndex,
      newText: `${style.eol}${indent}${check}${style.eol}${indent}`,
    });
  }
  return { title, preferred: found.cleansUp, safe: true, edits };
}

/**
 * The block of a top-level `if (name != NULL) { … }` (or `if (name)`, `if (NULL != name)`) without
 * an else, from the label to the end of the function.
 */
function nullTestBlock(fnBody: Node, label: Node, name: string): Node | undefined {
  const statements = [
    labelStatement(label),
    ...fnBody.namedChildren.filter((c) => !!c && c.startIndex > label.endIndex),
  ];
  for (const stmt of statements) {
    if (stmt?.type !== 'if_statement' || stmt.childForFieldName('alternative')) continue;
    const cond = stmt.childForFieldName('condition')?.text.replace(/\s+/g, '') ?? '';
    const tests = [
      `(${name})`,
      `(${name}!=NULL)`,
      `(NULL!=${name})`,
      `(${name}!=nullptr)`,
      `(nullptr!=${name})`,
    ].includes(cond);
    const block = stmt.childForFieldName('consequence');
    if (tests && block?.type === 'compound_statement') return block;
  }
  return undefined;
}

/** `name = NULL;` */
function clearsNext(stmt: Node | null, name: string): boolean {
  return (
    !!stmt &&
    stmt.type === 'expression_statement' &&
    /^(\w+)\s*=\s*(NULL|0|nullptr)\s*;$/.exec(stmt.text)?.[1] === name
  );
}
