/**
 * Batch progress on stderr: "runs 12/54 done, 31%, ETA 1m 20s". A redrawn line on a terminal; on
 * anything else (CI logs, a Kubernetes pod) one line every 10 s once a batch has taken that long,
 * and then a last one at the end; short batches print nothing there.
 */
import type { BatchProgress } from './batch.ts';

export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${Math.round(s % 60)}s`;
  return `${Math.floor(s / 3600)}h ${Math.round((s % 3600) / 60)}m`;
}

export function progressLine(done: number, total: number, fraction: number, elapsed_s: number): string {
  // ETA from the fraction of work done (runs under way count by their own progress)
  const eta = fraction > 0 && fraction < 1 ? elapsed_s * (1 - fraction) / fraction : fraction >= 1 ? 0 : NaN;
  return `runs ${done}/${total} done, ${Math.floor(100 * fraction)}%, elapsed ${formatDuration(elapsed_s)}, ETA ${formatDuration(eta)}`;
}

export function stderrProgress(label: string, stream: NodeJS.WriteStream = process.stderr, now = () => performance.now()): BatchProgress {
  const t0 = now();
  const tty = stream.isTTY === true;
  let lastPrint = tty ? -Infinity : t0;
  let last = '';
  let printed = false;
  let finished = false;
  return {
    update(done, total, fraction) {
      const t = now();
      last = `${label}: ${progressLine(done, total, fraction, (t - t0) / 1000)}`;
      if (tty) {
        if (t - lastPrint >= 100 || done === total) { stream.write(`\r${last}\x1b[K`); lastPrint = t; }
      } else if (!finished && (t - lastPrint >= 10_000 || (done === total && printed))) {
        stream.write(`${last}\n`);
        lastPrint = t;
        printed = true;
        finished = done === total;
      }
    },
    stop() {
      if (tty && last) stream.write('\n');
    },
  };
}
