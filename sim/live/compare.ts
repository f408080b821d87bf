/**
 * Live against simulated: relative errors sim/live - 1 of the headline figures, and the table the
 * README shows. Targets (issue 17): makespan within 5 %, every p50 / p95 within 10 %.
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
}

export function metrics(live: RunSummary, sim: RunSummary): Metric[] {
  const m = (name: string, f: (s: RunSummary) => number, target: number | null): Metric => {
    const l = f(live);
    const s = f(sim);
    return { name, live: l, simulated: s, rel: l !== 0 && Number.isFinite(l) ? s / l - 1 : null, target };
  };
  return [
    m('makespan', (s) => s.makespan_s.mean, 0.05),
    m('throughput', (s) => s.throughput_images_per_s.mean, null),
    m('serving_p50', (s) => s.latency_s.serving.p50, 0.1),
    m('serving_p95', (s) => s.latency_s.serving.p95, 0.1),
    m('queue_wait_p50', (s) => s.latency_s.queue_wait.p50, 0.1),
    m('queue_wait_p95', (s) => s.latency_s.queue_wait.p95, 0.1),
    m('end_to_end_p50', (s) => s.latency_s.total.p50, 0.1),
    m('end_to_end_p95', (s) => s.latency_s.total.p95, 0.1),
    m('busy_fraction', (s) => s.gpu.mean_utilization.mean, null),
    m('retries', (s) => s.retries.mean, null),
  ];
}

export const errorObject = (ms: readonly Metric[]) => Object.fromEntries(ms.map((x) => [x.name, x.rel]));

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

/** Markdown table: metric | live | simulated | error | target. */
export function errorTable(ms: readonly Metric[]): string {
  const rows = ms.map((x) => {
    const err = x.rel === null ? `${fmt(x.simulated - x.live)} (abs)` : `${x.rel >= 0 ? '+' : ''}${(x.rel * 100).toFixed(1)} %`;
    const target = x.target === null ? '' : x.rel !== null && Math.abs(x.rel) <= x.target ? `<= ${x.target * 100} % ok` : `<= ${x.target * 100} % MISSED`;
    return `| ${x.name} | ${fmt(x.live)} | ${fmt(x.simulated)} | ${err} | ${target} |`;
  });
  return ['| metric | live | simulated | error (sim/live - 1) | target |', '|---|---:|---:|---:|---|', ...rows].join('\n');
}
