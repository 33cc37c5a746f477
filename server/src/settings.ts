// User settings the server honours (contributed by the client under `wfp.*`).
import { DEFAULT_TARGET, WINDOWS_TARGETS, type WindowsTarget } from './catalog';

export interface Settings {
  /** The oldest Windows the driver targets: decides what version-independent names mean. */
  targetWindows: WindowsTarget;
}

export const DEFAULT_SETTINGS: Settings = { targetWindows: DEFAULT_TARGET };

export function parseSettings(raw: unknown): Settings {
  const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const target = obj.targetWindows;
  return {
    targetWindows: WINDOWS_TARGETS.includes(target as WindowsTarget) ? (target as WindowsTarget) : DEFAULT_TARGET,
  };
}
