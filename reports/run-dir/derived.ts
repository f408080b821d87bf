import type { RunData } from './load-run.ts';
import type { MeanSd } from '../aggregate/pool-stats.ts';
import { ZIP_BITS } from '../paper/known-numbers.ts';

/** Images per replication: meta.images, else submitted / replications. */
export function imagesOf(run: RunData): number {
  const s = run.summary;
  return run.meta.images ?? (s.images ? s.images.submitted / Math.max(1, s.replications || 1) : NaN);
}

export function gpuMaxOf(run: RunData): number {
  return run.meta.gpu_max ?? NaN;
}

/** Seconds between zips when arrivals are paced, else undefined. */
export function startDelayOf(run: RunData): number | undefined {
  const a = run.meta.arrival;
  return a && a.kind === 'paced' && typeof a.start_delay_s === 'number' ? a.start_delay_s : undefined;
}

/** Effective upload speed in bit/s: meta.upload_bps, else 150 MB per start delay for paced runs. */
export function uploadBpsOf(run: RunData): number {
  if (typeof run.meta.upload_bps === 'number') return run.meta.upload_bps;
  const d = startDelayOf(run);
  return d ? ZIP_BITS / d : NaN;
}

/** Makespan across replications (from summary.json, else from images.csv finish times). */
export function makespanOf(run: RunData): MeanSd {
  const m = run.summary.makespan_s;
  if (m && Number.isFinite(m.mean)) return { n: Math.max(1, run.summary.replications || 1), mean: m.mean, sd: m.sd ?? 0 };
  const reps = run.images?.replications ?? [];
  if (reps.length === 0) return { n: 0, mean: NaN, sd: NaN };
  const xs = reps.map((r) => r.last_finish_s);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { n: xs.length, mean, sd };
}

/** The four cost groups of Fig. 2c, mean USD per replication. */
export const COST_COMPONENTS = ['Data costs', 'GPU node cost', 'CPU node cost', 'Network egress'] as const;
export type CostComponent = (typeof COST_COMPONENTS)[number];

/** data = cost_usd.data, else storage + operations (+ storage_egress); network egress = egress. */
export function costComponentsOf(run: RunData): Record<CostComponent, number> {
  const c = run.summary.cost_usd ?? {};
  const mean = (k: keyof typeof c) => (c[k] && Number.isFinite(c[k]!.mean) ? c[k]!.mean : 0);
  const data = c.data ? mean('data') : mean('storage') + mean('operations') + mean('storage_egress');
  return { 'Data costs': data, 'GPU node cost': mean('gpu_nodes'), 'CPU node cost': mean('cpu_nodes'), 'Network egress': mean('egress') };
}

export function totalCostOf(run: RunData): MeanSd {
  const t = run.summary.cost_usd?.total;
  const n = Math.max(1, run.summary.replications || 1);
  if (t && Number.isFinite(t.mean)) return { n, mean: t.mean, sd: t.sd ?? 0 };
  const sum = Object.values(costComponentsOf(run)).reduce((a, b) => a + b, 0);
  return { n, mean: sum, sd: 0 };
}

/** 10000 -> "10k", 1e6 -> "1M", 2500 -> "2.5k". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '?';
  const units: [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [div, suffix] of units) if (Math.abs(n) >= div) return `${trim(n / div)}${suffix}`;
  return trim(n);
}

/** 2.4e9 -> "2.4 Gbps", 2.4e8 -> "240 Mbps". */
export function formatBps(bps: number): string {
  if (!Number.isFinite(bps)) return '? bps';
  const units: [number, string][] = [[1e9, 'Gbps'], [1e6, 'Mbps'], [1e3, 'kbps']];
  for (const [div, suffix] of units) if (bps >= div) return `${trim(bps / div)} ${suffix}`;
  return `${trim(bps)} bps`;
}

function trim(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** How the run's data arrives: "0.5 s/zip (2.4 Gbps)" for paced runs, else the upload speed. */
export function uploadLabelOf(run: RunData): string {
  const d = startDelayOf(run);
  const bps = uploadBpsOf(run);
  return d !== undefined ? `${trim(d)} s/zip (${formatBps(bps)})` : formatBps(bps);
}
