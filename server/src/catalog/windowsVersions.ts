// The version macros of sdkddkver.h that driver code tests in `#if`, and what each target means.
// https://learn.microsoft.com/windows/win32/winprog/using-the-windows-headers
import type { WindowsTarget } from './types';

/** NTDDI_* and _WIN32_WINNT_* constants (values from sdkddkver.h). */
export const VERSION_CONSTANTS: Record<string, bigint> = {
  NTDDI_WIN2K: 0x05000000n,
  NTDDI_WINXP: 0x05010000n,
  NTDDI_WS03: 0x05020000n,
  NTDDI_WIN6: 0x06000000n,
  NTDDI_VISTA: 0x06000000n,
  NTDDI_VISTASP1: 0x06000100n,
  NTDDI_WS08: 0x06000100n,
  NTDDI_VISTASP2: 0x06000200n,
  NTDDI_WS08SP2: 0x06000200n,
  NTDDI_LONGHORN: 0x06000000n,
  NTDDI_WIN7: 0x06010000n,
  NTDDI_WIN8: 0x06020000n,
  NTDDI_WINBLUE: 0x06030000n,
  NTDDI_WINTHRESHOLD: 0x0a000000n,
  NTDDI_WIN10: 0x0a000000n,
  NTDDI_WIN10_TH2: 0x0a000001n,
  NTDDI_WIN10_RS1: 0x0a000002n,
  NTDDI_WIN10_RS2: 0x0a000003n,
  NTDDI_WIN10_RS3: 0x0a000004n,
  NTDDI_WIN10_RS4: 0x0a000005n,
  NTDDI_WIN10_RS5: 0x0a000006n,
  NTDDI_WIN10_19H1: 0x0a000007n,
  NTDDI_WIN10_VB: 0x0a000008n,
  NTDDI_WIN10_MN: 0x0a000009n,
  NTDDI_WIN10_FE: 0x0a00000an,
  NTDDI_WIN10_CO: 0x0a00000bn,
  NTDDI_WIN10_NI: 0x0a00000cn,
  NTDDI_WIN10_CU: 0x0a00000dn,
  NTDDI_WIN11_ZN: 0x0a00000en,
  NTDDI_WIN11_GA: 0x0a00000fn,
  NTDDI_WIN11_GE: 0x0a000010n,
  _WIN32_WINNT_WIN2K: 0x0500n,
  _WIN32_WINNT_WINXP: 0x0501n,
  _WIN32_WINNT_WS03: 0x0502n,
  _WIN32_WINNT_VISTA: 0x0600n,
  _WIN32_WINNT_WS08: 0x0600n,
  _WIN32_WINNT_LONGHORN: 0x0600n,
  _WIN32_WINNT_WIN7: 0x0601n,
  _WIN32_WINNT_WIN8: 0x0602n,
  _WIN32_WINNT_WINBLUE: 0x0603n,
  _WIN32_WINNT_WINTHRESHOLD: 0x0a00n,
  _WIN32_WINNT_WIN10: 0x0a00n,
};

/** NTDDI_VERSION for each target the settings offer. */
export const TARGET_NTDDI: Record<WindowsTarget, bigint> = {
  vista: 0x06000000n,
  win7: 0x06010000n,
  win8: 0x06020000n,
  win10: 0x0a000000n,
};

/** The target whose NTDDI_VERSION is the highest not above `ntddi` (undefined below Vista). */
export function targetForNtddi(ntddi: bigint): WindowsTarget | undefined {
  let best: WindowsTarget | undefined;
  for (const [t, v] of Object.entries(TARGET_NTDDI) as [WindowsTarget, bigint][]) {
    if (v <= ntddi && (!best || v > TARGET_NTDDI[best])) best = t;
  }
  return best;
}

/** `_WIN32_WINNT` / `_NT_TARGET_VERSION` (0x0601) → NTDDI_VERSION (0x06010000). */
export function ntddiForWinnt(winnt: bigint): bigint {
  return winnt << 16n;
}

/** MSBuild's `<TargetVersion>` (WDK driver projects) → target. */
export function targetForMsbuildVersion(value: string): WindowsTarget | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'windows10' || v === 'windows11') return 'win10';
  if (v === 'windowsv6.3' || v === 'windows8' || v === 'windowsv6.2') return 'win8';
  if (v === 'windows7' || v === 'windowsv6.1') return 'win7';
  if (v === 'vista' || v === 'windowsv6') return 'vista';
  return undefined;
}
