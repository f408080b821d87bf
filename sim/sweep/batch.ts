/**
 * A batch: every task handed to an executor at once, results placed by task index (so the answer
 * does not depend on completion order), progress over the whole batch. Tasks are handed over
 * largest first (images, a run's work grows with them), so no big run is left to finish alone at
 * the end while the other workers idle: the 18-cell 2020 grid x 3 lists its 10^6-image cells among
 * small ones, and in task order its last runs were 10^6-image ones.
 */
import type { ReplicationResult } from '../results/runResult.ts';
import type { Executor, RunTask } from './task.ts';

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

export async function runBatch(tasks: RunTask[], executor: Executor, progress?: BatchProgress): Promise<ReplicationResult[]> {
  const results = new Array<ReplicationResult>(tasks.length);
  const partial = new Float64Array(tasks.length);
  const clocks = new Float64Array(tasks.length).fill(NaN);
  let done = 0;
  let sum = 0;
  const report = () => progress?.update(done, tasks.length, tasks.length ? sum / tasks.length : 1, slowestInFlight(partial, clocks));
  report();
  try {
    await Promise.all(largestFirst(tasks).map(async (i) => {
      const r = await executor.run(tasks[i]!, ({ fraction, simulated_s }) => {
        const f = Math.min(1, fraction);
        sum += f - partial[i]!;
        partial[i] = f;
        clocks[i] = simulated_s;
        report();
      });
      results[i] = r;
      sum += 1 - partial[i]!;
      partial[i] = 1;
      clocks[i] = NaN; // finished: no longer under way
      done++;
      report();
    }));
  } finally {
    progress?.stop();
  }
  return results;
}
