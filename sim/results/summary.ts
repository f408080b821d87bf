import type { ReplicationResult } from './runResult.ts';
import { unfinishedReason } from './reason.ts';
import { quantileSummary, replicationStat, type QuantileSummary, type Stat } from './statistics.ts';

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

/** The `run --json` object (../shared/architecture.md, "Contracts"). */
export interface RunSummary {
  scenario: string;
  replications: number;
  seeds: number[];
  completed: boolean;
  reason?: string;
  images: { submitted: number; completed: number; failed: number };
  makespan_s: Stat;
  /** Makespan plus the client's download of the last result zip. */
  results_downloaded_s: Stat;
  throughput_images_per_s: Stat;
  latency_s: { total: QuantileSummary; queue_wait: QuantileSummary; transfer: QuantileSummary; serving: QuantileSummary; postprocess: QuantileSummary };
  cost_usd: { total: Stat; gpu_nodes: Stat; cpu_nodes: Stat; storage: Stat; operations: Stat; storage_egress: Stat; egress: Stat };
  gpu: { peak_nodes: Stat; mean_utilization: Stat };
  retries: Stat;
  engine: { events: number; wall_s: number; events_per_s: number };
  meta?: Record<string, unknown>;
  gpu_speed?: GpuSpeed;
  prices?: PricesUsed;
}

/** Per-image latencies of finished images, over all replications. */
function latencyColumns(reps: ReplicationResult[]) {
  let n = 0;
  for (const r of reps) n += r.record.completed;
  const total = new Float64Array(n);
  const wait = new Float64Array(n);
  const transfer = new Float64Array(n);
  const serving = new Float64Array(n);
  const post = new Float64Array(n);
  let k = 0;
  for (const r of reps) {
    const rec = r.record;
    for (let i = 0; i < rec.count; i++) {
      if (rec.status[i] !== 2) continue;
      total[k] = rec.finished[i]! - rec.enqueued[i]!;
      wait[k] = rec.popped[i]! - rec.enqueued[i]!;
      // the paper's "data transfer time": 2 x (download + upload)
      transfer[k] = 2 * (rec.download[i]! + rec.upload[i]!);
      serving[k] = rec.serving[i]!;
      post[k] = rec.postprocess[i]!;
      k++;
    }
  }
  return { total, wait, transfer, serving, post };
}

export function summarize(scenario: string, reps: ReplicationResult[], meta?: Record<string, unknown>, provenance: RunProvenance = {}): RunSummary {
  const stat = (f: (r: ReplicationResult) => number) => replicationStat(reps.map(f));
  const lat = latencyColumns(reps);
  const events = reps.reduce((s, r) => s + r.engine.events, 0);
  const wall = reps.reduce((s, r) => s + r.engine.wall_s, 0);
  const incomplete = reps.some((r) => !r.completed);
  return {
    scenario,
    replications: reps.length,
    seeds: reps.map((r) => r.seed),
    completed: !incomplete,
    ...(incomplete ? { reason: unfinishedReason(reps) } : {}),
    images: {
      submitted: reps.reduce((s, r) => s + r.record.count, 0),
      completed: reps.reduce((s, r) => s + r.record.completed, 0),
      failed: reps.reduce((s, r) => s + r.record.failed, 0),
    },
    makespan_s: stat((r) => r.makespan),
    results_downloaded_s: stat((r) => r.resultsDownloaded),
    throughput_images_per_s: stat((r) => (r.makespan > 0 ? r.record.completed / r.makespan : 0)),
    latency_s: {
      total: quantileSummary(lat.total),
      queue_wait: quantileSummary(lat.wait),
      transfer: quantileSummary(lat.transfer),
      serving: quantileSummary(lat.serving),
      postprocess: quantileSummary(lat.post),
    },
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
    engine: { events, wall_s: wall, events_per_s: wall > 0 ? events / wall : 0 },
    ...(meta ? { meta } : {}),
    ...(provenance.gpu_speed ? { gpu_speed: provenance.gpu_speed } : {}),
    ...(provenance.prices ? { prices: provenance.prices } : {}),
  };
}
