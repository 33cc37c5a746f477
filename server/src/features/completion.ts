// Completion: catalog functions (with a parameter snippet), FWPS_/STATUS_FWP_ constants and
// layer ids, and the legal values inside an argument (AF_INET/AF_INET6, 0, NULL, layer ids…).
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver';
import {
  FUNCTIONS,
  allConstants,
  allLayers,
  getConstant,
  getLayer,
  resolveFunction,
  versionIndependentNames,
  type FunctionSpec,
  type ParamSpec,
  type WindowsTarget,
} from '../catalog';
import { wordAt } from '../parse/callContext';
import type { SourceFile } from '../parse/document';
import { catalogCallAt } from './context';
import { atStatementStart, fileStyle, type FileStyle } from './fileStyle';
import { constantMarkdown, functionMarkdown, layerMarkdown } from './markdown';
import { injectionStatement } from './statementSnippet';

/** What a snippet pre-fills for a parameter: the only legal value where there is one. */
function placeholderFor(p: ParamSpec): string {
  if (p.mustBe === 'zero') return '0';
  if (p.mustBe === 'null') return 'NULL';
  if (p.role === 'injectionContext' || p.role === 'completionContext') return 'NULL';
  return p.name;
}

export function callSnippet(name: string, fn: FunctionSpec): string {
  const args = fn.params.map((p, i) => `\${${i + 1}:${placeholderFor(p)}}`);
  return `${name}(${args.join(', ')})`;
}

function valuesFor(p: ParamSpec): string[] {
  const values = new Set<string>(p.values ?? []);
  if (p.mustBe === 'zero') values.add('0');
  if (p.mustBe === 'null') values.add('NULL');
  if (p.role === 'addressFamily' && values.size === 0) ['AF_INET', 'AF_INET6'].forEach((v) => values.add(v));
  return [...values];
}

function valueItem(value: string, p: ParamSpec, fn: FunctionSpec, index: number): CompletionItem {
  const layer = getLayer(value);
  const constant = getConstant(value);
  let doc = p.doc;
  if (layer) doc = layerMarkdown(layer);
  else if (constant) doc = constantMarkdown(constant);
  return {
    label: value,
    kind: CompletionItemKind.Value,
    detail: `${p.name} of ${fn.name}`,
    documentation: { kind: 'markdown', value: doc },
    sortText: `0_${String(index).padStart(3, '0')}`,
    preselect: index === 0,
  };
}

/** How a function is offered: the name the file's style calls it by, as a call or a statement. */
type FunctionForm = 'name' | 'call' | 'statement';

/**
 * One entry per function: the version-independent name where the file uses those (and the
 * function has one), else the numbered name. At the start of a statement an injection call comes
 * with its status check and the free on failure; elsewhere (an argument, after `=`) it is a call.
 */
function functionItems(target: WindowsTarget, form: FunctionForm, style: FileStyle): CompletionItem[] {
  const viName = new Map<string, string>();
  for (const name of versionIndependentNames()) {
    const fn = resolveFunction(name, target);
    if (fn && !viName.has(fn.name)) viName.set(fn.name, name);
  }
  const items: CompletionItem[] = [];
  for (const fn of FUNCTIONS) {
    const vi = style.versionIndependent ? viName.get(fn.name) : undefined;
    // A numbered version the target does not resolve to (FwpsInjectTransportSendAsync0 on win10) keeps its own name.
    const label = vi ?? fn.name;
    const statement = form === 'statement' && fn.injection;
    let detail = vi ? `→ ${fn.name}` : `${fn.returnType} ${fn.name}(…)`;
    let insertText = label;
    if (statement) {
      detail = `${label}(…) with the status check and the free on failure`;
      insertText = injectionStatement(fn, label, style);
    } else if (form !== 'name') insertText = callSnippet(label, fn);
    items.push({
      label,
      kind: statement ? CompletionItemKind.Snippet : CompletionItemKind.Function,
      detail,
      documentation: { kind: 'markdown', value: functionMarkdown(fn, label) },
      insertText,
      insertTextFormat: form === 'name' ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
      sortText: `1_${label}`,
    });
  }
  return items;
}

function constantItems(): CompletionItem[] {
  const items: CompletionItem[] = allLayers().map((l) => ({
    label: l.id,
    kind: CompletionItemKind.EnumMember,
    detail: 'run-time filtering layer',
    documentation: { kind: 'markdown', value: layerMarkdown(l) },
    sortText: `2_${l.id}`,
  }));
  for (const c of allConstants()) {
    if (!/^(FWPS_|STATUS_FWP_)/.test(c.name)) continue;
    items.push({
      label: c.name,
      kind: CompletionItemKind.Constant,
      documentation: { kind: 'markdown', value: constantMarkdown(c) },
      sortText: `2_${c.name}`,
    });
  }
  return items;
}

// The static lists are built once per target and form: their markdown is the expensive part.
const functionItemCache = new Map<string, CompletionItem[]>();
function cachedFunctionItems(target: WindowsTarget, form: FunctionForm, style: FileStyle): CompletionItem[] {
  const key = `${target}:${form}:${style.versionIndependent}:${style.braceOnOwnLine}`;
  let items = functionItemCache.get(key);
  if (!items) functionItemCache.set(key, (items = functionItems(target, form, style)));
  return items;
}
let constantItemCache: CompletionItem[] | undefined;
function cachedConstantItems(): CompletionItem[] {
  return (constantItemCache ??= constantItems());
}

const OUR_PREFIXES = ['fwps', 'status_fwp'];

export function completionAt(file: SourceFile, offset: number, target: WindowsTarget): CompletionList | null {
  const word = wordAt(file.text, offset);
  const prefix = word && word.end === offset ? file.text.slice(word.start, offset) : '';
  const items: CompletionItem[] = [];

  const at = catalogCallAt(file, offset, target);
  const param = at && at.fn.params[at.frame.argIndex];
  if (at && param) valuesFor(param).forEach((v, i) => items.push(valueItem(v, param, at.fn, i)));

  const lower = prefix.toLowerCase();
  if (lower && OUR_PREFIXES.some((p) => p.startsWith(lower) || lower.startsWith(p))) {
    const wordEnd = word ? word.end : offset;
    const after = file.text.slice(wordEnd, wordEnd + 64).trimStart();
    let form: FunctionForm = 'call';
    if (after.startsWith('(')) form = 'name';
    else if (!at && word && atStatementStart(file.text, word.start)) form = 'statement';
    items.push(...cachedFunctionItems(target, form, fileStyle(file.text)), ...cachedConstantItems());
  }
  if (!items.length) return null;
  return { isIncomplete: prefix.length < 5, items };
}
