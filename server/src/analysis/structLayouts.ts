// The members of each struct a file defines, by the names the struct goes by (its typedef names
// and its tag). Drivers copy a struct under a new name for another callout (WFPSampler has one
// completion-data struct per sample, member for member the same): a completion function that
// casts its context to one of them reads the other right, and WFP2006 is silent on that pair.
import type { Node } from '../parse/syntaxNode';

export interface StructLayoutFact {
  /** The names, without leading underscores (`_PACKET_CTX` → `PACKET_CTX`), as WFP2006 compares them. */
  names: string[];
  /** Each member declaration's text with its spacing made uniform, in order. */
  members: string;
}

/** Nodes whose children are top-level declarations still (header guards, `extern "C"`, #if). */
const CONTAINERS = new Set([
  'translation_unit',
  'preproc_if',
  'preproc_ifdef',
  'preproc_else',
  'preproc_elif',
  'preproc_elifdef',
  'linkage_specification',
  'declaration_list',
]);

const plainName = (name: string) => name.replace(/^_+/, '');

const uniform = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([*,;[\]:])\s*/g, '$1')
    .trim();

/** The members of a struct body, or undefined where they are not plain declarations (an #if, a method). */
function members(body: Node): string | undefined {
  const out: string[] = [];
  for (const child of body.namedChildren) {
    if (!child || child.type === 'comment') continue;
    if (child.type !== 'field_declaration') return undefined;
    out.push(uniform(child.text));
  }
  return out.length ? out.join(' ') : undefined;
}

/** The struct `spec` defines (with a body), under its tag and `aliases`. */
function layoutOf(spec: Node | null, aliases: string[], out: StructLayoutFact[]): void {
  if (spec?.type !== 'struct_specifier') return;
  const body = spec.childForFieldName('body');
  const layout = body && members(body);
  if (!layout) return;
  const tag = spec.childForFieldName('name')?.text;
  const names = [...new Set([...(tag ? [tag] : []), ...aliases].map(plainName))];
  if (names.length) out.push({ names, members: layout });
}

export function structLayoutFacts(root: Node): StructLayoutFact[] {
  const out: StructLayoutFact[] = [];
  // Struct definitions are written out in the text; most declarations have none.
  if (!root.text.includes('struct')) return out;
  const visit = (node: Node) => {
    if (CONTAINERS.has(node.type)) {
      for (const child of node.namedChildren) if (child) visit(child);
    } else if (node.type === 'type_definition') {
      // `typedef struct _X {…} X, *PX;`: the pointer typedef is not a name of the struct.
      const aliases = node
        .childrenForFieldName('declarator')
        .filter((d): d is Node => d?.type === 'type_identifier')
        .map((d) => d.text);
      layoutOf(node.childForFieldName('type'), aliases, out);
    } else if (node.type === 'struct_specifier') {
      layoutOf(node, [], out);
    } else if (node.type === 'declaration') {
      layoutOf(node.childForFieldName('type'), [], out);
    }
  };
  visit(root);
  return out;
}
