// User settings the server honours (contributed by the client under `wfp.*`).
import { DEFAULT_TARGET, WINDOWS_TARGETS, type WindowsTarget } from './catalog';

/** Which calls get parameter-name inlay hints. */
export type ParameterNameHints = 'all' | 'injection' | 'off';
export const PARAMETER_NAME_HINTS: ParameterNameHints[] = ['all', 'injection', 'off'];

/** Which files get diagnostics: the open ones, or every indexed file of the workspace. */
export type DiagnosticsScope = 'openFiles' | 'workspace';
export const DIAGNOSTICS_SCOPES: DiagnosticsScope[] = ['openFiles', 'workspace'];

export interface Settings {
  /** The oldest Windows the driver targets: decides what version-independent names mean. */
  targetWindows: WindowsTarget;
  /**
   * Whether the user chose `targetWindows`; with `auto` (the default) the project's files
   * (.vcxproj `<TargetVersion>`, defines) say, and `targetWindows` is only the fallback.
   */
  targetExplicit: boolean;
  /** `wfp.defines`: `NAME` or `NAME=value`, as the compiler's `/D`. */
  defines: string[];
  /** `wfp.macros`: names the compiler sees as nothing (`NAME`, or `NAME()` with arguments). */
  macros: string[];
  /** `wfp.inlayHints.parameterNames`. */
  parameterNameHints: ParameterNameHints;
  /** `wfp.diagnostics.scope`. */
  diagnosticsScope: DiagnosticsScope;
  /** `wfp.codeLens.enabled`: the "Show Injection Flow" lens above injection calls. */
  codeLens: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  targetWindows: DEFAULT_TARGET,
  targetExplicit: false,
  defines: [],
  macros: [],
  parameterNameHints: 'injection',
  diagnosticsScope: 'workspace',
  codeLens: true,
};

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x.trim()) : [];

/** `wfp.a.b` as a nested object (VS Code) or a dotted key (some other clients). */
function setting(obj: Record<string, unknown>, section: string, key: string): unknown {
  const nested = obj[section];
  if (nested && typeof nested === 'object' && key in nested) return (nested as Record<string, unknown>)[key];
  return obj[`${section}.${key}`];
}

function oneOf<T>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

export function parseSettings(raw: unknown): Settings {
  const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const target = obj.targetWindows;
  return {
    targetWindows: WINDOWS_TARGETS.includes(target as WindowsTarget)
      ? (target as WindowsTarget)
      : DEFAULT_TARGET,
    targetExplicit: WINDOWS_TARGETS.includes(target as WindowsTarget),
    defines: strings(obj.defines),
    macros: strings(obj.macros),
    parameterNameHints: oneOf(
      setting(obj, 'inlayHints', 'parameterNames'),
      PARAMETER_NAME_HINTS,
      DEFAULT_SETTINGS.parameterNameHints,
    ),
    diagnosticsScope: oneOf(
      setting(obj, 'diagnostics', 'scope'),
      DIAGNOSTICS_SCOPES,
      DEFAULT_SETTINGS.diagnosticsScope,
    ),
    codeLens: oneOf(setting(obj, 'codeLens', 'enabled'), [true, false], DEFAULT_SETTINGS.codeLens),
  };
}
