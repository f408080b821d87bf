/**
 * Order statistics without a sort: the k-th smallest of a Float64Array by selection (Floyd and Rivest's
 * SELECT), a few passes over the data instead of a radix sort's six.
 * A run's summary needs only a handful of order statistics of each latency column (the type-7 quantiles'
 * neighbours and the maximum, sim/engine/stats/quantiles.ts), so it selects them one after another on
 * the narrowing rest of the column.
 *
 * The result is the value `Float64Array.from(values).sort()` has at each position, to the bit: the
 * partition compares with `<`, which cannot tell -0 from +0 (and NaN compares with nothing), so NaNs
 * are set aside at the end first (where the sort puts them) and a selected zero gets its sign from the
 * count of negative values and of -0s (the sort puts -0 before +0). Any other two values equal under
 * `<` have the same bits.
 *
 * Worst case: a pivot sequence that shrinks the range slowly (adversarial orders) is cut off after a
 * number of rounds proportional to log2(n), and the rest of the range is sorted, so selection never
 * costs more than O(n log n) (introselect's guarantee, with a sort as the fallback).
 */

/** Ranges this small are finished by insertion sort (fewer moves than more partition rounds). */
const SMALL = 16;

const swap = (a: Float64Array, i: number, j: number): void => {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
};

/** Partition rounds allowed for a range of n values before the fallback sort (a sampled round almost
 * always ends within a few more; 3 log2 n + 4 means the order defeats the pivots). */
export const roundsFor = (n: number): number => 3 * (32 - Math.clz32(n)) + 4;

/** Above this many values a round first selects k within a sample range around it (Floyd-Rivest). */
const SAMPLED = 600;

/**
 * Puts the k-th smallest value of a[lo..hi) (NaN-free) at index k, the smaller ones before it and the
 * larger after it, all within [lo, hi); returns it. -0 and +0 are not told apart (see the module
 * comment). `rounds` bounds the partition rounds before the rest is sorted (tests pass 0 to take the
 * fallback at once).
 *
 * Floyd and Rivest's SELECT (CACM 18(3), 1975, as Kiwiel 2005 restates it): on a large range, k is first
 * selected within a sub-range around it of ~n^(2/3) values, so the pivot that partitions the whole range
 * lies within a few places of the k-th value and one partition leaves little to search: ~n + min(k, n - k)
 * comparisons against ~3.4 n for a median by quickselect with a median-of-three pivot (the summary's
 * selections of six headline columns: 145 -> 89 ms, with the sample spread out as spreadSample says).
 */
export function selectInPlace(a: Float64Array, k: number, lo: number, hi: number, rounds = roundsFor(hi - lo)): number {
  if (!(lo <= k && k < hi && hi <= a.length)) throw new RangeError(`select needs lo <= k < hi <= length, got ${lo}, ${k}, ${hi}, ${a.length}`);
  let l = lo;
  let r = hi - 1;
  while (r - l >= SMALL) {
    if (rounds-- <= 0) {
      a.subarray(l, r + 1).sort();
      return a[k]!;
    }
    if (r - l > SAMPLED) {
      // the sample range: where the k-th value of a range of n random values lies, with a margin of a few
      // standard deviations of its rank (the constants are Floyd and Rivest's)
      const n = r - l + 1;
      const i = k - l + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * Math.sign(i - n / 2);
      const from = Math.max(l, Math.floor(k - (i * s) / n + sd));
      const to = Math.min(r, Math.floor(k + ((n - i) * s) / n + sd));
      spreadSample(a, l, r, from, to);
      selectInPlace(a, k, from, to + 1);
    }
    // partition a[l..r] around t = a[k], with t moved to an end as a sentinel
    const t = a[k]!;
    let i = l;
    let j = r;
    swap(a, l, k);
    if (a[r]! > t) swap(a, r, l);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while (a[i]! < t) i++;
      while (a[j]! > t) j--;
    }
    if (a[l] === t) swap(a, l, j);
    else {
      j++;
      swap(a, j, r);
    }
    // a[l..j) <= t = a[j] <= a(j..r]
    if (j === k) return t;
    if (j < k) l = j + 1;
    else r = j - 1;
  }
  insertionSort(a, l, r + 1);
  return a[k]!;
}

