/**
 * The ascending order of several replications' latencies pooled, from each one's own ascending order.
 *
 * A summary of R replications needs each replication's column sorted (its own quantiles, for
 * latency_s_across_replications) and the pooled column sorted (latency_s). Merging the R sorted
 * columns gives the pooled order in one pass per merge level instead of a radix sort of all R x N
 * values (five passes over the data and a counting pass), and the result is the same array: ascending
 * order of doubles is unique but for -0 and +0, which the merge orders as the sort does (-0 first).
 * A column holding NaN (which a sort puts last) is not merged: the caller sorts the pooled values.
 */

/** True when `a` goes before (or may go with) `b` in Float64Array.prototype.sort's order; neither is NaN. */
function takeFirst(a: number, b: number): boolean {
  if (a !== b) return a < b;
  return !(a === 0 && Object.is(b, -0)); // -0 before +0; equal otherwise (same bits)
}

/** `a` and `b` (each ascending, without NaN) merged into one new ascending array. */
export function mergeTwo(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = takeFirst(a[i]!, b[j]!) ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** True when ascending `s` holds a NaN (a sort puts NaNs last). */
export const endsInNaN = (s: Float64Array): boolean => s.length > 0 && Number.isNaN(s[s.length - 1]!);

/**
 * The ascending arrays merged, pairwise level by level (R log R passes over N values, not R^2 / 2);
 * null when one holds a NaN. Takes the arrays over: `sorted` is emptied, and each array is let go as
 * soon as it is merged, so at most twice the pooled values are held (as a sort of the pooled column
 * with its scratch array would). One array comes back as it is.
 */
export function mergeSorted(sorted: Float64Array[]): Float64Array | null {
  if (sorted.some(endsInNaN)) return null;
  let level: (Float64Array | null)[] = sorted.splice(0);
  if (level.length === 0) return new Float64Array(0);
  while (level.length > 1) {
    const next: (Float64Array | null)[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(mergeTwo(level[i]!, level[i + 1]!));
      level[i] = level[i + 1] = null;
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}
