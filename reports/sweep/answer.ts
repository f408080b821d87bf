/**
 * What a sweep answers, before any chart: the grid point with the least makespan and the one with the least cost
 * (means over replications, among the points whose runs completed), each with its settings, its 95 % CIs and what
 * limited it; then the sweep table, one row per point with every swept setting as a column.
 */
import { fmt, type Table } from '../tables/table.ts';
import { usd } from '../answer/answer.ts';
import { settingLabel, type LoadedPoint, type LoadedSweep } from './load-sweep.ts';
import { latencyKind, timeUnit } from './panels.ts';

type StatLike = { mean: number | null; ci95?: [number | null, number | null] } | undefined;

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** "2.84 min" / "5.15 h": seconds in the unit timeUnit picks for `unitOf` (default: the value itself). */
export function duration(seconds: number, unitOf = seconds): string {
  const { unit, scale } = timeUnit(unitOf);
  return `${fmt(seconds / scale, 2)} ${unit}`;
}

/** "2.12 min (95% CI 0.79 to 3.46 min)": the mean and both ends in the mean's unit, so they compare at a glance. */
function withCi(s: StatLike, show: (x: number, unitOf: number) => string): string {
  if (!s || !finite(s.mean)) return '–';
  const ci = s.ci95;
  const m = s.mean;
  return ci && finite(ci[0]) && finite(ci[1]) && ci[1] > ci[0] ? `${show(m, m)} (95% CI ${show(ci[0], m)} to ${show(ci[1], m)})` : show(m, m);
}

export function limitedByText(p: LoadedPoint): string {
  const l = p.summary.limited_by;
  if (!l) return 'not recorded by this run';
  if (l.length === 0) return 'no limit rule fired';
  return l.map((x) => (x.detail ? `${x.cause} (${x.detail})` : x.cause)).join('; ');
}

const settingsText = (sweep: LoadedSweep, p: LoadedPoint) => sweep.axes.map((a) => `${a.path} = ${settingLabel(p.settings[a.path])}`).join(', ');

/** The completed point with the least mean of `value`; the first in grid order on a tie; null when none has one. */
export function bestPoint(points: readonly LoadedPoint[], value: (p: LoadedPoint) => number | null | undefined): LoadedPoint | null {
  let best: LoadedPoint | null = null;
  for (const p of points) {
    const v = value(p);
    if (p.summary.completed === false || !finite(v)) continue;
    if (best === null || v < value(best)!) best = p;
  }
  return best;
}

export const makespanOf = (p: LoadedPoint) => p.summary.makespan_s?.mean;
export const costOf = (p: LoadedPoint) => p.summary.cost_usd?.total?.mean;

export function sweepAnswerTable(sweep: LoadedSweep): Table {
  const fastest = bestPoint(sweep.points, makespanOf);
  const cheapest = bestPoint(sweep.points, costOf);
  const kind = latencyKind(sweep.points);
  const column = (p: LoadedPoint | null) => {
    if (!p) return ['no point completed', '–', '–', '–', '–', '–'];
    const s = p.summary;
    return [
      settingsText(sweep, p),
      withCi(s.makespan_s as StatLike, duration),
      withCi(s.cost_usd?.total as StatLike, usd),
      withCi(s.throughput_images_per_s as StatLike, (x) => `${fmt(x, 2)} images/s`),
      withCi(s.latency_s_across_replications?.[kind]?.p95 as StatLike, duration),
      limitedByText(p),
    ];
  };
  const a = column(fastest);
  const b = column(cheapest);
  const incomplete = sweep.points.filter((p) => p.summary.completed === false).length;
  const labels = ['settings', 'makespan', 'cost', 'throughput', kind === 'end_to_end' ? 'per-image end-to-end latency p95' : 'per-image latency p95', 'limited by'];
  return {
    title: `Best points of ${sweep.points.length} grid points x ${sweep.points[0]!.summary.replications} replications (the same seeds at every point)${incomplete ? `; ${incomplete} point${incomplete === 1 ? '' : 's'} did not complete and cannot be best` : ''}`,
    columns: ['', 'least makespan', 'least cost'],
    rows: labels.map((l, i) => [l, a[i]!, b[i]!]),
  };
}

/** One row per point: the swept settings, then its statistics (mean and 95 % CI), what limited it and its run directory. */
export function sweepPointsTable(sweep: LoadedSweep): Table {
  const kind = latencyKind(sweep.points);
  const keep = sweep.points.some((p) => p.runDir !== undefined);
  const columns = [
    ...sweep.axes.map((a) => a.path), 'replications', 'completed', 'makespan', 'cost', 'throughput',
    'latency p50', 'latency p95', 'GPU nodes (peak)', 'GPU utilisation', 'limited by', ...(keep ? ['run directory'] : []),
  ];
  const rows = sweep.points.map((p) => {
    const s = p.summary;
    const lat = s.latency_s_across_replications?.[kind];
    return [
      ...sweep.axes.map((a) => settingLabel(p.settings[a.path])),
      s.replications,
      s.completed === false ? `no: ${s.reason ?? 'did not complete'}` : 'yes',
      withCi(s.makespan_s as StatLike, duration),
      withCi(s.cost_usd?.total as StatLike, usd),
      withCi(s.throughput_images_per_s as StatLike, (x) => fmt(x, 2)),
      withCi(lat?.p50 as StatLike, duration),
      withCi(lat?.p95 as StatLike, duration),
      finite(s.gpu?.peak_nodes?.mean) ? fmt(s.gpu!.peak_nodes!.mean!, 1) : '–',
      finite(s.gpu?.mean_utilization?.mean) ? `${fmt(100 * s.gpu!.mean_utilization!.mean!, 0)}%` : '–',
      limitedByText(p),
      ...(keep ? [p.runDir ?? ''] : []),
    ];
  });
  return { title: `Sweep table: one row per grid point (latency: per-image ${kind === 'end_to_end' ? 'end-to-end' : 'image queue to result'}, each replication's quantile, mean and 95% CI across replications)`, columns, rows };
}
