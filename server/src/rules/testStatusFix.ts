// WFP2008's fix: test the allocation's status right after it and leave when it failed. Offered,
// never applied unreviewed: leaving early may skip a cleanup the function does further down.
// Only where leaving is plain: a function returning NTSTATUS (the status goes back) or nothing,
// with no cleanup label, and a status variable in scope or a name free for one.
import type { StatusUse } from '../analysis/ownership';
import type { SourceFile } from '../parse/document';
import type { Node } from '../parse/syntaxNode';
import { descendantsOf, identifiersByName } from '../analysis/descendants';
import { block, detectStyle, lineIndent } from './style';
import type { Fix } from './types';

export function testStatusFix(
  file: SourceFile,
  fn: Node,
  body: Node,
  call: Node,
  use: StatusUse & { kind: 'ignored' | 'untested' },
): Fix | undefined {
  const type = fn.childForFieldName('type')?.text;
  const declarator = fn.childForFieldName('declarator');
  if (declarator?.type !== 'function_declarator') return undefined;
  const returnsStatus = type === 'NTSTATUS';
  if (!returnsStatus && !/^(VOID|void)$/.test(type ?? '')) return undefined;
  if (descendantsOf(body, 'labeled_statement').length) return undefined;
  const stmt = use.stmt;
  if (stmt.parent?.type !== 'compound_statement') return undefined;
  const edits: Fix['edits'] = [];
  let name: string;
  if (use.kind === 'untested') {
    name = use.variable;
  } else {
    // `FwpsAllocate…(…);`: its status goes into the function's NTSTATUS local, or a new one
    // (not behind a cast: `(void)FwpsAllocate…(…)` is left as written).
    if (stmt.namedChild(0)?.id !== call.id) return undefined;
    const local = statusLocalBefore(body, stmt);
    if (local) {
      name = local;
      edits.push({ start: stmt.startIndex, end: stmt.startIndex, newText: `${name} = ` });
    } else {
      if (identifiersByName(body).has('status')) return undefined;
      name = 'status';
      edits.push({ start: stmt.startIndex, end: stmt.startIndex, newText: 'NTSTATUS status = ' });
    }
  }
  const style = detectStyle(file, body);
  const indent = lineIndent(file, stmt.startIndex);
  const leave = returnsStatus ? `return ${name};` : 'return;';
  edits.push({
    start: stmt.endIndex,
    end: stmt.endIndex,
    newText: `${style.eol}${indent}if (!NT_SUCCESS(${name}))${block(style, indent, [leave])}`,
  });
  return { title: `Test the status and leave on failure (${leave})`, preferred: true, safe: false, edits };
}

/** An `NTSTATUS x;` declared in the body itself before `stmt`: in scope there. */
function statusLocalBefore(body: Node, stmt: Node): string | undefined {
  for (const d of body.namedChildren) {
    if (!d || d.startIndex >= stmt.startIndex) break;
    if (d.type !== 'declaration' || d.childForFieldName('type')?.text !== 'NTSTATUS') continue;
    const declarator = d.childForFieldName('declarator');
    const name =
      declarator?.type === 'init_declarator'
        ? declarator.childForFieldName('declarator')?.text
        : declarator?.text;
    if (name && /^\w+$/.test(name)) return name;
  }
  return undefined;
}
