/**
 * Batch progress on stderr: "runs 12/54 done, 31%, sim clock 2h 5m (slowest of 2 under way), elapsed 40s, ETA 1m 20s".
 * The simulated clock is that of the run under way the batch is waiting for (the least advanced one), as its
 * thread or BullMQ worker last reported it (sim/sweep/runProgress.ts: every 0.5 s of wall time at most).
 * - On a terminal: a bar redrawn in place (at most 10 times a second), ending on 100% and a newline.
 * - On anything else (CI logs, a Kubernetes pod, a file): a plain line each time another 10% is done, or
 *   after 30 s without one, and always the last line at 100%; a log keeps ~11 lines per batch, not thousands.
 * `--quiet` asks for none of it (quietProgress).
 */
import type { BatchProgress, InFlight } from './batch.ts';

export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${Math.round(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${Math.round((s % 3600) / 60)}m`;
}

/** "sim clock 2h 5m" for one run under way, "... (slowest of 3 under way)" for several; '' when none has reported. */
export function clockText(inFlight: InFlight | undefined): string {
  if (!inFlight || !Number.isFinite(inFlight.slowest_s)) return '';
  return `sim clock ${formatDuration(inFlight.slowest_s)}${inFlight.runs > 1 ? ` (slowest of ${inFlight.runs} under way)` : ''}`;
}

export function progressLine(done: number, total: number, fraction: number, elapsed_s: number, inFlight?: InFlight): string {
  // ETA from the fraction of work done (runs under way count by their own progress)
  const eta = fraction > 0 && fraction < 1 ? elapsed_s * (1 - fraction) / fraction : fraction >= 1 ? 0 : NaN;
  const clock = done < total ? clockText(inFlight) : '';
  return `runs ${done}/${total} done, ${Math.floor(100 * fraction)}%, ${clock ? `${clock}, ` : ''}elapsed ${formatDuration(elapsed_s)}, ETA ${formatDuration(eta)}`;
}

const BAR_WIDTH = 24;
export const bar = (fraction: number) => {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return `[${'#'.repeat(full)}${'-'.repeat(BAR_WIDTH - full)}]`;
};

/** How often a plain (non-terminal) stream gets a line: each 10% step, or this long without one. */
export const PLAIN_STEP = 0.1;
export const PLAIN_INTERVAL_MS = 30_000;

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function stderrProgress(label: string, stream: ProgressStream = process.stderr, now = () => performance.now()): BatchProgress {
  const t0 = now();
  const tty = stream.isTTY === true;
  let lastPrint = -Infinity;
  let lastStep = -1;
  let drawn = false;
  let finished = false;
  let state: { done: number; total: number; fraction: number; inFlight?: InFlight } = { done: 0, total: 0, fraction: 0 };
  const text = (t: number) => `${label}: ${progressLine(state.done, state.total, state.fraction, (t - t0) / 1000, state.inFlight)}`;
  return {
    update(done, total, fraction, inFlight) {
      if (finished) return;
      state = { done, total, fraction: Math.min(1, fraction), inFlight };
      const t = now();
      const complete = done === total;
      if (tty) {
        if (t - lastPrint >= 100 || complete) {
          stream.write(`\r${bar(state.fraction)} ${text(t)}\x1b[K`);
          lastPrint = t;
          drawn = true;
        }
      } else {
        const step = Math.floor(state.fraction / PLAIN_STEP + 1e-9);
        if (step > lastStep || t - lastPrint >= PLAIN_INTERVAL_MS || complete) {
          stream.write(`${text(t)}\n`);
          lastPrint = t;
          lastStep = step;
        }
      }
      finished = complete;
    },
    stop() {
      // a batch that ended early (an error) leaves the bar where it was, on its own line
      if (tty && drawn) stream.write('\n');
    },
  };
}

/** `--quiet`: no progress at all. */
export const quietProgress: BatchProgress = { update() {}, stop() {} };