/**
 * Fills the sample range a[from..to] with values from evenly spaced places of a[l..r]: Floyd-Rivest takes
 * the sample range as a random sample, which a latency column in record order is not (end-to-end times
 * grow with the queue, so the values around position k are the k-th's neighbours in time, not in rank).
 * Measured on headline columns (10^6 values, the summary's four selections): total and end-to-end 36-49 ms
 * -> 5-13 ms, against 9-12 ms for quickselect with a median-of-three pivot, which the other kinds take 2x longer.
 */
function spreadSample(a: Float64Array, l: number, r: number, from: number, to: number): void {
  const m = to - from + 1;
  const step = (r - l + 1) / m;
  for (let q = 0; q < m; q++) swap(a, from + q, l + Math.floor(q * step));
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

/** Puts the smallest of a[lo..hi) (NaN-free, lo < hi) at lo; returns it. One pass, for k = lo. */
function selectMin(a: Float64Array, lo: number, hi: number): number {
  const at = indexOfMin(a, lo, hi);
  const min = a[at]!;
  swap(a, lo, at);
  return min;
}

/** Puts the largest of a[lo..hi) (NaN-free, lo < hi) at hi - 1; returns it. One pass, for k = hi - 1. */
function selectMax(a: Float64Array, lo: number, hi: number): number {
  const at = indexOfMax(a, lo, hi);
  const max = a[at]!;
  swap(a, hi - 1, at);
  return max;
}

// The scans are functions of their own, with nothing after the loop: V8 compiles a long loop while it
// runs, before the code after it has run once, and in selectMin the swap after the loop deoptimised that
// code at the end of every long column (--trace-deopt: 24 times in the headline's summary).

/** Index of the first smallest of a[lo..hi) (NaN-free, lo < hi). */
function indexOfMin(a: Float64Array, lo: number, hi: number): number {
  let at = lo;
  let min = a[lo]!;
  for (let i = lo + 1; i < hi; i++) {
    const x = a[i]!;
    if (x < min) {
      min = x;
      at = i;
    }
  }
  return at;
}

/** Index of the first largest of a[lo..hi) (NaN-free, lo < hi). */
function indexOfMax(a: Float64Array, lo: number, hi: number): number {
  let at = lo;
  let max = a[lo]!;
  for (let i = lo + 1; i < hi; i++) {
    const x = a[i]!;
    if (x > max) {
      max = x;
      at = i;
    }
  }
  return at;
}

/** Moves the NaNs of a[0..n) to its end (the rest in some order); returns how many values are not NaN. */
export function setNaNsAside(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    if (x === x) a[m++] = x;
  }
  a.fill(NaN, m);
  return m;
}

/**
 * The values that ascending order puts at positions `ks` (each in [0, n), any order, repeats allowed),
 * as the sort would give them (the module comment says why they are the same bits): selected from the
 * lowest position up, each on the range the previous one left above it. Rearranges `a`; `finite` is the
 * number of values that are not NaN when the caller knows it (they must then come first in `a`).
 */
export function orderStatistics(a: Float64Array, ks: readonly number[], finite = setNaNsAside(a)): number[] {
  for (const k of ks) if (!(Number.isInteger(k) && k >= 0 && k < a.length)) throw new RangeError(`order statistic position ${k} is outside [0, ${a.length})`);
  const positions = [...new Set(ks)].sort((x, y) => x - y);
  const at = new Map<number, number>();
  let lo = 0;
  let zeroSplit = -1; // position of the first +0 in ascending order, counted when a zero is selected
  for (const k of positions) {
    if (k >= finite) {
      at.set(k, NaN);
      continue;
    }
    let v = k === lo ? selectMin(a, lo, finite) : k === finite - 1 ? selectMax(a, lo, finite) : selectInPlace(a, k, lo, finite);
    if (v === 0) {
      if (zeroSplit < 0) zeroSplit = firstPositiveZero(a, finite);
      v = k < zeroSplit ? -0 : 0;
    }
    at.set(k, v);
    lo = k + 1;
  }
  return ks.map((k) => at.get(k)!);
}

/** The position of the first +0 in the ascending order of a[0..n): the count of values below 0 or -0. */
function firstPositiveZero(a: Float64Array, n: number): number {
  let below = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    if (x < 0 || (x === 0 && 1 / x < 0)) below++;
  }
  return below;
}
