/**
 * `--fail-if 'makespan>4h'`: a pass/fail threshold on a run's summary, in the spirit of k6's thresholds. A
 * crossed threshold makes `run` exit 3 (after writing its results) with a line saying which, and by how much.
 * The value takes the metric's unit (sim/scenario/units.ts): makespan and latencies are durations, cost is US
 * dollars, throughput images per second. Each metric is compared on its mean over replications (latency
 * quantiles are over all images of all replications).
 */
import { parseQuantity, formatSeconds, type UnitKind } from '../scenario/units.ts';
import type { RunSummary } from '../results/summary.ts';
import { UserError } from './errors.ts';

type Kind = UnitKind | 'usd' | 'count';

interface Metric {
  kind: Kind;
  describe: string;
  value(s: RunSummary): number;
}

const LATENCY_PARTS = ['total', 'queue_wait', 'transfer', 'serving', 'postprocess'] as const;
const QUANTILES = ['mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const;

function latencyMetrics(): Record<string, Metric> {
  const out: Record<string, Metric> = {};
  for (const part of LATENCY_PARTS) {
    for (const q of QUANTILES) {
      const metric: Metric = { kind: 'duration', describe: `${q} ${part.replace('_', ' ')} latency per image`, value: (s) => s.latency_s[part][q] };
      // "p95 latency" is the total per-image latency; "p95 queue_wait" a part of it
      if (part === 'total') out[`${q} latency`] = out[`latency ${q}`] = metric;
      out[`${q} ${part}`] = out[`${part} ${q}`] = metric;
    }
  }
  return out;
}

/** The metrics a threshold may name (lower case, words separated by one space or "_"). */
export const METRICS: Record<string, Metric> = {
  makespan: { kind: 'duration', describe: 'makespan (mean over replications)', value: (s) => s.makespan_s.mean },
  results_downloaded: { kind: 'duration', describe: 'time until the last result was downloaded (mean)', value: (s) => s.results_downloaded_s.mean },
  cost: { kind: 'usd', describe: 'total cost in US dollars (mean)', value: (s) => s.cost_usd.total.mean },
  throughput: { kind: 'rate', describe: 'throughput in images per second (mean)', value: (s) => s.throughput_images_per_s.mean },
  failed: { kind: 'count', describe: 'images that failed (all replications)', value: (s) => s.images.failed },
  retries: { kind: 'count', describe: 'retries (mean)', value: (s) => s.retries.mean },
  gpu_nodes: { kind: 'count', describe: 'peak GPU nodes (mean)', value: (s) => s.gpu.peak_nodes.mean },
  gpu_utilization: { kind: 'count', describe: 'mean GPU utilisation, 0..1', value: (s) => s.gpu.mean_utilization.mean },
  ...latencyMetrics(),
};

const OPS = ['<=', '>=', '<', '>', '=='] as const;
type Op = (typeof OPS)[number];

export interface Threshold {
  text: string;
  metric: string;
  op: Op;
  limit: number;
}

const normalName = (s: string) => s.trim().toLowerCase().replace(/[\s_]+/g, ' ');
const METRIC_BY_NAME = new Map(Object.keys(METRICS).map((k) => [normalName(k), k]));

const EXPECTED_VALUE: Record<Kind, string> = {
  duration: 'a duration such as "4h", "90m" or "30s"',
  rate: 'a rate such as 50 or "50/s" or "3000/min" (images per second)',
  usd: 'a US-dollar amount such as 100 or "$100"',
  count: 'a number',
  size: 'a size', bandwidth: 'a bandwidth', cpu: 'a CPU quantity',
};

function parseLimit(raw: string, kind: Kind): number | null {
  if (kind === 'usd' || kind === 'count') {
    const t = kind === 'usd' ? raw.replace(/^\$/, '') : raw;
    return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : null;
  }
  const r = parseQuantity(raw, kind);
  return r.ok ? r.value : null;
}

/** Parses one --fail-if expression: METRIC OP VALUE. */
export function parseThreshold(text: string): Threshold {
  const where = `--fail-if ${JSON.stringify(text)}`;
  const m = /^\s*([a-z0-9_ ]+?)\s*(<=|>=|==|<|>)\s*(\S+)\s*$/i.exec(text);
  if (!m) throw new UserError(`${where}: expected METRIC OP VALUE, e.g. 'makespan>4h', 'cost>100' or 'throughput<50' (OP one of ${OPS.join(' ')})`);
  const metric = METRIC_BY_NAME.get(normalName(m[1]!));
  if (!metric) {
    throw new UserError(`${where}: unknown metric ${JSON.stringify(m[1])}; expected one of makespan, results_downloaded, cost, throughput, failed, retries, gpu_nodes, gpu_utilization, or a latency such as "p95 latency", "p99 queue_wait", "mean serving"`);
  }
  const kind = METRICS[metric]!.kind;
  const limit = parseLimit(m[3]!, kind);
  if (limit === null) throw new UserError(`${where}: ${metric} takes ${EXPECTED_VALUE[kind]}, found ${JSON.stringify(m[3])}`);
  return { text: text.trim(), metric, op: m[2] as Op, limit };
}

function show(x: number, kind: Kind): string {
  if (!Number.isFinite(x)) return String(x);
  if (kind === 'duration') return formatSeconds(x);
  if (kind === 'usd') return `$${x.toFixed(2)}`;
  if (kind === 'rate') return `${+x.toPrecision(4)} images/s`;
  return String(+x.toPrecision(6));
}

const crosses = (v: number, op: Op, limit: number) =>
  op === '>' ? v > limit : op === '>=' ? v >= limit : op === '<' ? v < limit : op === '<=' ? v <= limit : v === limit;

/** The crossed thresholds of a summary, one line each ("--fail-if 'makespan>4h': makespan 5.2 h > 4 h by 1.2 h (30%)"). */
export function crossedThresholds(summary: RunSummary, thresholds: readonly Threshold[]): string[] {
  const lines: string[] = [];
  for (const t of thresholds) {
    const metric = METRICS[t.metric]!;
    const v = metric.value(summary);
    // a metric without a value (no image finished: no latency) cannot be shown to be within bounds
    if (!Number.isFinite(v)) {
      lines.push(`${summary.scenario}: threshold '${t.text}' crossed: ${t.metric} has no value (${String(v)}), so it cannot be shown to hold`);
      continue;
    }
    if (!crosses(v, t.op, t.limit)) continue;
    const by = Math.abs(v - t.limit);
    const pct = t.limit !== 0 ? ` (${+((100 * by) / Math.abs(t.limit)).toPrecision(3)}%)` : '';
    lines.push(`${summary.scenario}: threshold '${t.text}' crossed: ${t.metric} = ${show(v, metric.kind)} ${t.op} ${show(t.limit, metric.kind)}, by ${show(by, metric.kind)}${pct}`);
  }
  return lines;
}
