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
