/**
 * Live against simulated: relative errors sim/live - 1 of the headline figures, and the table the
 * README shows. Targets (issue 17): makespan within 5 %, every p50 / p95 within 10 %. Beside each
 * error, the live runs' own spread (coefficient of variation across the runs): the same kiosk on a
 * shared host does not repeat itself, and an error smaller than that spread cannot be told from it.
 *
 * A quantile is compared as a run's own quantile averaged over the runs (live: the live runs'; simulated:
 * every simulation's, each live run's calibration simulated alike), like the makespan, which is a mean
 * over runs too. The quantile of all runs' images pooled is shown beside it but not judged: past capacity
 * the runs' host speeds differ, and a pooled p95 is then the slowest run's tail. For set B's over point
 * (`calibrate/livePoolCheck.ts sim/live/validation/over 3 20`: an exact model, one simulated realisation
 * per calibration standing in for each live run) a pooled p95 still misses by 12-13 % (sd) with 6 runs,
 * the mean of the runs' p95 by 6.4-8.0 % with a bias under 1.1 %.
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
  /** For a quantile: the quantile of all images pooled (live and simulated), with its error; shown, not judged. */
  pooled?: { live: number; simulated: number; rel: number | null };
}

type StatLike = { mean: number; sd: number };
const cvOf = (s: StatLike | undefined, runs: number): number | null =>
  s && runs > 1 && s.mean !== 0 && Number.isFinite(s.sd) ? s.sd / Math.abs(s.mean) : null;
const relOf = (l: number, s: number): number | null => (l !== 0 && Number.isFinite(l) ? s / l - 1 : null);

type Kind = 'serving' | 'queue_wait' | 'total';
type Q = 'p50' | 'p95';

export function metrics(live: RunSummary, sim: RunSummary): Metric[] {
  const m = (name: string, f: (s: RunSummary) => number, target: number | null, spread: (s: RunSummary) => StatLike | undefined): Metric => {
    const l = f(live);
    const s = f(sim);
    return { name, live: l, simulated: s, rel: relOf(l, s), target, liveCv: cvOf(spread(live), live.replications) };
  };
  // a run's own quantile, averaged over the runs (the pooled one where a summary has no per-run figures)
  const q = (name: string, kind: Kind, p: Q): Metric => {
    const own = (s: RunSummary) => s.latency_s_across_replications?.[kind]?.[p];
    const metric = m(name, (s) => own(s)?.mean ?? s.latency_s[kind][p], 0.1, own);
    const pl = live.latency_s[kind][p];
    const ps = sim.latency_s[kind][p];
    return { ...metric, pooled: { live: pl, simulated: ps, rel: relOf(pl, ps) } };
  };
  return [
    m('makespan', (s) => s.makespan_s.mean, 0.05, (s) => s.makespan_s),
    m('throughput', (s) => s.throughput_images_per_s.mean, null, (s) => s.throughput_images_per_s),
    q('serving_p50', 'serving', 'p50'),
    q('serving_p95', 'serving', 'p95'),
    q('queue_wait_p50', 'queue_wait', 'p50'),
    q('queue_wait_p95', 'queue_wait', 'p95'),
    q('end_to_end_p50', 'total', 'p50'),
    q('end_to_end_p95', 'total', 'p95'),
    m('busy_fraction', (s) => s.gpu.mean_utilization.mean, null, (s) => s.gpu.mean_utilization),
    m('retries', (s) => s.retries.mean, null, (s) => s.retries),
  ];
}

export const errorObject = (ms: readonly Metric[]) => Object.fromEntries(ms.map((x) => [x.name, x.rel]));

/** The quantiles' errors with every image pooled (shown, not judged), as the comparison JSON's `error_pooled`. */
export const pooledErrorObject = (ms: readonly Metric[]) => Object.fromEntries(ms.flatMap((x) => (x.pooled ? [[x.name, x.pooled.rel]] : [])));

/** The live runs' spread (CV) per metric, as the comparison JSON's `live_cv`. */
export const liveSpreadObject = (ms: readonly Metric[]) => Object.fromEntries(ms.map((x) => [x.name, x.liveCv]));

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

const pct = (rel: number | null, abs: number) => (rel === null ? `${fmt(abs)} abs` : `${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(1)} %`);

/** Markdown table: metric | live | live CV | simulated | error | target | pooled images' error. */
export function errorTable(ms: readonly Metric[]): string {
  const rows = ms.map((x) => {
    const target = x.target === null ? '' : x.rel !== null && Math.abs(x.rel) <= x.target ? `<= ${x.target * 100} % ok` : `<= ${x.target * 100} % MISSED`;
    const cv = x.liveCv === null ? '' : `${(x.liveCv * 100).toFixed(1)} %`;
    const pooled = x.pooled ? `${fmt(x.pooled.live)} / ${fmt(x.pooled.simulated)} (${pct(x.pooled.rel, x.pooled.simulated - x.pooled.live)})` : '';
    return `| ${x.name} | ${fmt(x.live)} | ${cv} | ${fmt(x.simulated)} | ${pct(x.rel, x.simulated - x.live)} | ${target} | ${pooled} |`;
  });
  return [
    '| metric (a quantile: a run\'s own, mean over runs) | live | live CV (runs) | simulated | error (sim/live - 1) | target | all images pooled: live / sim (error), not judged |',
    '|---|---:|---:|---:|---:|---|---:|',
    ...rows,
  ].join('\n');
}

/**
 * Each live run against the simulations calibrated on that run alone: the host's load differs
 * from run to run, and this says whether the simulator follows a run's own conditions (a pooled
 * error can hide a good fit of every run behind the runs' spread, or the reverse).
 */
export function perRunTable(runs: ReadonlyArray<{ live: RunSummary; simulated: RunSummary }>): string {
  const pick = ['makespan', 'end_to_end_p50', 'end_to_end_p95', 'retries'];
  const cell = (x: Metric) => `${fmt(x.live)} / ${fmt(x.simulated)} (${pct(x.rel, x.simulated - x.live)})`;
  const rows = runs.map((r, k) => {
    const byName = new Map(metrics(r.live, r.simulated).map((x) => [x.name, x]));
    return `| ${k + 1} | ${pick.map((n) => cell(byName.get(n)!)).join(' | ')} |`;
  });
  return [`| run | ${pick.map((n) => `${n}: live / sim (error)`).join(' | ')} |`, `|---|${pick.map(() => '---:').join('|')}|`, ...rows].join('\n');
}
