// The declared struct type of a variable, enough to tell `TaskEntry->NetBufferList` from
// `OutgoingData->NetBufferList`: two fields with one name that hold NBLs of different origins.
import type { Node, Tree } from '../parse/syntaxNode';
import { descendantsOf } from './descendants';
import { functionDeclarator } from './functions';
import { declaredName } from './declarators';
import { fileDeclarations } from './declarationUnits';

/** SAL annotations and old-style IN/OUT markers that come before a parameter's type. */
const ANNOTATION = /\b_[A-Za-z]\w*_(\s*\([^()]*\))?|\b(IN|OUT|OPTIONAL|const|volatile|struct|union)\b/g;

/** `_TASK_ENTRY` and `TASK_ENTRY` name one type; pointer typedefs are compared in `sameType`. */
function normalise(type: string): string {
  return type.replace(/^_+/, '');
}

/** `PTASK_ENTRY` is the pointer typedef of `TASK_ENTRY` (WDK naming); otherwise equal names. */
export function sameType(a: string, b: string): boolean {
  return a === b || `P${a}` === b || a === `P${b}`;
}

/** Parameter name → type name, from the text (SAL annotations often parse as errors). */
function parameterTypes(def: Node, out: Map<string, Set<string>>): void {
  const params = functionDeclarator(def)?.childForFieldName('parameters');
  if (!params) return;
  for (const chunk of params.text.replace(/^\(|\)$/g, '').split(',')) {
    const m = /^\s*(\w+)[\s*&]+(\w+)\s*$/.exec(chunk.replace(ANNOTATION, ' '));
    if (m) add(out, m[2], m[1]);
  }
}

function declarationTypes(decls: readonly Node[], out: Map<string, Set<string>>): void {
  for (const d of decls) {
    const typeNode = d.childForFieldName('type');
    // `auto* p = static_cast<T*>(…)` or `auto p = (T*)…`: the cast says the type.
    const auto = typeNode?.type === 'placeholder_type_specifier';
    const type = typeNode ? typeName(typeNode) : undefined;
    if (!type && !auto) continue;
    for (const declarator of d.childrenForFieldName('declarator')) {
      const name = declaredName(declarator);
      const own =
        type ??
        (declarator?.type === 'init_declarator' ? castTo(declarator.childForFieldName('value')) : undefined);
      if (name && own) add(out, name, own);
    }
  }
}

/** The type a C cast or a C++ `static_cast<T*>` / `reinterpret_cast<T*>` converts to. */
function castTo(value: Node | null): string | undefined {
  if (value?.type === 'cast_expression') return castType(value);
  const fn = value?.type === 'call_expression' ? value.childForFieldName('function') : null;
  if (
    fn?.type !== 'template_function' ||
    !/^(static|reinterpret)_cast$/.test(fn.childForFieldName('name')?.text ?? '')
  )
    return undefined;
  const t = fn
    .childForFieldName('arguments')
    ?.namedChildren.find((c) => c?.type === 'type_descriptor')
    ?.childForFieldName('type');
  const name = t ? typeName(t) : undefined;
  return name ? normalise(name) : undefined;
}

/** `(PTASK_ENTRY)ctx` → `PTASK_ENTRY`, `(struct _T*)ctx` → `T`. */
export function castType(cast: Node): string | undefined {
  const t = cast.childForFieldName('type')?.childForFieldName('type');
  const name = t ? typeName(t) : undefined;
  return name ? normalise(name) : undefined;
}

/** `TASK_ENTRY`, or the name of `struct _T`: what a type specifier calls its type. */
function typeName(t: Node): string | undefined {
  return t.childForFieldName('name')?.text ?? (t.type === 'type_identifier' ? t.text : undefined);
}

function add(out: Map<string, Set<string>>, name: string, type: string): void {
  out.set(name, (out.get(name) ?? new Set()).add(normalise(type)));
}

/** One per parse: every injected field asks, and the file-level declarations are read once. */
const perTree = new WeakMap<Tree, VariableTypes>();

/** Types of the names declared in one function (parameters, locals) and at file level. */
export class VariableTypes {
  private readonly perFunction = new Map<number, Map<string, Set<string>>>();
  private globals: Map<string, Set<string>> | undefined;

  constructor(private readonly root: Node) {}

  /** The VariableTypes of the file whose root node is `root`, shared by everything on that parse. */
  static of(root: Node): VariableTypes {
    let types = perTree.get(root.tree);
    if (!types) perTree.set(root.tree, (types = new VariableTypes(root)));
    return types;
  }

  /** The type name of `name` as seen in `def`, when it is declared with exactly one. */
  typeOf(name: string, def: Node | undefined): string | undefined {
    let local = def ? this.perFunction.get(def.id) : undefined;
    if (def && !local) {
      local = new Map();
      parameterTypes(def, local);
      const body = def.childForFieldName('body');
      if (body) declarationTypes(descendantsOf(body, 'declaration'), local);
      this.perFunction.set(def.id, local);
    }
    if (!this.globals) {
      this.globals = new Map();
      // File-level declarations, also those grouped under `#if` or `extern "C"` (fileContext).
      declarationTypes(fileDeclarations(this.root), this.globals);
    }
    const types = local?.get(name) ?? this.globals.get(name);
    return types && types.size === 1 ? [...types][0] : undefined;
  }
}
