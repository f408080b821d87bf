/**
 * A model server's first batch after an idle gap runs slower than the same batch in a busy spell.
 * On the live mini-kiosk (TF.js cpu backend on a shared 2-core host) the first batch after the
 * consumers' empty-queue sleep holds the runner several times its usual time: the core has been
 * given to other work, caches and the branch predictor are cold, the clock may be down, and the
 * worker thread must be woken. TF-Serving on a GPU has its own version of this (the first calls
 * after a model loads build kernels and allocator pools; TF-Serving's model warm-up runs recorded
 * requests at load for that reason: tensorflow.org/tfx/serving/saved_model_warmup, up to 1000 records
 * in assets.extra/tf_serving_warmup_requests), which does nothing for idle gaps later.
 *
 * One server runs one batch at a time, so the gap is known from the previous draw: it ended at its
 * start plus its seconds. The server's first batch counts as after a gap (the server sat idle
 * between its own load and the first request).
 */
export interface IdleWarmup {
  /** Seconds of idle from which a batch is slowed. */
  after: number;
  /** The slowed batch takes (1 + extra) x its drawn time; 0 = off. */
  extra: number;
}

/**
 * A server's batch-time function with the warm-up: `batchSeconds` as it is when `extra` is 0 (the
 * same function, so the same draws), otherwise each batch that starts `after` seconds or more past
 * the end of the one before (at `now()`) is multiplied by 1 + extra. Call it once per batch, at its start.
 */
export function withIdleWarmup(batchSeconds: (size: number) => number, now: () => number, w: IdleWarmup): (size: number) => number {
  if (!(w.extra > 0)) return batchSeconds;
  let freeAt = -Infinity;
  return (size) => {
    const t = now();
    const drawn = batchSeconds(size);
    const seconds = t - freeAt >= w.after ? drawn * (1 + w.extra) : drawn;
    freeAt = t + seconds;
    return seconds;
  };
}

type BatchLog = ReadonlyArray<readonly [number, number, ...number[]]>;

/** Each logged batch's idle gap before it (seconds; the first: Infinity, one without a start time: NaN). */
export function idleGaps(batches: BatchLog): number[] {
  let freeAt = -Infinity;
  return batches.map(([, seconds, at]) => {
    if (at === undefined || !Number.isFinite(at)) return NaN;
    const gap = at - freeAt;
    freeAt = at + seconds;
    return gap;
  });
}

/**
 * The batch log as the busy server would have run it: a batch past the warm-up's gap divided by
 * 1 + extra. A profile is built from these, so the simulator's warm-up does not count twice.
 */
export function withoutWarmup(batches: BatchLog, w: IdleWarmup): Array<[number, number]> {
  const gaps = idleGaps(batches);
  return batches.map(([size, seconds], i) => [size, w.extra > 0 && gaps[i]! >= w.after ? seconds / (1 + w.extra) : seconds]);
}

/** Idle-gap thresholds (seconds) the fit tries. */
const AFTER_GRID = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3];

const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Fits the warm-up from model-server batch logs ([size, seconds, start epoch seconds], in the
 * order they ran). For each threshold on AFTER_GRID: a size's busy reference is the median of its
 * batches with a shorter gap, and each batch has its log ratio to it; the batches at or past the
 * threshold are slowed if their median log ratio ("level") is above the busy batches' upper
 * quartile (slower than three quarters of busy batches: more than scatter). Of those thresholds, the
 * one whose level removes most squared log ratio from the batches past it wins; extra = e^level - 1.
 * Returns extra 0 (off) without start times or when no threshold has 3 batches past it that qualify.
 */
export function fitIdleWarmup(series: ReadonlyArray<BatchLog>): IdleWarmup & { slowed: number } {
  const rows: Array<{ size: number; seconds: number; gap: number }> = [];
  for (const batches of series) {
    const gaps = idleGaps(batches);
    if (gaps.some(Number.isNaN)) return { after: 0, extra: 0, slowed: 0 };
    batches.forEach(([size, seconds], i) => rows.push({ size, seconds, gap: gaps[i]! }));
  }
  let best = { after: 0, extra: 0, slowed: 0 };
  let bestGain = 0;
  for (const after of AFTER_GRID) {
    const by = new Map<number, number[]>();
    for (const r of rows) if (r.gap < after) {
      if (!by.has(r.size)) by.set(r.size, []);
      by.get(r.size)!.push(r.seconds);
    }
    const ref = new Map([...by].map(([size, v]) => [size, median(v)]));
    const busy: number[] = [];
    const past: number[] = [];
    for (const r of rows) if (ref.has(r.size)) (r.gap < after ? busy : past).push(Math.log(r.seconds / ref.get(r.size)!));
    if (past.length < 3 || busy.length < 3) continue;
    const level = median(past);
    const upperQuartile = [...busy].sort((a, b) => a - b)[Math.floor(0.75 * (busy.length - 1))]!;
    if (!(level > upperQuartile && level > 0)) continue;
    const gain = past.reduce((g, lr) => g + lr * lr - (lr - level) ** 2, 0);
    if (gain > bestGain) {
      bestGain = gain;
      best = { after, extra: Math.exp(level) - 1, slowed: past.length };
    }
  }
  return best;
}
