import { BatchLog } from '../model/trace.ts';
import { deriveReplicationSeeds } from '../engine/rng.ts';
import type { KioskConfig } from '../model/config.ts';
import type { SettleRule } from '../model/settle.ts';
import { KioskContext } from '../model/kiosk.ts';
import { collectReplication, type ReplicationResult } from './runResult.ts';

/** Runs R replications of a scenario with seeds derived from its seed; a pure function of (config, seed, R). */
export function runReplications(
  config: KioskConfig,
  replications: number,
  onProgress?: (replication: number, fraction: number) => void,
): ReplicationResult[] {
  return runSeeds(config, deriveReplicationSeeds(config.seed, replications), onProgress);
}

/**
 * Runs one replication per given replication seed (as reported in `seeds`): `--replication-seed S` reruns
 * exactly the replication a summary reported with seed S, whatever the scenario seed and R were.
 */
export function runSeeds(config: KioskConfig, seeds: readonly number[], onProgress?: (replication: number, fraction: number) => void): ReplicationResult[] {
  return seeds.map((seed, k) => runOne(config, seed, (f) => onProgress?.(k, f)));
}

/**
 * `onProgress` also gets the run's simulated clock (s), which progress bars show; reading it changes nothing.
 * `settle`: stop once the run can no longer meet a deadline or budget (sim/model/settle.ts; the planner's).
 */
export function runOne(config: KioskConfig, seed: number, onProgress?: (fraction: number, simulated_s: number) => void, opts: { trace?: boolean; settle?: SettleRule } = {}): ReplicationResult {
  const t0 = performance.now();
  const ctx = new KioskContext(config, seed);
  if (opts.trace) ctx.tracer = new BatchLog();
  const outcome = ctx.run(onProgress && ((fraction) => onProgress(fraction, ctx.sim.now)), opts.settle);
  return collectReplication(ctx, outcome, (performance.now() - t0) / 1000);
}
