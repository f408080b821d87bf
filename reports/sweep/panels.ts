/**
 * The numbers a sweep chart draws: one row per grid point and panel (makespan, cost, throughput, per-image latency
 * p50 and p95), each the point's mean over its replications with its 95 % confidence interval from the run summary.
 * Nothing is pooled: a row is exactly one point's statistic, and it carries the point's swept values as its x,
 * series and facet, so two points can never land on one mark.
 */
import { settingsLabel, type SweepEncodings } from './encodings.ts';
import { settingLabel, type LoadedPoint, type SweepSummary } from './load-sweep.ts';

export interface SweepRow {
  panel: string;
  /** Index of the grid point in sweep.json. */
  point: number;
  /** The point's x setting: its value (numeric axis) and its label (both kinds). */
  x_value: number | null;
  x_label: string;
  /** Where the mark sits on a numeric axis: x_value nudged sideways per series, so their CI bars do not overlap. */
  x_pos: number | null;
  series: string;
  facet: string;
  /** Every swept setting of the point, for tooltips. */
  settings: string;
  mean: number;
  lo: number | null;
  hi: number | null;
  replications: number;
  completed: boolean;
}

export interface Panel {
  id: string;
  title: string;
  /** The unit the rows of this panel are in, as the axis shows it. */
  unit: string;
}

type StatLike = { mean: number | null; ci95?: [number | null, number | null] | undefined } | undefined;

/** Which per-image latency the panels show: the client's view (zip submitted -> result stored) when recorded. */
export function latencyKind(points: readonly LoadedPoint[]): 'end_to_end' | 'total' {
  return points.every((p) => p.summary.latency_s_across_replications?.end_to_end ?? p.summary.latency_s?.end_to_end) ? 'end_to_end' : 'total';
}

function latencyStat(s: SweepSummary, kind: string, q: 'p50' | 'p95'): StatLike {
  // each replication's own quantile, as a Stat across replications (so it has a CI); else the pooled quantile
  const across = s.latency_s_across_replications?.[kind]?.[q];
  if (across) return across as StatLike;
  const pooled = s.latency_s?.[kind]?.[q];
  return typeof pooled === 'number' ? { mean: pooled } : undefined;
}

interface Metric { id: string; title: string; kind: 'time' | 'usd' | 'rate'; stat: (s: SweepSummary) => StatLike }

export function sweepMetrics(points: readonly LoadedPoint[]): Metric[] {
  const kind = latencyKind(points);
  const name = kind === 'end_to_end' ? 'end-to-end latency' : 'latency (image queue to result)';
  return [
    { id: 'makespan', title: 'Makespan', kind: 'time', stat: (s) => s.makespan_s as StatLike },
    { id: 'cost', title: 'Cost', kind: 'usd', stat: (s) => s.cost_usd?.total as StatLike },
    { id: 'throughput', title: 'Throughput', kind: 'rate', stat: (s) => s.throughput_images_per_s as StatLike },
    { id: 'latency_p50', title: `Per-image ${name}, p50`, kind: 'time', stat: (s) => latencyStat(s, kind, 'p50') },
    { id: 'latency_p95', title: `Per-image ${name}, p95`, kind: 'time', stat: (s) => latencyStat(s, kind, 'p95') },
  ];
}

/** Seconds shown in the unit that keeps the largest value between ~2 and ~120. */
export function timeUnit(maxSeconds: number): { unit: string; scale: number } {
  if (maxSeconds >= 2 * 3600) return { unit: 'h', scale: 3600 };
  if (maxSeconds >= 120) return { unit: 'min', scale: 60 };
  return { unit: 's', scale: 1 };
}

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** A CI worth drawing: both ends known and apart (one replication has none). */
function interval(s: StatLike): [number, number] | null {
  const ci = s?.ci95;
  return ci && finite(ci[0]) && finite(ci[1]) && ci[1] > ci[0] ? [ci[0], ci[1]] : null;
}

/** Sideways nudge per series on a numeric x axis: 1.5 % of the axis span between neighbouring series. */
function nudges(enc: SweepEncodings): Map<string, number> {
  const labels = enc.series?.labels ?? [''];
  const xs = enc.x.values.filter((v): v is number => typeof v === 'number');
  const span = xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : 0;
  const step = labels.length > 1 ? (0.015 * span) : 0;
  return new Map(labels.map((l, k) => [l, step * (k - (labels.length - 1) / 2)]));
}

export function sweepRows(points: readonly LoadedPoint[], enc: SweepEncodings): { panels: Panel[]; rows: SweepRow[] } {
  const allPaths = [enc.x.path, ...(enc.series ? [enc.series.path] : []), ...(enc.facets?.paths ?? [])];
  const shift = nudges(enc);
  const panels: Panel[] = [];
  const rows: SweepRow[] = [];
  for (const m of sweepMetrics(points)) {
    const stats = points.map((p) => m.stat(p.summary));
    const largest = Math.max(0, ...stats.map((s) => Math.max(s?.mean ?? 0, interval(s)?.[1] ?? 0)));
    const { unit, scale } = m.kind === 'time' ? timeUnit(largest) : m.kind === 'usd' ? { unit: 'USD', scale: 1 } : { unit: 'images/s', scale: 1 };
    panels.push({ id: m.id, title: m.title, unit });
    points.forEach((p, k) => {
      const s = stats[k];
      if (!finite(s?.mean)) return; // a point without the statistic (no image finished) has no mark; the table says so
      const xv = p.settings[enc.x.path];
      const series = enc.series ? settingLabel(p.settings[enc.series.path]) : '';
      const ci = interval(s);
      rows.push({
        panel: m.id, point: p.index,
        x_value: typeof xv === 'number' ? xv : null, x_label: settingLabel(xv),
        x_pos: enc.x.numeric ? (xv as number) + (shift.get(series) ?? 0) : null,
        series, facet: enc.facets ? settingsLabel(enc.facets.paths, p.settings) : '',
        settings: settingsLabel(allPaths, p.settings),
        mean: s!.mean! / scale, lo: ci ? ci[0] / scale : null, hi: ci ? ci[1] / scale : null,
        replications: p.summary.replications, completed: p.summary.completed !== false,
      });
    });
  }
  return { panels, rows };
}
