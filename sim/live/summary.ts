/**
 * The live runs as a RunSummary (the `run --json` contract, sim/CONTRACTS.md), built
 * only from the job hashes the consumers wrote, with the simulator's definitions
 * (sim/results/summary.ts): per image, total = finished_at - created_at (created_at is when the
 * zip consumer queued the child: the simulator's `enqueued`), queue_wait = total - total_time
 * (total_time runs from the pop), transfer = 2 x (download_time + upload_time), serving =
 * prediction_time, postprocess = postprocess_time; makespan = last zip finished_at - first zip
 * created_at. Costs and engine counters do not exist for a live run and are 0.
 */
import { quantilesAcross, type RunSummary } from '../results/summary.ts';
import { LATENCY_KINDS, type LatencyKind, type LatencySummary } from '../results/latency.ts';
import { quantileSummary, replicationStat } from '../results/statistics.ts';
import type { LiveRunResult } from './liveRun.ts';

export function liveMakespan(r: LiveRunResult): number {
  return Math.max(...r.records.zips.map((z) => z.finished)) - Math.min(...r.records.zips.map((z) => z.created));
}

/** Model-server busy fraction: compute seconds over the makespan (one server). */
export const liveBusyFraction = (r: LiveRunResult) => r.server.busy_s / liveMakespan(r);

type ImageOf = LiveRunResult['records']['images'][number];

/** Each latency kind of one image, with the simulator's definitions (see the header). */
const LIVE_LATENCY: Record<LatencyKind, (i: ImageOf) => number> = {
  total: (i) => i.finished - i.created,
  // the live image hashes do not name their zip, so the zip's own queue time is not known per image:
  // end_to_end is given as total (a lower bound); compare.ts compares total with total
  end_to_end: (i) => i.finished - i.created,
  queue_wait: (i) => i.finished - i.created - i.total,
  transfer: (i) => 2 * (i.download + i.upload),
  serving: (i) => i.prediction,
  postprocess: (i) => i.postprocess,
};

export function summarizeLive(name: string, runs: LiveRunResult[], meta?: Record<string, unknown>): RunSummary {
  const done = runs.flatMap((r) => r.records.images.filter((i) => i.status === 'done'));
  const col = (f: (i: (typeof done)[number]) => number) => Float64Array.from(done, f);
  const stat = (f: (r: LiveRunResult) => number) => replicationStat(runs.map(f));
  const zero = replicationStat(runs.map(() => 0));
  const wall = runs.reduce((s, r) => s + r.wallSeconds, 0);
  return {
    scenario: name,
    replications: runs.length,
    seeds: runs.map((_, k) => k),
    completed: true,
    images: {
      submitted: runs.reduce((s, r) => s + r.records.images.length, 0),
      completed: done.length,
      failed: runs.reduce((s, r) => s + r.records.images.filter((i) => i.status === 'failed').length, 0),
    },
    makespan_s: stat(liveMakespan),
    results_downloaded_s: stat((r) => r.client.lastDownloadAt - Math.min(...r.records.zips.map((z) => z.created))),
    throughput_images_per_s: stat((r) => r.records.images.filter((i) => i.status === 'done').length / liveMakespan(r)),
    window_s: stat(liveMakespan),
    latency_s: Object.fromEntries(
      LATENCY_KINDS.map((k) => [k, quantileSummary(col(LIVE_LATENCY[k]))]),
    ) as RunSummary['latency_s'],
    latency_s_across_replications: quantilesAcross(
      runs.map((r) => {
        const own = r.records.images.filter((i) => i.status === 'done');
        return Object.fromEntries(LATENCY_KINDS.map((k) => [k, quantileSummary(Float64Array.from(own, LIVE_LATENCY[k]))])) as LatencySummary;
      }),
    ),
    cost_usd: { total: zero, gpu_nodes: zero, cpu_nodes: zero, storage: zero, operations: zero, storage_egress: zero, egress: zero },
    gpu: { peak_nodes: stat(() => 1), mean_utilization: stat(liveBusyFraction) },
    retries: stat((r) => r.records.images.reduce((s, i) => s + i.retries, 0)),
    limited_by: [],
    warnings: [],
    engine: { events: 0, wall_s: wall, events_per_s: 0 },
    ...(meta ? { meta } : {}),
  };
}
