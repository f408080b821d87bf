import type { TopLevelSpec } from 'vega-lite';
import type { ImageAggregates, ImageMetric } from '../run-dir/images.ts';
import { formatCount } from '../run-dir/derived.ts';
import { PALETTE, THEME } from './theme.ts';

/** The three Fig. 2a panels: metric, panel title, x-axis title, colour. */
export const FIG2A_PANELS: readonly { metric: ImageMetric; title: string; axis: string; color: string }[] = [
  { metric: 'transfer', title: 'Data transfer', axis: 'Data transfer time, 2 × (download + upload) (s)', color: PALETTE[0]! },
  { metric: 'serving', title: 'TF-Serving response', axis: 'Serving response time (s)', color: PALETTE[1]! },
  { metric: 'postprocess', title: 'Post-processing', axis: 'Post-processing time (s)', color: PALETTE[4]! },
];

export interface Fig2aRow {
  metric: string;
  start: number;
  end: number;
  count: number;
}

/** The pre-binned rows Fig. 2a plots (one per bin per panel): the chart never sees individual images. */
export function fig2aData(agg: ImageAggregates): Fig2aRow[] {
  return FIG2A_PANELS.flatMap((p) => agg.metrics[p.metric].histogram.bins.map((b) => ({ metric: p.title, start: b.start, end: b.end, count: b.count })));
}

/** Fig. 2a: per-image time contributions as histograms, with the median and 99th percentile marked. */
export function fig2aSpec(agg: ImageAggregates, runName: string): TopLevelSpec {
  const rows = fig2aData(agg);
  const panels = FIG2A_PANELS.map((p) => {
    const q = agg.metrics[p.metric].quantiles;
    const h = agg.metrics[p.metric].histogram;
    const last = h.bins.at(-1)?.end ?? 0;
    const beyond = h.constant
      ? `constant: every image ${h.max.toPrecision(3)} s (no spread to draw)`
      : h.overflow > 0 ? `${formatCount(h.overflow)} images > ${last} s (max ${h.max.toFixed(1)} s) not drawn` : `range ${h.min.toFixed(2)}–${h.max.toFixed(2)} s`;
    // The axis starts at 0 unless the bins start above it (a narrow spread far from 0): then it shows that spread.
    const first = h.bins[0]?.start ?? 0;
    const xScale = h.constant ? { domain: [first - (last - first) * 5, last + (last - first) * 5] } : first > 0 ? { zero: false, nice: false } : { zero: true };
    const marks = [
      { label: `median ${q.p50.toFixed(2)} s`, x: q.p50, y: 2 },
      { label: `p99 ${q.p99.toFixed(2)} s`, x: q.p99, y: 16 },
    ].filter((m) => Number.isFinite(m.x));
    return {
      title: { text: p.title, fontSize: 13, subtitle: beyond, subtitleFontSize: 10 },
      width: 260,
      height: 200,
      layer: [
        {
          transform: [{ filter: { field: 'metric', equal: p.title } }],
          mark: { type: 'bar' as const, color: p.color, binSpacing: 0 },
          encoding: {
            x: { field: 'start', type: 'quantitative' as const, title: p.axis, scale: xScale },
            x2: { field: 'end' },
            y: { field: 'count', type: 'quantitative' as const, title: 'Images', scale: { nice: true, zero: true } },
            y2: { datum: 0 },
            tooltip: [{ field: 'start', title: 'from (s)' }, { field: 'end', title: 'to (s)' }, { field: 'count', title: 'images' }],
          },
        },
        {
          data: { values: marks },
          mark: { type: 'rule' as const, color: '#333', strokeDash: [4, 3] },
          encoding: { x: { field: 'x', type: 'quantitative' as const } },
        },
        {
          data: { values: marks },
          mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 3, fontSize: 10, color: '#333' },
          encoding: {
            x: { field: 'x', type: 'quantitative' as const },
            y: { field: 'y', type: 'quantitative' as const, scale: null },
            text: { field: 'label' },
          },
        },
      ],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: {
      text: 'Per-image time contributions (Fig. 2a)',
      subtitle: `${runName}: ${formatCount(agg.rows)} images over all replications; dashed lines: median and 99th percentile`,
    },
    data: { values: rows },
    hconcat: panels,
  } as TopLevelSpec;
}
