/**
 * What limits a candidate and what would help, with figures from its runs. The model's own
 * `limited_by` (RunSummary, when the build has it) comes first; otherwise the planner reads the
 * cause from the bounds and the runs: arrivals (the makespan is within 10% of the arrival bound),
 * the GPUs (mean GPU utilisation of 80% or more), or the start-up of the cluster (neither).
 */
import type { KioskConfig } from '../model/config.ts';
import { arrivalBound } from './bounds.ts';
import type { Cause, Outcome } from './evaluate.ts';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const usd = (x: number) => `$${x.toFixed(2)}`;

export function limitedBy(c: KioskConfig, os: Outcome[]): Cause[] {
  const own = new Map<string, Cause>();
  for (const o of os) for (const l of o.limitedBy ?? []) if (!own.has(l.cause)) own.set(l.cause, l);
  if (own.size) return [...own.values()];
  const makespan = mean(os.map((o) => o.makespan));
  const bound = arrivalBound(c);
  const util = mean(os.map((o) => o.gpuUtilization));
  if (bound > 0 && makespan <= 1.1 * bound) return [{ cause: 'arrivals', detail: `the last job arrives at ${Math.round(bound)} s; the run ends at ${Math.round(makespan)} s (mean of ${os.length})` }];
  if (util >= 0.8) return [{ cause: 'gpu', detail: `mean GPU utilisation ${(100 * util).toFixed(0)}% on up to ${c.cluster.pools.gpu.max} GPU nodes (peak ${mean(os.map((o) => o.peakNodes)).toFixed(1)})` }];
  return [{ cause: 'scaling', detail: `mean GPU utilisation ${(100 * util).toFixed(0)}%: node provisioning and autoscaling, not GPU capacity, set the pace` }];
}

/** Suggestions from the cost split: inter-zone egress, preemptible nodes. */
export function whatWouldHelp(c: KioskConfig, os: Outcome[]): string[] {
  const out: string[] = [];
  const egress = mean(os.map((o) => o.cost.egress));
  if (c.cluster.zones > 1 && egress > 0.005) out.push(`one zone saves ${usd(egress)} of inter-zone egress`);
  const gpu = mean(os.map((o) => o.cost.gpu_nodes));
  const pool = c.cluster.pools.gpu;
  if (!pool.preemptible && pool.machine.gpuType) {
    const p = c.cost.prices.gpus[pool.machine.gpuType];
    const m = c.cost.prices.machines[pool.machine.name];
    if (p && m && p.onDemand + m.onDemand > 0) {
      const ratio = (p.preemptible * pool.machine.gpus + m.preemptible) / (p.onDemand * pool.machine.gpus + m.onDemand);
      if (ratio < 1) out.push(`preemptible GPU nodes would cost about ${usd(gpu * ratio)} instead of ${usd(gpu)} (before preemption losses)`);
    }
  }
  return out;
}
