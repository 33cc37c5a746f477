// Does a call run only when a parameter's `Status` failed (or only when it succeeded)? A
// completion function that frees the NBL in `if (!NT_SUCCESS(nbl->Status)) { … }` leaks every
// packet that was injected successfully.
import type { Node } from '../parse/syntaxNode';
import { conditionPolarity } from './statusTests';
import { unwrap } from './values';

/** The nodes of a body this reads (the summary's one walk over it). */
interface BodyNodes {
  calls: Node[];
  assignments: Node[];
  declarators: Node[];
}

/** The call runs only when parameter `param`'s status failed (`failed`) or succeeded. */
export interface StatusBranch {
  param: number;
  failed: boolean;
}

/** `p->Status`, `NET_BUFFER_LIST_STATUS(p)` and the locals set from them, for each parameter. */
function statusSubjects(nodes: BodyNodes, params: string[]): { param: number; subject: string }[] {
  const out: { param: number; subject: string }[] = [];
  params.forEach((p, i) => {
    out.push({ param: i, subject: `${p}->Status` }, { param: i, subject: `NET_BUFFER_LIST_STATUS(${p})` });
  });
  const direct = new Map(out.map((s) => [s.subject.replace(/\s+/g, ''), s.param]));
  const copies = (target: Node | null | undefined, value: Node | null | undefined) => {
    const param = value ? direct.get(unwrap(value).text.replace(/\s+/g, '')) : undefined;
    if (param !== undefined && target?.type === 'identifier') out.push({ param, subject: target.text });
  };
  for (const d of nodes.declarators) copies(d.childForFieldName('declarator'), d.childForFieldName('value'));
  for (const a of nodes.assignments) copies(a.childForFieldName('left'), a.childForFieldName('right'));
  return out;
}

function polarityOf(
  condition: Node,
  subjects: { param: number; subject: string }[],
): { param: number; failureWhenTrue: boolean } | undefined {
  for (const s of subjects) {
    const p = conditionPolarity(condition, s.subject);
    if (p !== undefined) return { param: s.param, failureWhenTrue: p };
  }
  return undefined;
}

/** Every path through `s` ends in a return. */
function alwaysReturns(s: Node | null): boolean {
  if (!s) return false;
  if (s.type === 'return_statement') return true;
  if (s.type === 'compound_statement')
    return alwaysReturns(s.namedChildren[s.namedChildren.length - 1] ?? null);
  return false;
}

/**
 * For each call (by node id) that sits in a branch of a status test: `if (!NT_SUCCESS(nbl->Status))
 * { here }`, its `else`, or after `if (NT_SUCCESS(nbl->Status)) return;` in the same block.
 */
export function statusBranches(body: Node, nodes: BodyNodes, params: string[]): Map<number, StatusBranch> {
  const out = new Map<number, StatusBranch>();
  if (!/\bStatus\b|NET_BUFFER_LIST_STATUS/.test(body.text)) return out;
  const subjects = statusSubjects(nodes, params);
  for (const call of nodes.calls) {
    for (let child: Node = call, n = call.parent; n && child.id !== body.id; child = n, n = n.parent) {
      let found: StatusBranch | undefined;
      if (n.type === 'if_statement') {
        const condition = n.childForFieldName('condition');
        const inThen = n.childForFieldName('consequence')?.id === child.id;
        const inElse = n.childForFieldName('alternative')?.id === child.id;
        const p = condition && (inThen || inElse) ? polarityOf(condition, subjects) : undefined;
        if (p) found = { param: p.param, failed: p.failureWhenTrue === inThen };
      } else if (n.type === 'compound_statement') {
        // An earlier `if (status test) return;` in this block: only the other outcome gets here.
        for (const s of n.namedChildren) {
          if (!s || s.startIndex >= child.startIndex) break;
          const condition = s.type === 'if_statement' ? s.childForFieldName('condition') : null;
          if (!condition || s.childForFieldName('alternative')) continue;
          if (!alwaysReturns(s.childForFieldName('consequence'))) continue;
          const p = polarityOf(condition, subjects);
          if (p) found = { param: p.param, failed: !p.failureWhenTrue };
        }
      }
      if (found) {
        out.set(call.id, found);
        break;
      }
    }
  }
  return out;
}
