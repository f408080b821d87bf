/**
 * A batch: every task handed to an executor at once, results placed by task index (so the answer
 * does not depend on completion order), progress over the whole batch.
 */
import type { ReplicationResult } from '../results/runResult.ts';
import type { Executor, RunTask } from './task.ts';

export interface BatchProgress {
  /** Runs finished, runs in the batch, and the fraction of the batch done counting runs under way. */
  update(done: number, total: number, fraction: number): void;
  stop(): void;
}

export async function runBatch(tasks: RunTask[], executor: Executor, progress?: BatchProgress): Promise<ReplicationResult[]> {
  const results = new Array<ReplicationResult>(tasks.length);
  const partial = new Float64Array(tasks.length);
  let done = 0;
  let sum = 0;
  const report = () => progress?.update(done, tasks.length, tasks.length ? sum / tasks.length : 1);
  report();
  try {
    await Promise.all(tasks.map(async (task, i) => {
      const r = await executor.run(task, (f) => {
        sum += Math.min(1, f) - partial[i]!;
        partial[i] = Math.min(1, f);
        report();
      });
      results[i] = r;
      sum += 1 - partial[i]!;
      partial[i] = 1;
      done++;
      report();
    }));
  } finally {
    progress?.stop();
  }
  return results;
}
