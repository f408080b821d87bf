import type { TopLevelSpec } from 'vega-lite';
import { gpuMaxOfConfiguration, pooledCost, type Configuration } from '../configs/group.ts';
import { COST_COMPONENTS, costComponentsOf, imagesOf } from '../run-dir/derived.ts';
import { THEME } from './theme.ts';

export interface Fig2cRow {
  /** The configuration's settings other than GPU max: one panel per series. */
  series: string;
  configuration: string;
  images: number;
  gpu_max: number;
  component: string;
  /** Component order in the stack (0 at the bottom). */
  order: number;
  usd: number;
  /** Total of the bar, its sd over replications, and whether this row carries the bar's label. */
  total: number;
  total_sd: number;
  label_row: boolean;
}

/** Colours of the four cost groups, fixed so every chart and report reads the same way. */
export const COST_COLORS = ['#9c755f', '#4e79a7', '#59a14f', '#e15759'];

/** Stacked rows per configuration: mean cost of each component, its run directories weighted by replications. */
export function fig2cData(configs: readonly Configuration[]): Fig2cRow[] {
  const rows: Fig2cRow[] = [];
  for (const c of configs) {
    const group = c.runs.filter((r) => r.summary.cost_usd);
    if (group.length === 0) continue;
    const weights = group.map((r) => Math.max(1, r.summary.replications || 1));
    const wsum = weights.reduce((a, b) => a + b, 0);
    const total = pooledCost({ ...c, runs: group });
    COST_COMPONENTS.forEach((component, order) => {
      const usd = group.reduce((s, r, k) => s + costComponentsOf(r)[component] * weights[k]!, 0) / wsum;
      rows.push({
        series: c.series, configuration: c.label, images: imagesOf(group[0]!), gpu_max: gpuMaxOfConfiguration(c), component, order, usd,
        total: total.mean, total_sd: total.sd, label_row: order === 0,
      });
    });
  }
  return rows.sort((a, b) => a.images - b.images || a.series.localeCompare(b.series) || a.gpu_max - b.gpu_max || a.order - b.order);
}

/** Longest header line in characters: the panel of a single bar is about 60 px wide. */
const HEADER_LINE = 18;

/**
 * A series label broken into short lines for a panel header: after ", ", "=" and "." (setting paths are long;
 * "workload.arrival.start_delay=0.5s" over two or three lines fits a one-bar panel).
 */
export function headerLines(label: string): string[] {
  const tokens = label.split(/(?<=, |=|\.)/);
  const lines: string[] = [];
  for (const t of tokens) {
    const last = lines.at(-1);
    if (last !== undefined && !last.endsWith(', ') && (last + t).length <= HEADER_LINE) lines[lines.length - 1] = last + t;
    else lines.push(t);
  }
  return lines.map((l) => l.trimEnd());
}

/** Fig. 2c: stacked cost bars vs cluster size, one panel per series (the settings other than GPU max). */
export function fig2cSpec(rows: readonly Fig2cRow[]): TopLevelSpec {
  const series = [...new Set(rows.map((r) => r.series))];
  const headers = series.map((s) => headerLines(s).join('\n'));
  const values = rows.map((r) => ({ ...r, panel: headerLines(r.series).join('\n') }));
  // Bars wide enough that the header of the panel with the fewest bars fits over them (~7 px per bold 12 px character).
  const fewest = Math.min(...series.map((s) => new Set(rows.filter((r) => r.series === s).map((r) => r.gpu_max)).size));
  const widest = Math.max(0, ...headers.flatMap((h) => h.split('\n').map((l) => l.length)));
  const step = Math.max(56, Math.ceil((widest * 7) / Math.max(1, fewest)));
  const x = { field: 'gpu_max', type: 'ordinal' as const, title: 'GPU max (nodes)', axis: { labelAngle: 0 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: { text: 'Cost vs cluster size (Fig. 2c)', subtitle: 'Mean cost per run, stacked by component; label: mean total; black bar: ± 1 sd of the total over replications' },
    data: { values },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: headers, header: { labelFontWeight: 'bold', labelExpr: "split(datum.label, '\\n')", labelLimit: 0 } } },
    spec: {
      width: { step },
      height: 260,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x,
            y: { field: 'usd', type: 'quantitative', aggregate: 'sum', stack: 'zero', title: 'Cost (USD)' },
            color: { field: 'component', type: 'nominal', title: 'Cost component', scale: { domain: [...COST_COMPONENTS], range: COST_COLORS }, sort: [...COST_COMPONENTS] },
            order: { field: 'order', type: 'quantitative' },
            tooltip: [{ field: 'component' }, { field: 'usd', format: '$.2f', title: 'USD' }, { field: 'gpu_max', title: 'GPU max' }, { field: 'total', format: '$.2f', title: 'total' }, { field: 'total_sd', format: '$.2f', title: 'total sd' }],
          },
        },
        {
          transform: [{ filter: 'datum.label_row && datum.total_sd > 0' }, { calculate: 'datum.total - datum.total_sd', as: 'lo' }, { calculate: 'datum.total + datum.total_sd', as: 'hi' }],
          mark: { type: 'rule', color: '#222', strokeWidth: 1.5 },
          encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
        },
        {
          transform: [{ filter: 'datum.label_row' }, { calculate: "'$' + format(datum.total, datum.total < 10 ? '.2f' : '.0f')", as: 'label' }],
          mark: { type: 'text', dy: -5, fontSize: 10, baseline: 'bottom' },
          encoding: { x, y: { field: 'total', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}
