// What the preprocessing layer knows before it reads a file: the target Windows version, the
// project's defines, and the annotation-like macros the project defines or the user names.
import type { AnnotationSpec } from '../catalog/annotations';
import { DEFAULT_TARGET, type WindowsTarget } from '../catalog';
import { TARGET_NTDDI, VERSION_CONSTANTS } from '../catalog/windowsVersions';
import type { MacroFact } from './conditionExpr';
import type { SourceLanguage } from './parser';

export interface PreprocessEnv {
  target: WindowsTarget;
  /** `-D` style defines: name → replacement text (`/D NAME` means `1`). */
  defines: ReadonlyMap<string, string>;
  /** `-U` style: names known not to be defined. */
  undefines: ReadonlySet<string>;
  /** Names the compiler sees as annotations (learned from the workspace, or `wfp.macros`). */
  macros: ReadonlyMap<string, AnnotationSpec>;
  /** Function-like macros of the workspace that only log (`LOG(…)` → DbgPrintEx): they take nothing they are given. */
  quiet: ReadonlySet<string>;
  /** Function-like macros of the workspace that return their argument (`RETURN_NTSTATUS(s);`): read as `return`. */
  returns: ReadonlySet<string>;
  /** Function-like macros of the workspace that test a status (`NG(s)`): true when true means failure. */
  statusTests: ReadonlyMap<string, boolean>;
  /** Equal keys mean equal environments (a parse made under another key must be redone). */
  readonly key: string;
}

export function makeEnv(
  target: WindowsTarget = DEFAULT_TARGET,
  defines: ReadonlyMap<string, string> = new Map(),
  macros: ReadonlyMap<string, AnnotationSpec> = new Map(),
  undefines: ReadonlySet<string> = new Set(),
  quiet: ReadonlySet<string> = new Set(),
  returns: ReadonlySet<string> = new Set(),
  statusTests: ReadonlyMap<string, boolean> = new Map(),
): PreprocessEnv {
  const key = JSON.stringify([
    target,
    [...defines].sort(),
    [...undefines].sort(),
    [...macros].map(([n, s]) => `${n}:${s.args}:${s.keyword ?? ''}`).sort(),
    [...quiet].sort(),
    [...returns].sort(),
    [...statusTests].sort(),
  ]);
  return { target, defines, undefines, macros, quiet, returns, statusTests, key };
}

export const DEFAULT_ENV: PreprocessEnv = makeEnv();

/** What every kernel-mode build of a driver has, whatever the project says. */
function builtin(name: string, target: WindowsTarget, language: SourceLanguage): MacroFact | undefined {
  const v = VERSION_CONSTANTS[name];
  if (v !== undefined) return { defined: true, value: `0x${v.toString(16)}` };
  const ntddi = TARGET_NTDDI[target];
  switch (name) {
    case 'NTDDI_VERSION':
      return { defined: true, value: `0x${ntddi.toString(16)}` };
    case '_WIN32_WINNT':
    case '_NT_TARGET_VERSION':
    case 'WINVER':
      return { defined: true, value: `0x${(ntddi >> 16n).toString(16)}` };
    case '_KERNEL_MODE':
    case '_WIN32':
      return { defined: true, value: '1' };
    case '_MSC_VER':
      return { defined: true, value: '1930' };
    case '__cplusplus':
      return language === 'cpp' ? { defined: true, value: '199711' } : { defined: false };
    case 'DBG':
      // The build that ships: WDK release configurations do not define DBG.
      return { defined: false };
  }
  return undefined;
}

/** Looks a name up in the environment (project defines first, then the kernel-mode built-ins). */
export function envFact(env: PreprocessEnv, language: SourceLanguage, name: string): MacroFact | undefined {
  const d = env.defines.get(name);
  if (d !== undefined) return { defined: true, value: d };
  if (env.undefines.has(name)) return { defined: false };
  return builtin(name, env.target, language);
}

/**
 * Parses `NAME`, `NAME=value` (defines) — the form of `-D`, MSBuild's PreprocessorDefinitions and
 * the `wfp.defines` setting. A bare name means `1`, as with the compiler's `/D`.
 */
export function parseDefine(spec: string): [string, string] | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=(.*))?$/.exec(spec);
  if (!m) return undefined;
  return [m[1], m[2] === undefined ? '1' : m[2].trim()];
}

/** Parses a `wfp.macros` entry: `NAME` (stands for nothing) or `NAME(…)` (takes arguments). */
export function parseMacroName(spec: string): [string, AnnotationSpec] | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\(.*\))?\s*$/.exec(spec);
  if (!m) return undefined;
  return [m[1], { kind: 'declaration', args: m[2] ? 'always' : 'never' }];
}
