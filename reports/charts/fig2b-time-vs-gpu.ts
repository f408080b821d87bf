import type { TopLevelSpec } from 'vega-lite';
import { gpuMaxOfConfiguration, pooledMakespan, type Configuration } from '../configs/group.ts';
import { imagesOf, startDelayOf } from '../run-dir/derived.ts';
import { PAPER } from '../paper/known-numbers.ts';
import { PALETTE, THEME } from './theme.ts';

export interface Fig2bRow {
  /** The configuration's settings other than GPU max: one line per series. */
  series: string;
  /** The configuration's full label. */
  configuration: string;
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

/** A published number drawn beside the simulated lines: a point (GPU count known) or a band (GPU count unstated). */
export interface Fig2bReference {
  series: string;
  label: string;
  /** GPU max of a point; absent for a band across the series' GPU range. */
  gpu_max?: number;
  lo_minutes: number;
  hi_minutes: number;
  x0: number;
  x1: number;
}

/**
 * One point per configuration that has a GPU max and a makespan: its replications (from every run directory of
 * that configuration) pooled. Only replications of one configuration are ever pooled.
 */
export function fig2bData(configs: readonly Configuration[]): Fig2bRow[] {
  const rows: Fig2bRow[] = [];
  for (const c of configs) {
    const gpu = gpuMaxOfConfiguration(c);
    const pooled = pooledMakespan(c);
    if (!Number.isFinite(gpu) || !Number.isFinite(pooled.mean)) continue;
    const minutes = pooled.mean / 60;
    const sd = pooled.sd / 60;
    rows.push({
      series: c.series, configuration: c.label, images: imagesOf(c.runs[0]!), gpu_max: gpu, minutes, sd_minutes: sd,
      // A log axis cannot show zero or below: the lower end stops at 1 % of the mean.
      lo: Math.max(minutes - sd, minutes * 0.01), hi: minutes + sd, replications: pooled.n, runs: c.runs.length,
    });
  }
  return rows.sort((a, b) => a.images - b.images || a.series.localeCompare(b.series) || a.gpu_max - b.gpu_max);
}

/** True when some series has two or more GPU maxima: the only case where a line over GPU max says anything. */
export function fig2bHasLines(rows: readonly Fig2bRow[]): boolean {
  const bySeries = new Map<string, Set<number>>();
  for (const r of rows) bySeries.set(r.series, (bySeries.get(r.series) ?? new Set()).add(r.gpu_max));
  return [...bySeries.values()].some((s) => s.size >= 2);
}

const near = (a: number | undefined, b: number) => a !== undefined && Math.abs(a - b) <= 0.01 * b;

/**
 * The paper's makespans for the series that match its cells (known-numbers.ts): the headline 10^6-image cell as a
 * point at 8 GPUs, and the 2020 10k-image runs (60-75 min, GPU count unstated) as a band over the series' GPU range.
 */
export function fig2bReferences(configs: readonly Configuration[], rows: readonly Fig2bRow[]): Fig2bReference[] {
  const out: Fig2bReference[] = [];
  const seen = new Set<string>();
  const add = (ref: Fig2bReference) => {
    // One mark per published number: two series of the same cell share it.
    const key = `${ref.label}|${ref.gpu_max ?? ''}`;
    const prior = out.find((r) => `${r.label}|${r.gpu_max ?? ''}` === key);
    if (prior) {
      prior.x0 = Math.min(prior.x0, ref.x0);
      prior.x1 = Math.max(prior.x1, ref.x1);
      prior.series = `${prior.series}; ${ref.series}`;
    } else out.push(ref);
  };
  for (const c of configs) {
    if (seen.has(c.series)) continue;
    const r = c.runs[0]!;
    const era = r.meta.era;
    const images = imagesOf(r);
    const xs = rows.filter((x) => x.series === c.series).map((x) => x.gpu_max);
    if (xs.length === 0) continue;
    seen.add(c.series);
    const h = PAPER.headline;
    if (era === h.era && images === h.images && near(startDelayOf(r), h.startDelay_s)) {
      const m = h.makespan_h * 60;
      add({ series: c.series, label: `paper: ~${h.makespan_h} h (${h.gpuMax} GPUs, ${h.startDelay_s} s/zip)`, gpu_max: h.gpuMax, lo_minutes: m, hi_minutes: m, x0: h.gpuMax, x1: h.gpuMax });
    }
    const t = PAPER.tenK;
    if (era === t.era && images === t.images) {
      add({ series: c.series, label: `paper: ${t.makespan_min[0]}–${t.makespan_min[1]} min for 10k images (GPU count unstated)`, lo_minutes: t.makespan_min[0], hi_minutes: t.makespan_min[1], x0: Math.min(...xs), x1: Math.max(...xs) });
    }
  }
  return out;
}

/** Fig. 2b: total processing time vs GPU max, one line per series (the settings other than GPU max), log time axis. */
export function fig2bSpec(rows: readonly Fig2bRow[], refs: readonly Fig2bReference[] = []): TopLevelSpec {
  const gpus = [...new Set([...rows.map((r) => r.gpu_max), ...refs.flatMap((r) => (r.gpu_max ? [r.gpu_max] : []))])].sort((a, b) => a - b);
  const series = [...new Set(rows.map((r) => r.series))];
  const x = { field: 'gpu_max', type: 'quantitative' as const, title: 'GPU max (nodes)', axis: { values: gpus, format: 'd' }, scale: { zero: false, padding: 16 } };
  const yTitle = 'Total processing time (min, log scale)';
  const color = { field: 'series', type: 'nominal' as const, title: 'Series', scale: { domain: series, range: PALETTE }, sort: series, legend: { orient: 'bottom' as const, direction: 'vertical' as const } };
  const bands = refs.filter((r) => r.gpu_max === undefined);
  const points = refs.filter((r) => r.gpu_max !== undefined);
  const refLayers = [
    ...(bands.length ? [
      { data: { values: bands }, mark: { type: 'rect' as const, color: '#000', opacity: 0.08 }, encoding: { x: { field: 'x0', type: 'quantitative' as const }, x2: { field: 'x1' }, y: { field: 'lo_minutes', type: 'quantitative' as const }, y2: { field: 'hi_minutes' } } },
      { data: { values: bands }, mark: { type: 'text' as const, align: 'left' as const, baseline: 'bottom' as const, dy: -2, fontSize: 10, color: '#444' }, encoding: { x: { field: 'x0', type: 'quantitative' as const }, y: { field: 'hi_minutes', type: 'quantitative' as const }, text: { field: 'label' } } },
    ] : []),
    ...(points.length ? [
      { data: { values: points }, mark: { type: 'point' as const, shape: 'cross', size: 160, strokeWidth: 2.5, color: '#222' }, encoding: { x: { field: 'gpu_max', type: 'quantitative' as const }, y: { field: 'lo_minutes', type: 'quantitative' as const } } },
      { data: { values: points }, mark: { type: 'text' as const, align: 'right' as const, dx: -10, fontSize: 10, color: '#222' }, encoding: { x: { field: 'gpu_max', type: 'quantitative' as const }, y: { field: 'lo_minutes', type: 'quantitative' as const }, text: { field: 'label' } } },
    ] : []),
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: {
      text: 'Total processing time vs GPU max (Fig. 2b)',
      subtitle: `Mean over replications of one configuration; error bars: ± 1 standard deviation${refs.length ? '; black cross / grey band: the paper’s numbers' : ''}`,
    },
    width: 520,
    height: 320,
    layer: [
      ...refLayers,
      { data: { values: rows }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: { field: 'minutes', type: 'quantitative', scale: { type: 'log' }, title: yTitle }, color } },
      { data: { values: rows }, mark: { type: 'errorbar', ticks: { size: 10 }, thickness: 1.5 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' }, color } },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x,
          y: { field: 'minutes', type: 'quantitative' },
          color,
          tooltip: [
            { field: 'configuration' }, { field: 'gpu_max', title: 'GPU max' }, { field: 'minutes', format: '.1f', title: 'minutes' },
            { field: 'sd_minutes', format: '.2f', title: 'sd (min)' }, { field: 'replications' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
