// Is a reserved pointer argument literally NULL? NULL, 0, nullptr and object-like macros of the
// file that expand to them are; variables and other expressions are not. An upper-case name the
// file does not define may be a header's macro for NULL: that one we cannot tell.
import type { Node } from '../parse/syntaxNode';
import type { SourceFile } from '../parse/document';
import { isNullLiteral, unwrap } from './values';
import { MACRO_NAME } from '../parse/lexing';

export type NullVerdict = 'null' | 'notNull' | 'unknown';

const definesOf = new WeakMap<SourceFile, Map<string, string>>();

/** `#define NAME value` of the file (the last one wins, as for the preprocessor). */
function defines(file: SourceFile): Map<string, string> {
  let map = definesOf.get(file);
  if (map) return map;
  map = new Map();
  if (file.tree && file.text.includes('#')) {
    for (const d of file.tree.rootNode.descendantsOfType('preproc_def')) {
      const name = d?.childForFieldName('name')?.text;
      if (name) map.set(name, d!.childForFieldName('value')?.text.trim() ?? '');
    }
  }
  definesOf.set(file, map);
  return map;
}

const NULL_TEXT =
  /^\(*\s*(\(\s*(void|VOID|PVOID)\s*\*?\s*\)\s*)?(NULL|nullptr|0[uUlL]*|0[xX]0+[uUlL]*)\s*\)*$/;

/** Follows object-like macros of the file to the text they finally stand for. */
function expanded(name: string, file: SourceFile): string {
  const seen = new Set<string>();
  let text = name;
  for (
    let value = defines(file).get(text);
    value !== undefined && !seen.has(text);
    value = defines(file).get(text)
  ) {
    seen.add(text);
    text = value;
  }
  return text;
}

function nameVerdict(name: string, isDeclared: (name: string) => boolean): NullVerdict {
  if (isDeclared(name)) return 'notNull';
  // A name spelled like a macro may expand to NULL in a header we do not see.
  return MACRO_NAME.test(name) ? 'unknown' : 'notNull';
}

export function nullVerdict(arg: Node, file: SourceFile, isDeclared: (name: string) => boolean): NullVerdict {
  if (isNullLiteral(arg)) return 'null';
  const n = unwrap(arg);
  if (n.type === 'identifier') {
    const text = expanded(n.text, file);
    if (NULL_TEXT.test(text)) return 'null';
    if (/^\w+$/.test(text)) return nameVerdict(text, isDeclared);
    return text === n.text ? nameVerdict(text, isDeclared) : 'notNull';
  }
  // A function-like macro call could still expand to NULL; anything else is a value.
  if (n.type === 'call_expression' && MACRO_NAME.test(n.childForFieldName('function')?.text ?? ''))
    return 'unknown';
  return 'notNull';
}
