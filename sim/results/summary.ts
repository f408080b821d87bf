import type { ReplicationResult } from './runResult.ts';
import { unfinishedReason } from './reason.ts';
import { replicationStat, type QuantileSummary, type Stat } from './statistics.ts';
import { quantileInPlace } from '../engine/stats/index.ts';
import { fixedPolicyWarning, limitsFrom, meanFigures, type Limit } from './limits.ts';
import { LATENCY_KINDS, latencyColumn, summarizeRecords, summarizeReplications, type LatencyKind, type LatencySummary } from './latency.ts';

/** Where the GPU speed of a run comes from (the serving profile of its GPU type). */
export interface GpuSpeed {
  /** measured on that GPU (or imported from its real job records), or derived (scaled from another GPU). */
  provenance: 'measured' | 'derived';
  /** The GPU pool's GPU type. */
  gpu: string;
  /** The serving profile, repository-relative. */
  profile: string;
  /** One line: where the profile's speed comes from. */
  source: string;
  /** Images/s of one GPU with full batches, divided by the profile's largest and smallest residual. */
  range_images_per_s?: [number, number];
  /** Set when an explicit serving.profile and the GPU type disagree (the type then sets only price and host). */
  note?: string;
}

/** The price table a run's cost was computed with (cost.price_table; cost.prices may add to it). */
export interface PricesUsed {
  table: string;
  /** YYYY-MM-DD the prices were valid or read. */
  date: string;
}

/** Facts about what a run rests on, from the scenario loader (meta.ts runProvenance). */
export interface RunProvenance {
  gpu_speed?: GpuSpeed;
  prices?: PricesUsed;
}

/** The `run --json` object (sim/CONTRACTS.md). */
export interface RunSummary {
  scenario: string;
  replications: number;
  seeds: number[];
  completed: boolean;
  reason?: string;
  images: { submitted: number; completed: number; failed: number };
  /** Last job finished; for a replication that did not complete, its simulated window (= window_s). */
  makespan_s: Stat;
  /** The simulated window: the makespan when completed, else the time simulated (the time limit). */
  window_s: Stat;
  /** Makespan plus the client's download of the last result zip (the window when not completed). */
  results_downloaded_s: Stat;
  /** Images completed / window_s, per replication. */
  throughput_images_per_s: Stat;
  /** Per-image latencies pooled over all replications (sim/results/latency.ts says what each spans). */
  latency_s: LatencySummary;
  /** Each replication's own latency quantiles, as a Stat across replications. */
  latency_s_across_replications: Record<LatencyKind, QuantileStats>;
  cost_usd: { total: Stat; gpu_nodes: Stat; cpu_nodes: Stat; storage: Stat; operations: Stat; storage_egress: Stat; egress: Stat };
  gpu: { peak_nodes: Stat; mean_utilization: Stat };
  retries: Stat;
  /** What limited the run, judged on the figures' mean over replications (sim/results/limits.ts). */
  limited_by: Limit[];
  /** Settings that cannot work as meant, with the run's numbers (e.g. a fixed policy that starves its GPUs). */
  warnings: string[];
  engine: { events: number; wall_s: number; events_per_s: number };
  meta?: Record<string, unknown>;
  gpu_speed?: GpuSpeed;
  prices?: PricesUsed;
}

/** The quantile fields of a latency block, each as a Stat across replications. */
export type QuantileStats = Record<keyof QuantileSummary, Stat>;

/**
 * Each replication's own latency quantiles, summarised across replications: `latency_s` pools every image
 * of every replication (one distribution), this says how much a quantile moves from one replication to the
 * next (its mean and 95% interval), as makespan_s does for the makespan.
 */
function latencies(reps: readonly ReplicationResult[]): { pooled: LatencySummary; across: Record<LatencyKind, QuantileStats> } {
  if (reps.length <= 1) {
    // one replication: its quantiles are the pooled ones (no second pass over a million-image column)
    const pooled = summarizeRecords(reps.map((r) => r.record));
    return { pooled, across: quantilesAcross(reps.length === 1 ? [pooled] : []) };
  }
  const { pooled, each } = summarizeReplications(reps.map((r) => r.record));
  return { pooled, across: quantilesAcross(each) };
}

