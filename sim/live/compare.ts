/**
 * Live against simulated: relative errors sim/live - 1 of the headline figures, and the table the
 * README shows. Targets (issue 17): makespan within 5 %, every p50 / p95 within 10 %. Beside each
 * error, the live runs' own spread (coefficient of variation across the runs): the same kiosk on a
 * shared host does not repeat itself, and an error smaller than that spread cannot be told from it.
 */
import type { RunSummary } from '../results/summary.ts';

export interface Metric {
  name: string;
  live: number;
  simulated: number;
  /** sim/live - 1; null when the live value is 0 (then the absolute difference is what counts). */
  rel: number | null;
  /** |rel| the issue asks for, or null where it sets none. */
  target: number | null;
  /** The live runs' coefficient of variation (sd / mean across runs); null with one run or a zero mean. */
  liveCv: number | null;
}

type StatLike = { mean: number; sd: number };
const cvOf = (s: StatLike | undefined, runs: number): number | null =>
  s && runs > 1 && s.mean !== 0 && Number.isFinite(s.sd) ? s.sd / Math.abs(s.mean) : null;

export function metrics(live: RunSummary, sim: RunSummary): Metric[] {
  // `spread` picks the per-run Stat of the same figure (a pooled quantile's spread: the runs' own quantiles)
  const m = (name: string, f: (s: RunSummary) => number, target: number | null, spread: (s: RunSummary) => StatLike | undefined): Metric => {
    const l = f(live);
    const s = f(sim);
    return { name, live: l, simulated: s, rel: l !== 0 && Number.isFinite(l) ? s / l - 1 : null, target, liveCv: cvOf(spread(live), live.replications) };
  };
  const across = (s: RunSummary) => s.latency_s_across_replications;
  return [
    m('makespan', (s) => s.makespan_s.mean, 0.05, (s) => s.makespan_s),
    m('throughput', (s) => s.throughput_images_per_s.mean, null, (s) => s.throughput_images_per_s),
    m('serving_p50', (s) => s.latency_s.serving.p50, 0.1, (s) => across(s)?.serving.p50),
    m('serving_p95', (s) => s.latency_s.serving.p95, 0.1, (s) => across(s)?.serving.p95),
    m('queue_wait_p50', (s) => s.latency_s.queue_wait.p50, 0.1, (s) => across(s)?.queue_wait.p50),
    m('queue_wait_p95', (s) => s.latency_s.queue_wait.p95, 0.1, (s) => across(s)?.queue_wait.p95),
    m('end_to_end_p50', (s) => s.latency_s.total.p50, 0.1, (s) => across(s)?.total.p50),
    m('end_to_end_p95', (s) => s.latency_s.total.p95, 0.1, (s) => across(s)?.total.p95),
    m('busy_fraction', (s) => s.gpu.mean_utilization.mean, null, (s) => s.gpu.mean_utilization),
    m('retries', (s) => s.retries.mean, null, (s) => s.retries),
  ];
}

export const errorObject = (ms: readonly Metric[]) => Object.fromEntries(ms.map((x) => [x.name, x.rel]));

/** The live runs' spread (CV) per metric, as the comparison JSON's `live_cv`. */
export const liveSpreadObject = (ms: readonly Metric[]) => Object.fromEntries(ms.map((x) => [x.name, x.liveCv]));

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

/** Markdown table: metric | live | live CV | simulated | error | target. */
export function errorTable(ms: readonly Metric[]): string {
  const rows = ms.map((x) => {
    const err = x.rel === null ? `${fmt(x.simulated - x.live)} (abs)` : `${x.rel >= 0 ? '+' : ''}${(x.rel * 100).toFixed(1)} %`;
    const target = x.target === null ? '' : x.rel !== null && Math.abs(x.rel) <= x.target ? `<= ${x.target * 100} % ok` : `<= ${x.target * 100} % MISSED`;
    const cv = x.liveCv === null ? '' : `${(x.liveCv * 100).toFixed(1)} %`;
    return `| ${x.name} | ${fmt(x.live)} | ${cv} | ${fmt(x.simulated)} | ${err} | ${target} |`;
  });
  return ['| metric | live | live CV (runs) | simulated | error (sim/live - 1) | target |', '|---|---:|---:|---:|---:|---|', ...rows].join('\n');
}

/**
 * Each live run against the simulations calibrated on that run alone: the host's load differs
 * from run to run, and this says whether the simulator follows a run's own conditions (a pooled
 * error can hide a good fit of every run behind the runs' spread, or the reverse).
 */
export function perRunTable(runs: ReadonlyArray<{ live: RunSummary; simulated: RunSummary }>): string {
  const pick = ['makespan', 'end_to_end_p50', 'end_to_end_p95', 'retries'];
  const cell = (x: Metric) => `${fmt(x.live)} / ${fmt(x.simulated)} (${x.rel === null ? `${fmt(x.simulated - x.live)} abs` : `${x.rel >= 0 ? '+' : ''}${(x.rel * 100).toFixed(1)} %`})`;
  const rows = runs.map((r, k) => {
    const byName = new Map(metrics(r.live, r.simulated).map((x) => [x.name, x]));
    return `| ${k + 1} | ${pick.map((n) => cell(byName.get(n)!)).join(' | ')} |`;
  });
  return [`| run | ${pick.map((n) => `${n}: live / sim (error)`).join(' | ')} |`, `|---|${pick.map(() => '---:').join('|')}|`, ...rows].join('\n');
}
