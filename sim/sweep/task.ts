/**
 * One unit of work for the pools: one replication of one resolved scenario. A task carries the
 * model's KioskConfig (structured-clonable: checked for every shipped scenario in
 * test/sweep/task.test.ts), never a file name, so a worker needs no files and cannot read
 * different ones than the submitter.
 */
import type { KioskConfig } from '../model/config.ts';
import type { SettleRule } from '../model/settle.ts';
import { runOne } from '../results/runScenario.ts';
import type { ReplicationResult } from '../results/runResult.ts';
import { slimReplication } from './slim.ts';
import { throttledProgress, type OnRunProgress } from './runProgress.ts';

/**
 * `full`: everything a run directory writes (per-image columns, time series, events).
 * `summary`: only what `summarize` reads (sweeps and runs without --out).
 */
export type Detail = 'full' | 'summary';

export interface RunTask {
  config: KioskConfig;
  seed: number;
  detail: Detail;
  /** run --trace: also log GPU batches (results are the same either way). */
  trace?: boolean;
  /** The planner's early stop once the run's verdict is settled (sim/model/settle.ts); absent: run to the end. */
  settle?: SettleRule;
}

/** Anything that runs tasks: in this thread, on worker threads, or on BullMQ workers. */
export interface Executor {
  /** `onProgress`: the run's fraction done and simulated clock, a few times a second at most. */
  run(task: RunTask, onProgress?: OnRunProgress): Promise<ReplicationResult>;
  close(): Promise<void>;
}

export function executeTask(task: RunTask, onProgress?: (fraction: number, simulated_s: number) => void): ReplicationResult {
  const result = runOne(task.config, task.seed, onProgress, { trace: task.trace === true, ...(task.settle ? { settle: task.settle } : {}) });
  return task.detail === 'full' ? result : slimReplication(result);
}

/** Runs tasks one after another in this thread (-j 1): no threads to start, same results. */
export class InlineExecutor implements Executor {
  async run(task: RunTask, onProgress?: OnRunProgress): Promise<ReplicationResult> {
    return executeTask(task, onProgress && throttledProgress(onProgress));
  }
  async close(): Promise<void> {}
}
