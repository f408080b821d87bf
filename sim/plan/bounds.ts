/**
 * Analytic lower bounds on what a candidate's run can achieve, used to prune before simulating.
 * Each must be provably below the simulated value of every replication that finishes (test/plan/
 * bounds.test.ts checks them against runs), so pruning never removes a configuration the full search
 * would pick: a replication that does not finish misses the goal anyway.
 *
 * Time: the larger of
 *   - the arrival bound (the paper's supplement: N images arriving every START_DELAY s take at least
 *     N x s): with paced zips, zip i is created at i x START_DELAY, so the last of Z zips appears at
 *     (Z - 1) x START_DELAY and no run ends before it. With uploads over one link every byte of every
 *     zip must cross it: Z x zip bytes x 8 / bandwidth. Deterministic arrivals: (jobs - 1) x interval.
 *     Poisson and trace arrivals get no arrival bound (0);
 *   - the GPU-throughput bound (gpuBound.ts): the work over the most servers at their best rate.
 * Cost (a finished replication's bill, sim/model/cost): the sum of
 *   - GPU nodes: the larger of the node-hours the GPU work needs (GPU seconds / servers per node, at
 *     the pool's hourly price) and the fixed minimum pool kept for the whole time bound;
 *   - CPU nodes: the minimum nodes of the on-demand CPU pools, which exist from the start and are
 *     never preempted, for the whole time bound (preemptible pools can be without their node a while);
 *   - data: the paper's storage, operations, result egress and inter-zone egress of all N images over
 *     the time bound (runDataCosts: the same arithmetic the run's bill uses, non-decreasing in time).
 */
import type { KioskConfig } from '../model/config.ts';
import { arrivalsAreZips } from '../model/config.ts';
import { nodeHourlyPrice } from '../model/cost/prices.ts';
import { clusterPriceTable, runDataCosts } from '../model/cost/scenarioCosts.ts';
import { gpuServerSeconds, gpuTimeBound, serversPerNode } from './gpuBound.ts';

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

/** Seconds before which no replication can finish: arrivals and GPU throughput. */
export function timeBound(c: KioskConfig): number {
  return Math.max(arrivalBound(c), gpuTimeBound(c));
}

/** USD per hour of one node of a pool: machine plus its GPUs, on-demand or preemptible, at the run's prices. */
function poolPrice(c: KioskConfig, pool: 'gpu' | 'consumer' | 'default'): number {
  const p = c.cluster.pools[pool];
  const m = p.machine;
  return nodeHourlyPrice(clusterPriceTable(c), m.name, m.gpuType && m.gpus > 0 ? { type: m.gpuType, count: m.gpus } : null, p.preemptible);
}

/** USD per hour of one GPU node of the pool. */
export const gpuNodePrice = (c: KioskConfig): number => poolPrice(c, 'gpu');

export interface CostBound { gpu_nodes: number; cpu_nodes: number; data: number; total: number }

/** The least a finished replication can cost, by part (USD). */
export function costBounds(c: KioskConfig): CostBound {
  const t = timeBound(c);
  const hours = Number.isFinite(t) ? t / 3600 : 0;
  const gpuPool = c.cluster.pools.gpu;
  const perNode = serversPerNode(c);
  const workHours = Number.isFinite(perNode) && perNode > 0 ? gpuServerSeconds(c) / perNode / 3600 : 0;
  const gpu_nodes = gpuNodePrice(c) * Math.max(workHours, gpuPool.min * hours);
  let cpu_nodes = 0;
  for (const pool of ['consumer', 'default'] as const) {
    const p = c.cluster.pools[pool];
    if (!p.preemptible && p.min > 0) cpu_nodes += p.min * poolPrice(c, pool) * hours;
  }
  const data = runDataCosts(c, c.workload.images, Number.isFinite(t) ? t : 0).total;
  return { gpu_nodes, cpu_nodes, data, total: gpu_nodes + cpu_nodes + data };
}

export function costBound(c: KioskConfig): number {
  return costBounds(c).total;
}

export interface Pruned { cause: 'deadline' | 'budget'; detail: string }

const usd = (x: number) => `$${x.toFixed(2)}`;

/** Why a candidate cannot meet the goal whatever the simulation says, or undefined. */
export function pruneReason(c: KioskConfig, deadline: number, budget: number): Pruned | undefined {
  const arrivals = arrivalBound(c);
  if (arrivals > deadline) return { cause: 'deadline', detail: `arrivals alone take at least ${Math.round(arrivals)} s (${jobsOf(c)} jobs), more than the deadline of ${Math.round(deadline)} s` };
  const gpus = gpuTimeBound(c);
  if (gpus > deadline) return { cause: 'deadline', detail: `the GPU work needs at least ${Number.isFinite(gpus) ? Math.round(gpus) : 'unbounded'} s on at most ${c.cluster.pools.gpu.max} GPU nodes at the profile's best rate, more than the deadline of ${Math.round(deadline)} s` };
  const b = costBounds(c);
  if (b.total > budget) {
    const parts = [`GPU nodes ${usd(b.gpu_nodes)}`, `on-demand CPU nodes ${usd(b.cpu_nodes)}`, `data ${usd(b.data)}`];
    return { cause: 'budget', detail: `it costs at least ${usd(b.total)} (${parts.join(', ')}), more than the budget of ${usd(budget)}` };
  }
  return undefined;
}
