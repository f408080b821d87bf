import type { RunData } from '../run-dir/load-run.ts';
import { IMAGE_METRICS } from '../run-dir/images.ts';
import {
  costComponentsOf, formatCount, gpuMaxOf, imagesOf, makespanOf, totalCostOf, uploadLabelOf,
} from '../run-dir/derived.ts';
import type { ComparisonRow } from '../paper/comparison.ts';
import { pooledCost, pooledMakespan, type Grouping } from '../configs/group.ts';
import { showSetting } from '../configs/settings.ts';
import { fmt, type Table } from './table.ts';

const pm = (mean: number, sd: number, digits = 2) => (Number.isFinite(sd) && sd > 0 ? `${fmt(mean, digits)} ± ${fmt(sd, digits)}` : fmt(mean, digits));

/** The run at a glance: configuration, outcome, time and money. */
export function runSummaryTable(run: RunData): Table {
  const s = run.summary;
  const m = run.meta;
  const mk = makespanOf(run);
  const tp = s.throughput_images_per_s;
  const cost = totalCostOf(run);
  const parts = costComponentsOf(run);
  const retries = run.images?.replications.reduce((a, r) => a + r.retries, 0);
  const rows: [string, string][] = [
    ['Scenario', run.name],
    ['Era', m.era ?? '–'],
    ['Images per replication', formatCount(imagesOf(run))],
    ['GPU max', fmt(gpuMaxOf(run), 0)],
    ['Zones', fmt(m.zones, 0)],
    ['Preemptible', m.preemptible === undefined ? '–' : m.preemptible ? 'yes' : 'no'],
    ['Arrivals', uploadLabelOf(run) + (m.arrival ? ` (${m.arrival.kind})` : '')],
    ['Serving profile', `${m.profile ?? '–'}${m.gpu_images_per_s ? ` (${fmt(m.gpu_images_per_s)} images/s per GPU)` : ''}`],
    ['Replications', `${s.replications ?? '–'}${s.seeds ? ` (seeds ${s.seeds.join(', ')})` : ''}`],
    ['Completed', s.completed === false ? `no: ${s.reason ?? 'time limit'}` : 'yes'],
    ['Images completed / failed', s.images ? `${fmt(s.images.completed, 0)} / ${fmt(s.images.failed, 0)}` : '–'],
    ['Total processing time (min)', pm(mk.mean / 60, mk.sd / 60, 1)],
    ['Throughput (images/s)', tp ? pm(tp.mean, tp.sd) : '–'],
    ['Total cost (USD)', pm(cost.mean, cost.sd)],
    ['  data costs / GPU nodes / CPU nodes / network egress (USD)', [parts['Data costs'], parts['GPU node cost'], parts['CPU node cost'], parts['Network egress']].map((x) => fmt(x)).join(' / ')],
    ['Peak GPU nodes', s.gpu?.peak_nodes ? pm(s.gpu.peak_nodes.mean, s.gpu.peak_nodes.sd, 1) : '–'],
    ['Mean GPU utilisation', s.gpu?.mean_utilization ? pm(s.gpu.mean_utilization.mean, s.gpu.mean_utilization.sd) : '–'],
    ['Retries (all replications)', retries === undefined ? '–' : fmt(retries, 0)],
    ['Simulator', s.engine ? `${fmt(s.engine.events, 0)} events in ${fmt(s.engine.wall_s)} s` : '–'],
  ];
  return { title: `Run summary: ${run.name}`, columns: ['Quantity', 'Value'], rows };
}

const METRIC_LABEL: Record<(typeof IMAGE_METRICS)[number], string> = {
  transfer: 'Data transfer, 2 × (download + upload)',
  serving: 'TF-Serving response',
  postprocess: 'Post-processing',
  queue_wait: 'Queue wait',
  preprocess: 'Pre-processing',
  total: 'Total (queued to done)',
};

/** Per-image time quantiles in seconds, over all images of all replications (from images.csv). */
export function latencyTable(run: RunData): Table {
  const m = run.images?.metrics;
  const rows = m
    ? IMAGE_METRICS.map((k) => {
        const q = m[k].quantiles;
        return [METRIC_LABEL[k], q.count, q.mean, q.p50, q.p90, q.p95, q.p99, q.max];
      })
    : [];
  return { title: 'Per-image times (s)', columns: ['Time', 'images', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'], rows };
}

export function comparisonTable(rows: readonly ComparisonRow[], runName: string): Table {
  return {
    title: `Comparison with the paper: ${runName}`,
    columns: ['Paper cell', 'Quantity', 'Unit', 'Simulated', 'Paper', 'Ratio sim/paper', 'Verdict', 'Source'],
    rows: rows.map((r) => [r.cell, r.quantity, r.unit, r.sim, r.paper, r.ratio, r.verdict, r.source]),
  };
}

/**
 * One row per configuration: each setting that differs between the runs is its own column (named by its path),
 * then the pooled outcome and the run directories it pools.
 */
export function runsTable(grouping: Grouping): Table {
  const { configurations, differing } = grouping;
  return {
    title: configurations.length > 1 ? 'Configurations (every setting that differs between the runs is a column)' : 'Runs',
    columns: ['Configuration', ...differing, 'Run directories', 'Replications', 'Makespan (h)', 'sd (h)', 'Total cost (USD)', 'sd (USD)', 'Directories'],
    rows: configurations.map((c) => {
      const mk = pooledMakespan(c);
      const cost = pooledCost(c);
      return [
        c.label, ...differing.map((p) => showSetting(c.differing.get(p))), c.runs.length, mk.n, mk.mean / 3600, mk.sd / 3600, cost.mean, cost.sd,
        c.runs.map((r) => r.dir).join(' '),
      ];
    }),
  };
}
