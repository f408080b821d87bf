/**
 * How far one run has got, as the progress bar shows it: the fraction of its images finished and its simulated
 * clock. The model calls back every 200 000 events (sim/model/kiosk.ts), which can be many times a second; runs
 * report on at most every PROGRESS_INTERVAL_MS of wall time, so a worker thread or a BullMQ worker sends a few
 * messages a second at most. Progress only reads the run's clock: it never changes a result.
 */
export interface RunProgress {
  /** Images finished / images of the run, 0..1. */
  fraction: number;
  /** The run's simulated clock, seconds. */
  simulated_s: number;
}

export type OnRunProgress = (p: RunProgress) => void;

/** Wall time between two progress reports of one run (the bar redraws up to 10 times a second anyway). */
export const PROGRESS_INTERVAL_MS = 500;

/**
 * The model's (fraction, clock) callback, passed on at once the first time (the bar shows a clock as soon as
 * the run has one, however fast the run), then at most once per interval, and always when the run is done.
 */
export function throttledProgress(send: OnRunProgress, now: () => number = () => performance.now(), intervalMs = PROGRESS_INTERVAL_MS): (fraction: number, simulated_s: number) => void {
  let last = -Infinity;
  return (fraction, simulated_s) => {
    const t = now();
    if (t - last < intervalMs && fraction < 1) return;
    last = t;
    send({ fraction, simulated_s });
  };
}

/** A RunProgress that came over BullMQ (job.updateProgress), or null for anything else. */
export function asRunProgress(data: unknown): RunProgress | null {
  if (data === null || typeof data !== 'object') return null;
  const { fraction, simulated_s } = data as Record<string, unknown>;
  return typeof fraction === 'number' && typeof simulated_s === 'number' ? { fraction, simulated_s } : null;
}
