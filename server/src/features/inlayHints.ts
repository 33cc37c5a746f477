// Inlay hints: the catalog's parameter name before each argument of a catalog call, so that a
// 7–11 argument injection call reads like a call with named arguments.
import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import type { Node } from '../parse/syntaxNode';
import { findCatalogCalls } from '../analysis/calls';
import { isInjectionFunction, type FunctionSpec, type WindowsTarget } from '../catalog';
import type { SourceFile } from '../parse/document';
import type { ParameterNameHints } from '../settings';

function wanted(fn: FunctionSpec, mode: ParameterNameHints): boolean {
  return mode === 'all' || (mode === 'injection' && isInjectionFunction(fn));
}

/** An argument that already spells the parameter's name (`netBufferList`, `ctx->flags`) needs no hint. */
function namesItself(arg: Node, paramName: string): boolean {
  return arg.text.toLowerCase().endsWith(paramName.toLowerCase());
}

/** Hints for the arguments that start within [start, end] (offsets). */
export function inlayHintsIn(
  file: SourceFile,
  start: number,
  end: number,
  target: WindowsTarget,
  mode: ParameterNameHints,
): InlayHint[] {
  if (mode === 'off') return [];
  const hints: InlayHint[] = [];
  for (const site of findCatalogCalls(file, target)) {
    if (site.call.endIndex < start || site.call.startIndex > end || !wanted(site.fn, mode)) continue;
    for (const [i, arg] of site.args.entries()) {
      // After a parse error the argument positions are a guess: say nothing rather than mislabel.
      if (arg.type === 'ERROR' || arg.isMissing || arg.startIndex === arg.endIndex) break;
      const param = site.fn.params[i];
      if (!param) break;
      if (arg.startIndex < start || arg.startIndex > end || namesItself(arg, param.name)) continue;
      hints.push({
        position: file.positionAt(arg.startIndex),
        label: `${param.name}:`,
        kind: InlayHintKind.Parameter,
        paddingRight: true,
      });
    }
  }
  return hints;
}
