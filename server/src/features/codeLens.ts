// A code lens above each injection call that opens the injection flow panel on it.
import type { CodeLens } from 'vscode-languageserver';
import type { WindowsTarget } from '../catalog';
import { findCatalogCalls } from '../analysis/calls';
import type { SourceFile } from '../parse/document';
import { Commands, typedCommand } from '../../../shared/commands';
import { rangeOf } from '../parse/range';

export function injectionCodeLenses(file: SourceFile, target: WindowsTarget): CodeLens[] {
  if (!file.tree) return [];
  return findCatalogCalls(file, target)
    .filter((c) => c.fn.injection)
    .map((c) => {
      const range = rangeOf(file, c.nameNode.startIndex, c.nameNode.endIndex);
      return {
        range,
        command: typedCommand('WFP: Show Injection Flow', Commands.showInjectionFlow, file.uri, range.start),
      };
    });
}
