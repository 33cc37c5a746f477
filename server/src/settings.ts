// User settings the server honours (contributed by the client under `wfp.*`).
import { DEFAULT_TARGET, WINDOWS_TARGETS, type WindowsTarget } from './catalog';

/** Which calls get parameter-name inlay hints. */
export type ParameterNameHints = 'all' | 'injection' | 'off';
export const PARAMETER_NAME_HINTS: ParameterNameHints[] = ['all', 'injection', 'off'];

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
}

export const DEFAULT_SETTINGS: Settings = {
  targetWindows: DEFAULT_TARGET,
  targetExplicit: false,
  defines: [],
  macros: [],
  parameterNameHints: 'injection',
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x.trim()) : []);

export function parseSettings(raw: unknown): Settings {
  const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const target = obj.targetWindows;
  const inlayHints = (obj.inlayHints && typeof obj.inlayHints === 'object' ? obj.inlayHints : {}) as Record<string, unknown>;
  // Some clients send dotted keys instead of nested objects.
  const hints = inlayHints.parameterNames ?? obj['inlayHints.parameterNames'];
  return {
    targetWindows: WINDOWS_TARGETS.includes(target as WindowsTarget) ? (target as WindowsTarget) : DEFAULT_TARGET,
    targetExplicit: WINDOWS_TARGETS.includes(target as WindowsTarget),
    defines: strings(obj.defines),
    macros: strings(obj.macros),
    parameterNameHints: PARAMETER_NAME_HINTS.includes(hints as ParameterNameHints) ? (hints as ParameterNameHints) : DEFAULT_SETTINGS.parameterNameHints,
  };
}
