/**
 * Scenarios x replications as tasks, and their results grouped back per scenario. Seeds come from
 * the scenario seed exactly as runReplications (sim/results/runScenario.ts) derives them, so a
 * batch gives the same replications as a run one after another. In a sweep every point keeps the
 * base scenario's seed, so every point gets the same replication seeds: common random numbers.
 */
import { deriveReplicationSeeds } from '../engine/rng.ts';
import type { KioskConfig } from '../model/config.ts';
import type { ReplicationResult } from '../results/runResult.ts';
import type { Detail, RunTask } from './task.ts';

/** A scenario to run: its replications' seeds are derived from config.seed unless `seeds` lists them (--replication-seed). */
export interface Scenario { config: KioskConfig; replications: number; seeds?: readonly number[] }

function seedsOf(s: Scenario): readonly number[] {
  return s.seeds ?? deriveReplicationSeeds(s.config.seed, s.replications);
}

export function replicationTasks(scenarios: readonly Scenario[], detail: Detail): RunTask[] {
  return scenarios.flatMap((s) => seedsOf(s).map((seed) => ({ config: s.config, seed, detail })));
}

/** Splits a batch's results (in task order) back into one list per scenario. */
export function groupByScenario<T extends Scenario>(scenarios: readonly T[], results: readonly ReplicationResult[]): ReplicationResult[][] {
  let k = 0;
  return scenarios.map((s) => results.slice(k, (k += seedsOf(s).length)));
}

/**
 * A batch's `onResult` that calls `done(i, reps)` for scenario i as soon as its last replication is in
 * (results come in any order; `reps` in seed order, as groupByScenario gives them). The caller can then
 * summarise a scenario on its own thread while the workers run the rest of the batch: the summary of
 * 3 x 10^6 images selects order statistics of ~18 M latencies (~1 s; a sort, ~2.7 s, until session 7),
 * which at the batch's end ran after every worker was done.
 */
export function onScenarioDone<T extends Scenario>(scenarios: readonly T[], done: (i: number, reps: ReplicationResult[]) => void): (task: number, result: ReplicationResult) => void {
  const sizes = scenarios.map((s) => seedsOf(s).length);
  const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const owner = sizes.flatMap((n, i) => Array.from({ length: n }, () => i));
  const left = [...sizes];
  const got = new Array<ReplicationResult>(owner.length);
  sizes.forEach((n, i) => n === 0 && done(i, [])); // nothing to wait for
  return (task, result) => {
    got[task] = result;
    const i = owner[task]!;
    if (--left[i]! !== 0) return;
    const reps = got.slice(starts[i]!, starts[i]! + sizes[i]!);
    got.fill(undefined as unknown as ReplicationResult, starts[i]!, starts[i]! + sizes[i]!); // held by `reps` alone now
    done(i, reps);
  };
}
