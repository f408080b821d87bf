/**
 * The kubelet's CrashLoopBackOff as pure arithmetic (REFERENCE.md "TF-Serving pods"):
 * after the k-th consecutive crash the container is restarted after initial x 2^(k-1), capped at `max`;
 * a container that ran for `resetAfter` before crashing starts the count again.
 */
export interface BackoffConfig {
  initial: number;
  max: number;
  resetAfter: number;
}

/** Consecutive crashes after a crash that ended a run of `ranFor` seconds, given `before` crashes in a row. */
export function consecutiveCrashes(before: number, ranFor: number, cfg: BackoffConfig): number {
  return ranFor >= cfg.resetAfter ? 1 : before + 1;
}

/** Delay before the restart that follows the k-th consecutive crash (k >= 1). */
export function restartDelay(k: number, cfg: BackoffConfig): number {
  if (!(k >= 1)) throw new RangeError(`crash count must be >= 1, got ${k}`);
  // 2^(k-1) overflows nothing here: the cap is reached after a handful of crashes.
  return Math.min(cfg.initial * 2 ** Math.min(k - 1, 60), cfg.max);
}
