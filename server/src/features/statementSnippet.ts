// The statement completion inserts for an injection call at the start of a statement: the call
// with its status kept, and the free of the NBL when the call fails (the completion function
// runs only on STATUS_SUCCESS). Indented with tabs, which the editor turns into the file's
// indentation; names and braces as the file writes them.
import { resolveFunction, type FunctionSpec } from '../catalog';
import type { FileStyle } from './fileStyle';

/** Argument placeholders: the only legal value for reserved ones, a telling name otherwise. */
export function argumentPlaceholder(fn: FunctionSpec, i: number, n: number): string {
  const p = fn.params[i];
  if (p.mustBe === 'zero') return `\${${n}:0}`;
  if (p.mustBe === 'null') return `\${${n}:NULL}`;
  if (p.role === 'injectionContext' || p.role === 'completionContext') return `\${${n}:NULL}`;
  if (p.role === 'addressFamily') return `\${${n}|AF_INET,AF_INET6|}`;
  if (p.role === 'layerId' && fn.injection?.layerIdValues)
    return `\${${n}|${fn.injection.layerIdValues.join(',')}|}`;
  if (p.role === 'netBufferList') return `\${${n}:clonedNbl}`;
  if (p.role === 'injectionHandle') return `\${${n}:gInjectionHandle}`;
  if (p.role === 'completionFn') return `\${${n}:InjectComplete}`;
  return `\${${n}:${p.name}}`;
}

/** The snippet text; `name` is the function as the file names it. */
export function injectionStatement(fn: FunctionSpec, name: string, style: FileStyle): string {
  const nblIndex = fn.params.findIndex((p) => p.role === 'netBufferList');
  const nblTab = nblIndex + 2; // tab stop 1 is the status variable
  const freeName =
    style.versionIndependent && resolveFunction('FwpsFreeCloneNetBufferList')
      ? 'FwpsFreeCloneNetBufferList'
      : 'FwpsFreeCloneNetBufferList0';
  const free =
    fn.name === 'FwpsStreamInjectAsync0'
      ? `${freeName}(\${${nblTab}:clonedNbl}, 0); /* or FwpsDiscardClonedStreamData0 for an FwpsCloneStreamData0 chain */`
      : `${freeName}(\${${nblTab}:clonedNbl}, 0);`;
  const args = fn.params.map((_, i) => argumentPlaceholder(fn, i, i + 2));
  const open = style.braceOnOwnLine ? '\n{' : ' {';
  return [
    `\${1:status} = ${name}(`,
    ...args.map((a, i) => `\t${a}${i < args.length - 1 ? ',' : ');'}`),
    `if (!NT_SUCCESS(\${1:status}))${open}`,
    '\t/* Not injected: the completion function will not run, the NBL is still ours. */',
    `\t${free}`,
    '}',
    '$0',
  ].join('\n');
}
