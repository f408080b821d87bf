import type { TopLevelSpec } from 'vega-lite';
import { PALETTE, THEME } from './theme.ts';

/**
 * Fig. 2a's "oscillations with a period of ~20 s": periodic structure along the time axis of the
 * serving-response histogram. A client whose call misses the 20 s deadline sleeps 3 s and sends it
 * again, so each miss shifts an image's serving time by ~23 s; misses would make the histogram a comb
 * with that spacing. The autocorrelation of the histogram's counts shows a comb as peaks at its spacing.
 */

export interface ServingHistogram {
  bin_s: number;
  /** Images per bin, all images; bin k covers [k bin_s, (k + 1) bin_s). */
  all: number[];
  /** Images per bin whose calls were re-sent at least once. */
  retried: number[];
}

/** Counts serving times (seconds) below `max_s` into bins of `bin_s`; NaN (not finished) is skipped. */
export function servingHistogram(serving: ArrayLike<number>, retries: ArrayLike<number>, bin_s: number, max_s: number): ServingHistogram {
  const n = Math.ceil(max_s / bin_s);
  const all = new Array<number>(n).fill(0);
  const retried = new Array<number>(n).fill(0);
  for (let i = 0; i < serving.length; i++) {
    const s = serving[i]!;
    if (!(s >= 0) || s >= max_s) continue;
    const k = Math.floor(s / bin_s);
    all[k]!++;
    if (retries[i]! > 0) retried[k]!++;
  }
  return { bin_s, all, retried };
}

/** Sample autocorrelation of a series at lags 0..maxLag (lag 0 = 1; all zeros for a constant series). */
export function autocorrelation(x: readonly number[], maxLag: number): number[] {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  let variance = 0;
  for (const v of x) variance += (v - mean) ** 2;
  const out: number[] = [];
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += (x[i]! - mean) * (x[i + lag]! - mean);
    out.push(variance > 0 ? s / variance : 0);
  }
  return out;
}

/** The largest local maximum of `acf` at lags [from, to] (bins), or null when it has none there. */
export function acfPeak(acf: readonly number[], from: number, to: number): { lag: number; value: number } | null {
  let best: { lag: number; value: number } | null = null;
  for (let k = Math.max(1, from); k <= Math.min(to, acf.length - 2); k++) {
    const v = acf[k]!;
    if (v > acf[k - 1]! && v >= acf[k + 1]! && (best === null || v > best.value)) best = { lag: k, value: v };
  }
  return best;
}

export interface PeriodicityPanel {
  label: string;
  histogram: ServingHistogram;
}

/** Histograms (top) and their autocorrelations (bottom), one colour per run; rules at the 3 s backoff and deadline + backoff. */
export function fig2aPeriodicitySpec(panels: readonly PeriodicityPanel[], deadline_s: number, backoff_s: number, maxLag_s = 40): TopLevelSpec {
  const hist = panels.flatMap((p) =>
    p.histogram.all.map((count, k) => ({ run: p.label, start: k * p.histogram.bin_s, end: (k + 1) * p.histogram.bin_s, count, retried: p.histogram.retried[k]! })),
  );
  const acf = panels.flatMap((p) => {
    const lags = Math.floor(maxLag_s / p.histogram.bin_s);
    return autocorrelation(p.histogram.all, lags).map((r, k) => ({ run: p.label, lag: k * p.histogram.bin_s, r }));
  });
  const rules = [
    { x: backoff_s, label: `retry backoff ${backoff_s} s` },
    { x: deadline_s + backoff_s, label: `deadline + backoff ${deadline_s + backoff_s} s` },
  ];
  const color = { field: 'run', type: 'nominal' as const, title: null, scale: { range: PALETTE.slice(0, panels.length) } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: { text: 'Fig. 2a: is the serving-response histogram periodic?', subtitle: 'Top: images per 1 s of serving time. Bottom: autocorrelation of those counts; a comb of spacing P shows as a peak at lag P.' },
    vconcat: [
      {
        width: 560,
        height: 200,
        data: { values: hist },
        mark: { type: 'line' as const, interpolate: 'step-after' as const },
        encoding: {
          x: { field: 'start', type: 'quantitative' as const, title: 'Serving response time (s)' },
          y: { field: 'count', type: 'quantitative' as const, title: 'Images' },
          color,
        },
      },
      {
        width: 560,
        height: 160,
        layer: [
          {
            data: { values: acf },
            mark: { type: 'line' as const, point: true },
            encoding: {
              x: { field: 'lag', type: 'quantitative' as const, title: 'Lag (s of serving time)' },
              y: { field: 'r', type: 'quantitative' as const, title: 'Autocorrelation' },
              color,
            },
          },
          { data: { values: rules }, mark: { type: 'rule' as const, color: '#333', strokeDash: [4, 3] }, encoding: { x: { field: 'x', type: 'quantitative' as const } } },
          {
            data: { values: rules },
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, dy: 2, fontSize: 10, color: '#333' },
            encoding: { x: { field: 'x', type: 'quantitative' as const }, y: { datum: 1 }, text: { field: 'label' } },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}
