// What a driver's own project files say about how it is compiled: the target Windows version and
// the preprocessor definitions. Read from MSBuild projects (`.vcxproj`, as Visual Studio and the
// WDK write them) and `compile_commands.json` where present.
import * as fs from 'fs';
import * as path from 'path';
import { WINDOWS_TARGETS, type WindowsTarget } from '../catalog';
import { ntddiForWinnt, targetForMsbuildVersion, targetForNtddi } from '../catalog/windowsVersions';
import { parseDefine } from '../parse/preprocessEnv';

export interface ProjectDefines {
  /** The project file the facts come from. */
  source: string;
  target?: WindowsTarget;
  defines: Map<string, string>;
}

/**
 * An MSBuild project: definitions every configuration agrees on (Debug and Release differ in DBG,
 * x64 and ARM64 in their own macros; those stay unknown), and the oldest `<TargetVersion>`.
 */
export function readVcxproj(xml: string, source: string): ProjectDefines {
  const groups: Map<string, string>[] = [];
  for (const m of xml.matchAll(/<PreprocessorDefinitions>([\s\S]*?)<\/PreprocessorDefinitions>/g)) {
    const defs = new Map<string, string>();
    for (const item of decodeXml(m[1]).split(';')) {
      if (!item.trim() || /[$%]\(/.test(item)) continue;
      const d = parseDefine(item);
      if (d) defs.set(d[0], d[1]);
    }
    groups.push(defs);
  }
  const defines = agreed(groups);
  const targets = [...xml.matchAll(/<TargetVersion>([^<]*)<\/TargetVersion>/g)].map((m) =>
    targetForMsbuildVersion(decodeXml(m[1])),
  );
  let target = targets.every((t) => t) ? oldest(targets as WindowsTarget[]) : undefined;
  target = targetFromDefines(defines) ?? target;
  return { source, ...(target ? { target } : {}), defines };
}

/** `-D` / `/D` arguments of one compile command. */
export function definesOfCommand(args: string[]): Map<string, string> {
  const defines = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^[-/]D(.*)$/.exec(a);
    if (!m) continue;
    const spec = m[1] || args[++i] || '';
    const d = parseDefine(spec);
    if (d) defines.set(d[0], d[1]);
  }
  return defines;
}

/** The target a set of definitions pins down (`NTDDI_VERSION`, `_WIN32_WINNT`, `_NT_TARGET_VERSION`). */
export function targetFromDefines(defines: Map<string, string>): WindowsTarget | undefined {
  const num = (name: string) => {
    const v = defines.get(name);
    if (!v || !/^(0x[0-9a-f]+|\d+)$/i.test(v)) return undefined;
    return BigInt(v);
  };
  const ntddi = num('NTDDI_VERSION');
  if (ntddi !== undefined) return targetForNtddi(ntddi);
  const winnt = num('_WIN32_WINNT') ?? num('_NT_TARGET_VERSION');
  return winnt !== undefined ? targetForNtddi(ntddiForWinnt(winnt)) : undefined;
}

function agreed(groups: Map<string, string>[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!groups.length) return out;
  for (const [name, value] of groups[0]) if (groups.every((g) => g.get(name) === value)) out.set(name, value);
  return out;
}

function oldest(targets: WindowsTarget[]): WindowsTarget | undefined {
  return targets.sort((a, b) => WINDOWS_TARGETS.indexOf(a) - WINDOWS_TARGETS.indexOf(b))[0];
}

function decodeXml(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Splits a compile command line the way a shell would (quotes, backslash-escaped quotes). */
function splitCommand(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/"((?:\\.|[^"\\])*)"|(\S+)/g))
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

/**
 * Finds the project facts for source files: the compile command of the file in a
 * `compile_commands.json` of a root folder, else the nearest `.vcxproj` in its folder or above
 * (not above the root folders).
 */
export class ProjectDefinesFinder {
  private readonly vcxprojByDir = new Map<string, ProjectDefines | null>();
  private readonly commands = new Map<string, ProjectDefines>();

  constructor(private readonly roots: string[]) {
    for (const root of roots) {
      for (const candidate of [
        path.join(root, 'compile_commands.json'),
        path.join(root, 'build', 'compile_commands.json'),
      ]) {
        this.readCompileCommands(candidate);
      }
    }
  }

  forFile(filePath: string): ProjectDefines | undefined {
    const abs = path.resolve(filePath);
    const command = this.commands.get(key(abs));
    if (command) return command;
    let dir = path.dirname(abs);
    for (;;) {
      const found = this.vcxprojIn(dir);
      if (found) return found;
      const parent = path.dirname(dir);
      if (parent === dir || this.roots.some((r) => key(path.resolve(r)) === key(dir))) return undefined;
      dir = parent;
    }
  }

  private vcxprojIn(dir: string): ProjectDefines | undefined {
    const k = key(dir);
    const cached = this.vcxprojByDir.get(k);
    if (cached !== undefined) return cached ?? undefined;
    let result: ProjectDefines | null = null;
    try {
      const projects = fs
        .readdirSync(dir)
        .filter((f) => f.toLowerCase().endsWith('.vcxproj'))
        .sort();
      if (projects.length) {
        const all = projects.map((p) =>
          readVcxproj(fs.readFileSync(path.join(dir, p), 'utf8'), path.join(dir, p)),
        );
        result =
          all.length === 1
            ? all[0]
            : {
                source: all[0].source,
                defines: agreed(all.map((a) => a.defines)),
                ...(all.every((a) => a.target === all[0].target) && all[0].target
                  ? { target: all[0].target }
                  : {}),
              };
      }
    } catch {
      result = null;
    }
    this.vcxprojByDir.set(k, result);
    return result ?? undefined;
  }

  private readCompileCommands(file: string): void {
    let entries: unknown;
    try {
      entries = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return;
    }
    if (!Array.isArray(entries)) return;
    for (const e of entries as {
      directory?: string;
      file?: string;
      command?: string;
      arguments?: string[];
    }[]) {
      if (!e || typeof e.file !== 'string') continue;
      let args: string[] = [];
      if (Array.isArray(e.arguments)) args = e.arguments.map(String);
      else if (typeof e.command === 'string') args = splitCommand(e.command);
      const defines = definesOfCommand(args);
      const target = targetFromDefines(defines);
      const abs = path.resolve(e.directory ?? path.dirname(file), e.file);
      this.commands.set(key(abs), { source: file, defines, ...(target ? { target } : {}) });
    }
  }
}

/** Paths compare without case on Windows. */
function key(p: string): string {
  return process.platform === 'win32' ? p.toLowerCase() : p;
}
