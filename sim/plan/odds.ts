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
