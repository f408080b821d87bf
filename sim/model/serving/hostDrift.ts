/**
 * A slow drift of the whole host's speed: every batch's time multiplied by exp(sd x X(t)), X a
 * stationary Ornstein-Uhlenbeck process in seconds (mean 0, variance 1, time constant `time`).
 *
 * Why: on the live mini-kiosk's shared host, the model server's speed changes over tens of seconds as
 * other people's builds and tests start and stop. In one past-capacity run the median 8-tile batch took
 * 78, 83 and 59 ms in the run's thirds, in another 74, 62 and 91 ms: no trend common to the runs (so
 * not a warm-up of TF.js or of the harness), and the batch-size mix stayed the same. Past the retry
 * point a deadline turns such a level into retries very non-linearly, so a run's images in a slow
 * stretch get many retries and those in a fast one few; drawing every batch from the run's pooled
 * residuals gives every image the same odds. The short-memory component (residualCorrelation.ts, tens
 * of milliseconds) is separate: this one is the level the short one moves around.
 *
 * The factor's log has median 0, so a profile built from batches divided by their fitted level
 * (withoutDrift) keeps its own centre. Pure: randomness from the `uniform` passed in.
 */
import { normalQuantile } from '../../engine/special.ts';

export interface HostDrift {
  /** Time constant of the slow level, seconds; 0 = off. */
  time: number;
  /** Standard deviation of the log of the factor; 0 = off. */
  sd: number;
}

const EDGE = 1e-12;
const clampUnit = (u: number) => Math.min(Math.max(u, EDGE), 1 - EDGE);

/**
 * `batchSeconds` with the host's slow level on it; the same function when off (so the same draws).
 * The level is advanced to `now()` by the OU's exact transition at each batch (one normal from
 * `uniform`), starting from its stationary law at the first batch.
 */
export function withHostDrift<A extends unknown[]>(
  batchSeconds: (...args: A) => number,
  now: () => number,
  uniform: () => number,
  d: HostDrift,
): (...args: A) => number {
  if (!(d.sd > 0 && d.time > 0)) return batchSeconds;
  let x = NaN;
  let last = 0;
  return (...args) => {
    const t = now();
    const e = normalQuantile(clampUnit(uniform()));
    if (Number.isNaN(x)) x = e;
    else {
      const rho = Math.exp(-Math.max(0, t - last) / d.time);
      x = rho * x + Math.sqrt(1 - rho * rho) * e;
    }
    last = t;
    return batchSeconds(...args) * Math.exp(d.sd * x);
  };
}

type BatchLog = ReadonlyArray<readonly [number, number, ...number[]]>;

/** Width of the windows the fit averages the batches over, seconds: ~25 batches at the live kiosk's rate. */
export const DRIFT_WINDOW_S = 2;
/** Fewest batches in a window for its mean to count. */
const MIN_PER_WINDOW = 5;
/** Fewest windows for a fit. */
const MIN_WINDOWS = 6;

const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Windows {
  /** Window index of each batch (-1: no start time, or its window too thin). */
  of: number[];
  /** Mean log ratio of each window's batches to their size's median, centred so their median is 0. */
  level: number[];
  /** Within-window variance of the log ratios, divided by the window's count (the noise in `level`). */
  noise: number[];
}

/** One run's batches in DRIFT_WINDOW_S windows from its first batch, with each window's slow level. */
export function driftWindows(batches: BatchLog, window = DRIFT_WINDOW_S): Windows {
  const bySize = new Map<number, number[]>();
  for (const [size, seconds] of batches) {
    if (!bySize.has(size)) bySize.set(size, []);
    bySize.get(size)!.push(seconds);
  }
  const ref = new Map([...bySize].map(([size, v]) => [size, median(v)]));
  const t0 = Math.min(...batches.map((b) => b[2] ?? Infinity));
  const groups = new Map<number, number[]>();
  const raw = batches.map(([size, seconds, at]) => {
    if (at === undefined || !Number.isFinite(at) || !Number.isFinite(t0)) return -1;
    const w = Math.floor((at - t0) / window);
    if (!groups.has(w)) groups.set(w, []);
    groups.get(w)!.push(Math.log(seconds / ref.get(size)!));
    return w;
  });
  const keys = [...groups.keys()].filter((w) => groups.get(w)!.length >= MIN_PER_WINDOW).sort((a, b) => a - b);
  const index = new Map(keys.map((w, i) => [w, i]));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const levels = keys.map((w) => mean(groups.get(w)!));
  const centre = levels.length ? median(levels) : 0;
  return {
    of: raw.map((w) => index.get(w) ?? -1),
    level: levels.map((l) => l - centre),
    noise: keys.map((w) => {
      const v = groups.get(w)!;
      const m = mean(v);
      return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length;
    }),
  };
}

/**
 * Fits the drift from model-server batch logs ([size, seconds, start seconds], one log per run):
 * each run's window levels (driftWindows). Their variance, less the part the windows' own scatter
 * explains, is sd^2; the lag-1 covariance of neighbouring windows over sd^2 is exp(-window / time).
 * Off (0, 0) with fewer than MIN_WINDOWS windows, no variance left beyond the scatter, or no positive
 * neighbour correlation (a level that does not last a window is the short component's business).
 */
export function fitHostDrift(series: ReadonlyArray<BatchLog>, window = DRIFT_WINDOW_S): HostDrift & { windows: number } {
  let n = 0;
  let sum2 = 0;
  let noise = 0;
  let lagN = 0;
  let lag = 0;
  for (const batches of series) {
    const w = driftWindows(batches, window);
    w.level.forEach((l, i) => {
      n++;
      sum2 += l * l;
      noise += w.noise[i]!;
      if (i > 0) { lagN++; lag += l * w.level[i - 1]!; }
    });
  }
  const off = { time: 0, sd: 0, windows: n };
  if (n < MIN_WINDOWS || lagN < 1) return off;
  const slowVar = sum2 / n - noise / n;
  if (!(slowVar > 0)) return off;
  const rho = Math.min(lag / lagN / slowVar, 0.99);
  if (!(rho > 0)) return off;
  return { time: -window / Math.log(rho), sd: Math.sqrt(slowVar), windows: n };
}

/**
 * One run's batch log with each batch divided by its window's fitted level (batches outside a counted
 * window as they are): what the server would have run at the host's median speed. A profile is built
 * from these when the drift is on, so the simulator's drift does not count twice.
 */
export function withoutDrift(batches: BatchLog, d: HostDrift, window = DRIFT_WINDOW_S): Array<[number, number, ...number[]]> {
  if (!(d.sd > 0 && d.time > 0)) return batches.map((b) => [...b] as [number, number, ...number[]]);
  const w = driftWindows(batches, window);
  return batches.map(([size, seconds, ...rest], i) => {
    const k = w.of[i]!;
    return [size, k >= 0 ? seconds / Math.exp(w.level[k]!) : seconds, ...rest];
  });
}
