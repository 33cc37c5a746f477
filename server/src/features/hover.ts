// Hover: catalog functions, FWPS_/STATUS_FWP_ constants and the parameter under the cursor.
import type { Hover } from 'vscode-languageserver';
import { getConstant, resolveFunction, type WindowsTarget } from '../catalog';
import { wordAt } from '../parse/callContext';
import type { SourceFile } from '../parse/document';
import { catalogCallAt } from './context';
import { functionMarkdown, paramMarkdown, symbolMarkdown } from './markdown';

const OUR_CONSTANT = /^(FWPS_|FWPM_LAYER_|STATUS_FWP_)/;

export function hoverAt(file: SourceFile, offset: number, target: WindowsTarget): Hover | null {
  const word = wordAt(file.text, offset);
  const range = word && { start: file.positionAt(word.start), end: file.positionAt(word.end) };
  if (word && range) {
    if (word.word.startsWith('Fwps')) {
      const fn = resolveFunction(word.word, target);
      if (fn) return { contents: { kind: 'markdown', value: functionMarkdown(fn, word.word) }, range };
    }
    if (OUR_CONSTANT.test(word.word)) {
      const md = symbolMarkdown(word.word, getConstant(word.word));
      if (md) return { contents: { kind: 'markdown', value: md }, range };
    }
  }
  const at = catalogCallAt(file, offset, target);
  if (!at || at.frame.argIndex >= at.fn.params.length) return null;
  return {
    contents: { kind: 'markdown', value: paramMarkdown(at.fn, at.frame.argIndex) },
    ...(range ? { range } : {}),
  };
}
