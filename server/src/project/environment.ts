// The preprocessing environment of each file, as the server and the CLI both build it: the target
// (an explicit setting, else the project's, else the default), the project's defines plus the
// user's, and the annotation-like macros learned from the workspace plus the user's.
import { DEFAULT_TARGET, type WindowsTarget } from '../catalog';
import type { AnnotationSpec } from '../catalog/annotations';
import { makeEnv, parseDefine, parseMacroName, type PreprocessEnv } from '../parse/preprocessEnv';
import { LearnedMacros } from './learnedMacros';
import { ProjectDefinesFinder, type ProjectDefines } from './projectDefines';

export interface UserPreprocessing {
  /** Set by the user (setting or `--target`): wins over the project files. */
  target?: WindowsTarget;
  /** `NAME` or `NAME=value` (`wfp.defines`, `-D`). */
  defines: string[];
  /** `NAME` or `NAME()` (`wfp.macros`, `--macro`). */
  macros: string[];
}

export class ProjectEnvironment {
  readonly learned = new LearnedMacros();
  private finder: ProjectDefinesFinder;
  private user: UserPreprocessing = { defines: [], macros: [] };
  private readonly envs = new Map<string, PreprocessEnv>();
  /** The last environment made per project file, valid while the macro set is the same object. */
  private readonly byProject = new Map<string, { macros: Map<string, AnnotationSpec>; env: PreprocessEnv }>();
  private macroCache: Map<string, AnnotationSpec> | undefined;

  constructor(roots: string[] = []) {
    this.finder = new ProjectDefinesFinder(roots);
  }

  setRoots(roots: string[]): void {
    this.finder = new ProjectDefinesFinder(roots);
    this.byProject.clear();
  }

  setUser(user: UserPreprocessing): void {
    this.user = user;
    this.macroCache = undefined;
    this.byProject.clear();
  }

  /**
   * Learns a file's macro definitions; returns whether that changed what any file's parse sees
   * (most edits of a `#define` do not: only annotation-like macros matter).
   */
  learn(fileKey: string, text: string): boolean {
    const before = this.macroKey();
    if (!this.learned.update(fileKey, text)) return false;
    this.macroCache = undefined;
    return this.macroKey() !== before;
  }

  /**
   * learn() without the answer, for a scan that learns every file in a row: whether the macros
   * changed costs a pass over every file's defines, once per file, so the scan of a large tree
   * was quadratic (34 of the CLI's 44 s over Windows-driver-samples).
   */
  record(fileKey: string, text: string): void {
    if (this.learned.update(fileKey, text)) this.macroCache = undefined;
  }

  forget(fileKey: string): boolean {
    const before = this.macroKey();
    if (!this.learned.remove(fileKey)) return false;
    this.macroCache = undefined;
    return this.macroKey() !== before;
  }

  private macroKey(): string {
    return this.envFor(undefined).key;
  }

  project(filePath: string | undefined): ProjectDefines | undefined {
    return filePath ? this.finder.forFile(filePath) : undefined;
  }

  targetFor(filePath: string | undefined): WindowsTarget {
    return this.user.target ?? this.project(filePath)?.target ?? DEFAULT_TARGET;
  }

  envFor(filePath: string | undefined): PreprocessEnv {
    const project = this.project(filePath);
    const macros = this.macros();
    const cacheKey = project?.source ?? '';
    const last = this.byProject.get(cacheKey);
    if (last && last.macros === macros) return last.env;
    const env = this.makeEnv(project, macros);
    this.byProject.set(cacheKey, { macros, env });
    return env;
  }

  private makeEnv(project: ProjectDefines | undefined, macros: Map<string, AnnotationSpec>): PreprocessEnv {
    const defines = new Map(project?.defines ?? []);
    for (const spec of this.user.defines) {
      const d = parseDefine(spec);
      if (d) defines.set(d[0], d[1]);
    }
    const env = makeEnv(
      this.user.target ?? project?.target ?? DEFAULT_TARGET,
      defines,
      macros,
      undefined,
      this.learned.loggers(),
      this.learned.returners(),
      this.learned.statusTests(),
    );
    // One object per distinct environment, so that equal environments compare cheaply.
    const known = this.envs.get(env.key);
    if (known) return known;
    if (this.envs.size > 64) this.envs.clear();
    this.envs.set(env.key, env);
    return env;
  }

  private macros(): Map<string, AnnotationSpec> {
    if (this.macroCache) return this.macroCache;
    const out = new Map(this.learned.macros());
    for (const spec of this.user.macros) {
      const m = parseMacroName(spec);
      if (m) out.set(m[0], m[1]);
    }
    this.macroCache = out;
    return out;
  }
}
