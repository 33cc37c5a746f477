// User settings the server honours (contributed by the client under `wfp.*`).
import { DEFAULT_TARGET, WINDOWS_TARGETS, type WindowsTarget } from './catalog';

/** Which calls get parameter-name inlay hints. */
export type ParameterNameHints = 'all' | 'injection' | 'off';
export const PARAMETER_NAME_HINTS: ParameterNameHints[] = ['all', 'injection', 'off'];

export interface Settings {
  /** The oldest Windows the driver targets: decides what version-independent names mean. */
  targetWindows: WindowsTarget;
  /** `wfp.inlayHints.parameterNames`. */
  parameterNameHints: ParameterNameHints;
}

export const DEFAULT_SETTINGS: Settings = { targetWindows: DEFAULT_TARGET, parameterNameHints: 'injection' };

export function parseSettings(raw: unknown): Settings {
  const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const target = obj.targetWindows;
  const inlayHints = (obj.inlayHints && typeof obj.inlayHints === 'object' ? obj.inlayHints : {}) as Record<string, unknown>;
  // Some clients send dotted keys instead of nested objects.
  const hints = inlayHints.parameterNames ?? obj['inlayHints.parameterNames'];
  return {
    targetWindows: WINDOWS_TARGETS.includes(target as WindowsTarget) ? (target as WindowsTarget) : DEFAULT_TARGET,
    parameterNameHints: PARAMETER_NAME_HINTS.includes(hints as ParameterNameHints) ? (hints as ParameterNameHints) : DEFAULT_SETTINGS.parameterNameHints,
  };
}
