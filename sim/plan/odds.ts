/**
 * The probability of meeting the goal, from k successes in n replications: the estimate k/n and
 * the Wilson score interval (Wilson 1927), which stays inside [0, 1] and is sensible at k = 0 or n.
 */
const Z95 = 1.959963984540054;

export interface Odds { estimate: number; ci95: [number, number] }

export function wilson(k: number, n: number, z = Z95): Odds {
  if (n === 0) return { estimate: NaN, ci95: [0, 1] };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { estimate: p, ci95: [Math.max(0, centre - half), Math.min(1, centre + half)] };
}

/**
 * Whether a candidate with `misses` of its replications missing the goal can still reach the
 * confidence at the replication cap (if every further replication met it). When it cannot, more
 * replications would not change the verdict the exhaustive search reaches at the cap.
 */
export function canStillMeet(misses: number, cap: number, confidence: number): boolean {
  return (cap - misses) / cap >= confidence - 1e-12;
}

/** P(at least k successes in n trials) with success probability p. */
function tailAtLeast(k: number, n: number, p: number): number {
  let sum = 0;
  let term = (1 - p) ** n; // P(X = 0)
  for (let i = 0; i <= n; i++) {
    if (i >= k) sum += term;
    term *= p === 1 ? 0 : ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return Math.min(1, sum);
}

/**
 * The exact one-sided lower 95% confidence bound (Clopper-Pearson) on the probability of meeting the goal
 * from k of n replications: the p at which k or more meets would happen only 5% of the time. With every
 * replication meeting it (k = n) it is 0.05^(1/n): 8 of 8 shows at least 68.8%.
 */
export function lowerBound95(k: number, n: number): number {
  if (n === 0 || k === 0) return 0;
  if (k === n) return 0.05 ** (1 / n);
  let lo = 0;
  let hi = k / n;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (tailAtLeast(k, n, mid) < 0.05) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Replications that must all meet the goal before the one-sided 95% lower bound reaches `confidence` (59 at 0.95). */
export const replicationsToShow = (confidence: number): number => Math.ceil(Math.log(0.05) / Math.log(confidence) - 1e-9);
