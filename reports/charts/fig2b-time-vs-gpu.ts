import type { TopLevelSpec } from 'vega-lite';
import type { RunData } from '../run-dir/load-run.ts';
import { gpuMaxOf, imagesOf, makespanOf, seriesLabelOf } from '../run-dir/derived.ts';
import { poolMeanSd } from '../aggregate/pool-stats.ts';
import { PALETTE, THEME } from './theme.ts';

export interface Fig2bRow {
  series: string;
  images: number;
  gpu_max: number;
  /** Mean makespan, minutes. */
  minutes: number;
  /** Standard deviation over replications, minutes. */
  sd_minutes: number;
  /** Error bar ends, minutes (lower end clamped above zero for the log axis). */
  lo: number;
  hi: number;
  replications: number;
  runs: number;
}

/**
 * One point per (series, GPU max): runs of the same series and GPU max are pooled as one set of replications.
 * Runs without a GPU max or a makespan are left out.
 */
export function fig2bData(runs: readonly RunData[]): Fig2bRow[] {
  const groups = new Map<string, RunData[]>();
  for (const r of runs) {
    if (!Number.isFinite(gpuMaxOf(r)) || !Number.isFinite(makespanOf(r).mean)) continue;
    const key = `${seriesLabelOf(r)}|${gpuMaxOf(r)}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows: Fig2bRow[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const pooled = poolMeanSd(group.map(makespanOf));
    const minutes = pooled.mean / 60;
    const sd = pooled.sd / 60;
    rows.push({
      series: seriesLabelOf(first),
      images: imagesOf(first),
      gpu_max: gpuMaxOf(first),
      minutes,
      sd_minutes: sd,
      // A log axis cannot show zero or below: the lower end stops at 1 % of the mean.
      lo: Math.max(minutes - sd, minutes * 0.01),
      hi: minutes + sd,
      replications: pooled.n,
      runs: group.length,
    });
  }
  return rows.sort((a, b) => a.images - b.images || a.series.localeCompare(b.series) || a.gpu_max - b.gpu_max);
}

/** Fig. 2b: total processing time vs GPU max, one line per dataset size and upload speed, log time axis. */
export function fig2bSpec(rows: readonly Fig2bRow[]): TopLevelSpec {
  const gpus = [...new Set(rows.map((r) => r.gpu_max))].sort((a, b) => a - b);
  const series = [...new Set(rows.map((r) => r.series))];
  const x = { field: 'gpu_max', type: 'quantitative' as const, title: 'GPU max (nodes)', axis: { values: gpus, format: 'd' }, scale: { zero: false, padding: 16 } };
  const color = { field: 'series', type: 'nominal' as const, title: 'Dataset · upload', scale: { domain: series, range: PALETTE }, sort: series };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: { text: 'Total processing time vs GPU max (Fig. 2b)', subtitle: 'Mean over replications; error bars: ± 1 standard deviation' },
    width: 460,
    height: 300,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: { field: 'minutes', type: 'quantitative', scale: { type: 'log' }, title: 'Total processing time (min, log scale)' }, color } },
      { mark: { type: 'errorbar', ticks: { size: 10 }, thickness: 1.5 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'Total processing time (min, log scale)' }, y2: { field: 'hi' }, color } },
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x,
          y: { field: 'minutes', type: 'quantitative' },
          color,
          tooltip: [
            { field: 'series' }, { field: 'gpu_max', title: 'GPU max' }, { field: 'minutes', format: '.1f', title: 'minutes' },
            { field: 'sd_minutes', format: '.2f', title: 'sd (min)' }, { field: 'replications' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