/** Each quantile of each latency kind as a Stat over the given per-replication summaries. */
export function quantilesAcross(per: readonly LatencySummary[]): Record<LatencyKind, QuantileStats> {
  const fields: (keyof QuantileSummary)[] = ['mean', 'p50', 'p90', 'p95', 'p99', 'max'];
  const block = (kind: LatencyKind) =>
    Object.fromEntries(fields.map((f) => [f, replicationStat(per.map((l) => l[kind][f]).filter((x) => Number.isFinite(x)))])) as QuantileStats;
  return Object.fromEntries(LATENCY_KINDS.map((kind) => [kind, block(kind)])) as Record<LatencyKind, QuantileStats>;
}

function limitsOf(reps: readonly ReplicationResult[]): { limited_by: Limit[]; warnings: string[] } {
  if (reps.length === 0) return { limited_by: [], warnings: [] };
  const f = meanFigures(reps.map((r) => r.limits));
  const consumers = reps[0]!.fixedImageConsumers;
  const warning = consumers === null ? null : fixedPolicyWarning(f, consumers);
  return { limited_by: limitsFrom(f), warnings: warning ? [warning] : [] };
}

/** The makespan a summary reports for one replication: the simulated window when it did not finish. */
const reportedMakespan = (r: ReplicationResult) => (r.completed ? r.makespan : r.window);

const imageCounts = (reps: readonly ReplicationResult[]): RunSummary['images'] => ({
  submitted: reps.reduce((s, r) => s + r.record.count, 0),
  completed: reps.reduce((s, r) => s + r.record.completed, 0),
  failed: reps.reduce((s, r) => s + r.record.failed, 0),
});

export function summarize(scenario: string, reps: ReplicationResult[], meta?: Record<string, unknown>, provenance: RunProvenance = {}): RunSummary {
  const stat = (f: (r: ReplicationResult) => number) => replicationStat(reps.map(f));
  const { pooled: lat, across } = latencies(reps);
  const events = reps.reduce((s, r) => s + r.engine.events, 0);
  const wall = reps.reduce((s, r) => s + r.engine.wall_s, 0);
  const incomplete = reps.some((r) => !r.completed);
  return {
    scenario,
    replications: reps.length,
    seeds: reps.map((r) => r.seed),
    completed: !incomplete,
    ...(incomplete ? { reason: unfinishedReason(reps) } : {}),
    images: imageCounts(reps),
    makespan_s: stat(reportedMakespan),
    window_s: stat((r) => r.window),
    results_downloaded_s: stat((r) => (r.completed ? r.resultsDownloaded : r.window)),
    throughput_images_per_s: stat((r) => (r.window > 0 ? r.record.completed / r.window : 0)),
    latency_s: lat,
    latency_s_across_replications: across,
    cost_usd: {
      total: stat((r) => r.cost.total),
      gpu_nodes: stat((r) => r.cost.gpu_nodes),
      cpu_nodes: stat((r) => r.cost.cpu_nodes),
      storage: stat((r) => r.cost.storage),
      operations: stat((r) => r.cost.operations),
      storage_egress: stat((r) => r.cost.storage_egress),
      egress: stat((r) => r.cost.egress),
    },
    gpu: { peak_nodes: stat((r) => r.gpu.peak_nodes), mean_utilization: stat((r) => r.gpu.mean_utilization) },
    retries: stat((r) => r.counters.retries ?? 0),
    ...limitsOf(reps),
    engine: { events, wall_s: wall, events_per_s: wall > 0 ? events / wall : 0 },
    ...(meta ? { meta } : {}),
    ...(provenance.gpu_speed ? { gpu_speed: provenance.gpu_speed } : {}),
    ...(provenance.prices ? { prices: provenance.prices } : {}),
  };
}

/** What the planner reads of one replication's summary (sim/plan/evaluate.ts outcomeOf). */
export interface PlanFigures {
  images: RunSummary['images'];
  /** latency_s.total.p95 */
  total_p95_s: number;
  limited_by: Limit[];
}

/**
 * The fields of `summarize(name, [r])` the planner reads, computed alone: the same numbers by the same
 * arithmetic, without the other five latency columns (one value per image each) that the planner never
 * reads, and selecting only p95's two order statistics (a plan's 65 runs are headline-sized: 10^6 images each).
 */
export function planFigures(r: ReplicationResult): PlanFigures {
  return {
    images: imageCounts([r]),
    total_p95_s: quantileInPlace(latencyColumn([r.record], 'total'), 0.95),
    limited_by: limitsOf([r]).limited_by,
  };
}
