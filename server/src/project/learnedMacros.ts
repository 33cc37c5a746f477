// Annotation-like macros a project defines (`#define MY_API NTAPI`, `#define INLINE __forceinline`,
// `#define TRACE(x)` empty), learned from every file of the workspace so that a header's definition
// applies in the files that include it.
import { annotationSpec, type AnnotationSpec } from '../catalog/annotations';
import { detached } from '../detached';
import { macroAnnotation } from '../parse/preprocess';

interface RawDefine {
  name: string;
  takesArgs: boolean;
  value: string;
}

const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)\n]*\))?((?:[^\n\\]|\\\r?\n|\\(?!\r?\n))*)/gm;

/** The `#define`s of a text (continuation lines joined). */
export function definesIn(text: string): RawDefine[] {
  if (!text.includes('define')) return [];
  const out: RawDefine[] = [];
  for (const m of text.matchAll(DEFINE))
    out.push({ name: m[1], takesArgs: !!m[2], value: m[3].replace(/\\\r?\n/g, ' ').trim() });
  return out;
}

export class LearnedMacros {
  private readonly byFile = new Map<string, RawDefine[]>();
  private resolved: Map<string, AnnotationSpec> | undefined;

  /** Records the defines of a file; returns whether what was learned may have changed. */
  update(fileKey: string, text: string): boolean {
    const next = definesIn(text);
    const before = this.byFile.get(fileKey);
    if (before && JSON.stringify(before) === JSON.stringify(next)) return false;
    if (!before && !next.length) return false;
    // Kept while the file is unchanged: names and values cut from its text would keep the text.
    if (next.length) this.byFile.set(fileKey, detached(next));
    else this.byFile.delete(fileKey);
    this.resolved = undefined;
    return true;
  }

  remove(fileKey: string): boolean {
    if (!this.byFile.delete(fileKey)) return false;
    this.resolved = undefined;
    return true;
  }

  /** Every macro that stands for nothing but annotations, wherever the workspace defines it. */
  macros(): Map<string, AnnotationSpec> {
    if (this.resolved) return this.resolved;
    const byName = new Map<string, RawDefine[]>();
    for (const defs of this.byFile.values()) {
      for (const d of defs) {
        const list = byName.get(d.name);
        if (list) list.push(d);
        else byName.set(d.name, [d]);
      }
    }
    const out = new Map<string, AnnotationSpec>();
    const known = (n: string) => out.get(n) ?? annotationSpec(n);
    // Chains (`#define A B`, `#define B NTAPI`) settle in a few rounds; definitions that disagree
    // (an annotation in one file, code in another) are left alone.
    for (let round = 0; round < 4; round++) {
      let grew = false;
      for (const [name, defs] of byName) {
        if (out.has(name) || annotationSpec(name)) continue;
        const specs = defs.map((d) => macroAnnotation(d.value, d.takesArgs, known));
        if (specs.every((s) => s && s.args === specs[0]!.args)) {
          out.set(name, specs[0]!);
          grew = true;
        }
      }
      if (!grew) break;
    }
    this.resolved = out;
    return out;
  }
}
