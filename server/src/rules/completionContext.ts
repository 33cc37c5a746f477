// WFP2006: the completionContext of an injection is what its completion function takes as
// context. NULL for a completion function that frees or dereferences its context without testing
// it faults there (and what the context was to release leaks); a variable of another struct type
// than the one the completion function casts it to is read as the wrong thing.
import { lifecycleOf, paramByRole } from '../catalog';
import type { CompletionContextFact } from '../analysis/completionContext';
import { declaredTypes } from '../analysis/declaredTypes';
import { isNullLiteral, unwrap } from '../analysis/values';
import { sameType } from '../analysis/varTypes';
import { finding } from './finding';
import type { Finding, Rule } from './types';

/** `struct _PACKET_CTX *` → `PACKET_CTX` and `PPACKET_CTX` → itself: compared with sameType. */
function baseType(type: string): string | undefined {
  const t = type
    .replace(/\b(const|volatile|struct)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const stars = (t.match(/\*/g) ?? []).length;
  const name = t.replace(/\*/g, '').trim().replace(/^_+/, '');
  if (
    !/^\w+$/.test(name) ||
    /^(P?VOID|void|HANDLE|PVOID|UCHAR|PUCHAR|CHAR|ULONG_PTR|UINT_PTR|SIZE_T)$/.test(name)
  )
    return undefined;
  if (stars > 1) return undefined;
  if (stars === 1) return name;
  return /^P[A-Z_]/.test(name) ? name.slice(1).replace(/^_+/, '') : undefined;
}

/** What passing NULL does to a completion function that frees or dereferences its context. */
function nullContextMessage(fn: string, use: CompletionContextFact, arg: string): string {
  const helper =
    use.use === 'frees' && use.freedBy && !lifecycleOf(use.freedBy)?.frees ? use.freedBy : undefined;
  if (helper)
    return `${fn} hands its context to ${helper} to release it, but this call passes \`${arg}\` as completionContext: whatever the context was meant to release leaks, and ${helper} is given NULL.`;
  return `${fn} ${use.use === 'frees' ? 'frees' : 'dereferences'} its context without testing it, but this call passes \`${arg}\` as completionContext: the completion function faults on NULL, and whatever the context was meant to release leaks.`;
}

export const completionContext: Rule = ({ file, calls, index }) => {
  const out: Finding[] = [];
  for (const site of calls) {
    if (!site.fn.injection || site.args.length !== site.fn.params.length) continue;
    const fnParam = paramByRole(site.fn, 'completionFn');
    const ctxParam = paramByRole(site.fn, 'completionContext');
    if (!fnParam || !ctxParam) continue;
    const fnArg = unwrap(site.args[fnParam.index]);
    if (fnArg.type !== 'identifier') continue;
    const use = index.completionContext(fnArg.text);
    if (!use) continue;
    const arg = site.args[ctxParam.index];
    if (isNullLiteral(arg)) {
      if (use.use !== 'frees' && use.use !== 'derefs') continue;
      out.push(
        finding('WFP2006', nullContextMessage(fnArg.text, use, arg.text), arg.startIndex, arg.endIndex),
      );
      continue;
    }
    const v = unwrap(arg);
    if (v.type !== 'identifier' || !use.type) continue;
    const declared = declaredTypes(site.enclosingFunction, file.tree!.rootNode).get(v.text);
    const passed = declared && baseType(declared);
    const taken = baseType(use.type);
    if (!passed || !taken || sameType(passed, taken)) continue;
    // Two names for one struct, copied member for member: the completion function reads it right.
    const layout = index.structLayout(taken);
    if (layout && layout === index.structLayout(passed)) continue;
    out.push(
      finding(
        'WFP2006',
        `${fnArg.text} takes its context as ${use.type}, but this call passes \`${arg.text}\`, a ${declared}.`,
        arg.startIndex,
        arg.endIndex,
      ),
    );
  }
  return out;
};
