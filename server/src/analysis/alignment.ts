// Lines the arguments of a call with a wrong count up with the function's parameters, by the
// shape of each argument, to name the parameter that is really missing (or the argument that is
// really extra) instead of assuming the gap is at the end.
import type { ParamSpec } from '../catalog';
import { fit, type ArgShape } from './argumentShapes';

export interface Alignment {
  /** Parameters no argument fills (index into the parameters), ascending. */
  missing: number[];
  /** Arguments that fill no parameter (index into the arguments), ascending. */
  extra: number[];
  /** The parameter each argument fills, -1 for an extra one. */
  paramOf: number[];
}

/** More gaps than this and the count is too far off for an alignment to mean anything. */
const MAX_GAPS = 3;

function* combinations(n: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= n - k; i++) for (const rest of combinations(n, k - 1, i + 1)) yield [i, ...rest];
}

function score(shapes: ArgShape[], params: ParamSpec[], paramOf: number[], missing: number[]): number {
  let total = 0;
  paramOf.forEach((p, a) => {
    if (p >= 0) total += fit(shapes[a], params[p]);
  });
  // A parameter known to be dropped by a circulating copy of its prototype wins a tie.
  for (const m of missing) if (params[m].whenMissing) total += 0.5;
  return total;
}

/**
 * Every best alignment of `shapes` with `params` (ties included), or [] when the counts agree or
 * differ by too much.
 */
export function bestAlignments(shapes: ArgShape[], params: ParamSpec[]): Alignment[] {
  const n = shapes.length;
  const m = params.length;
  const gaps = Math.abs(m - n);
  if (gaps === 0 || gaps > MAX_GAPS) return [];
  let best = -Infinity;
  let out: Alignment[] = [];
  for (const gap of combinations(Math.max(m, n), gaps)) {
    const skip = new Set(gap);
    const paramOf: number[] = [];
    let missing: number[] = [];
    let extra: number[] = [];
    if (n < m) {
      missing = gap;
      for (let p = 0; p < m; p++) if (!skip.has(p)) paramOf.push(p);
    } else {
      extra = gap;
      let p = 0;
      for (let a = 0; a < n; a++) paramOf.push(skip.has(a) ? -1 : p++);
    }
    const s = score(shapes, params, paramOf, missing);
    if (s > best) {
      best = s;
      out = [];
    }
    if (s === best) out.push({ missing, extra, paramOf });
  }
  return out;
}
