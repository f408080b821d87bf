/**
 * Analytic lower bounds on what a candidate's run can achieve, used to prune before simulating.
 * Each must be provably below the simulated value (test/plan/bounds.test.ts checks them against
 * runs), so pruning never removes a configuration the full search would pick.
 *
 * Arrival bound (the paper's supplement: N images arriving every START_DELAY s take at least
 * N x s): with paced zips, zip i is created at i x START_DELAY, so the last of Z zips appears at
 * (Z - 1) x START_DELAY and no run ends before it. With uploads over one link every byte of every
 * zip must cross it: Z x zip bytes x 8 / bandwidth. Deterministic arrivals: (jobs - 1) x interval.
 * Poisson and trace arrivals get no bound (0), which prunes nothing.
 *
 * Cost bound: no candidate pays less than nothing for GPUs, so the only cost bound used is the
 * cost of the GPU nodes a fixed minimum pool keeps for the arrival bound (min nodes x node price x
 * arrival bound); with min 0 it is 0.
 */
import type { KioskConfig } from '../model/config.ts';
import { arrivalsAreZips } from '../model/config.ts';

export function jobsOf(c: KioskConfig): number {
  return arrivalsAreZips(c.workload.arrival) ? Math.ceil(c.workload.images / c.workload.imagesPerZip) : c.workload.images;
}

/** Seconds before which the last job cannot have arrived, so no run can end. */
export function arrivalBound(c: KioskConfig): number {
  const a = c.workload.arrival;
  const jobs = jobsOf(c);
  switch (a.kind) {
    case 'paced':
      return Math.max(0, jobs - 1) * a.startDelay;
    case 'deterministic':
      return Math.max(0, jobs - 1) * a.interval;
    case 'upload':
      return a.bandwidthBps > 0 ? (jobs * c.workload.imageBytes * c.workload.imagesPerZip * 8) / a.bandwidthBps : 0;
    default:
      return 0;
  }
}

/** USD per hour of one GPU node of the pool: machine plus its GPUs, on-demand or preemptible. */
export function gpuNodePrice(c: KioskConfig): number {
  const pool = c.cluster.pools.gpu;
  const kind = pool.preemptible ? 'preemptible' : 'onDemand';
  const machine = c.cost.prices.machines[pool.machine.name]?.[kind] ?? 0;
  const gpu = pool.machine.gpuType ? (c.cost.prices.gpus[pool.machine.gpuType]?.[kind] ?? 0) * pool.machine.gpus : 0;
  return machine + gpu;
}

export function costBound(c: KioskConfig): number {
  return (c.cluster.pools.gpu.min * gpuNodePrice(c) * arrivalBound(c)) / 3600;
}

export interface Pruned { cause: 'deadline' | 'budget'; detail: string }

/** Why a candidate cannot meet the goal whatever the simulation says, or undefined. */
export function pruneReason(c: KioskConfig, deadline: number, budget: number): Pruned | undefined {
  const t = arrivalBound(c);
  if (t > deadline) return { cause: 'deadline', detail: `arrivals alone take at least ${Math.round(t)} s (${jobsOf(c)} jobs), more than the deadline of ${Math.round(deadline)} s` };
  const usd = costBound(c);
  if (usd > budget) return { cause: 'budget', detail: `the minimum GPU pool costs at least $${usd.toFixed(2)} over the arrivals, more than the budget of $${budget}` };
  return undefined;
}
