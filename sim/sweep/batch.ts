/**
 * A batch: every task handed to an executor at once, results placed by task index (so the answer
 * does not depend on completion order), progress over the whole batch. Tasks are handed over
 * largest first (images, a run's work grows with them), so no big run is left to finish alone at
 * the end while the other workers idle: the 18-cell 2020 grid x 3 lists its 10^6-image cells among
 * small ones, and in task order its last runs were 10^6-image ones. `onResult` hears of each result as
 * it comes (replications.ts onScenarioDone: summarise a scenario while the batch runs on).
 */
import type { ReplicationResult } from '../results/runResult.ts';
import type { Executor, RunTask } from './task.ts';
import type { OnRunProgress } from './runProgress.ts';

/** The runs under way that have reported a clock: the least advanced one's simulated clock, and how many there are. */
export interface InFlight {
  /** Simulated clock (s) of the run under way with the smallest fraction done: the one the batch waits for. */
  slowest_s: number;
  runs: number;
}

export interface BatchProgress {
  /** Runs finished, runs in the batch, the fraction of the batch done counting runs under way, and their clocks. */
  update(done: number, total: number, fraction: number, inFlight?: InFlight): void;
  stop(): void;
}

/** The slowest run under way, from each run's fraction done and clock (NaN: not reported yet or finished). */
export function slowestInFlight(partial: Float64Array, clocks: Float64Array): InFlight | undefined {
  let slowest = -1;
  let runs = 0;
  for (let i = 0; i < clocks.length; i++) {
    if (Number.isNaN(clocks[i]!)) continue;
    runs++;
    if (slowest < 0 || partial[i]! < partial[slowest]!) slowest = i;
  }
  return runs ? { slowest_s: clocks[slowest]!, runs } : undefined;
}

/** Task indexes, largest first (images), ties in task order. */
export function largestFirst(tasks: readonly RunTask[]): number[] {
  const images = (i: number) => tasks[i]!.config.workload.images;
  return tasks.map((_, i) => i).sort((a, b) => images(b) - images(a) || a - b);
}

/**
 * The progress of a batch of `total` runs over `progress`: each run's own reports (`onRun(i)`) and its
 * end (`finished(i)`) make the batch's fraction done and its slowest run under way. Shared by runBatch
 * and the planner's batches (sim/plan/evaluate.ts).
 */
export function batchTracker(total: number, progress?: BatchProgress): { onRun(i: number): OnRunProgress; finished(i: number): void } {
  const partial = new Float64Array(total);
  const clocks = new Float64Array(total).fill(NaN);
  let done = 0;
  let sum = 0;
  const report = () => progress?.update(done, total, total ? sum / total : 1, slowestInFlight(partial, clocks));
  report();
  return {
    onRun: (i) => ({ fraction, simulated_s }) => {
      const f = Math.min(1, fraction);
      sum += f - partial[i]!;
      partial[i] = f;
      clocks[i] = simulated_s;
      report();
    },
    finished(i) {
      sum += 1 - partial[i]!;
      partial[i] = 1;
      clocks[i] = NaN; // finished: no longer under way
      done++;
      report();
    },
  };
}

/**
 * Runs `tasks` on `executor`; returns the results in task order. With `retain` false the results are
 * only handed to `onResult` and not kept (an empty array is returned): a caller that needs nothing
 * past each scenario's summary then holds ~one scenario's per-image columns at a time, not the batch's
 * (the 18-cell grid x 3 without --out peaked at ~1.55 GB RSS keeping them all).
 */
export async function runBatch(tasks: RunTask[], executor: Executor, progress?: BatchProgress, onResult?: (i: number, result: ReplicationResult) => void, retain = true): Promise<ReplicationResult[]> {
  const results = new Array<ReplicationResult>(retain ? tasks.length : 0);
  const tracker = batchTracker(tasks.length, progress);
  try {
    await Promise.all(largestFirst(tasks).map(async (i) => {
      const result = await executor.run(tasks[i]!, tracker.onRun(i));
      if (retain) results[i] = result;
      tracker.finished(i);
      onResult?.(i, result);
    }));
  } finally {
    progress?.stop();
  }
  return results;
}
