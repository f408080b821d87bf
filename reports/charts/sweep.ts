/**
 * A sweep drawn with its swept settings as encodings (reports/sweep/encodings.ts): x = the first setting, colour =
 * the second, facets = the rest; one panel per statistic (makespan, cost, throughput, per-image latency p50, p95).
 * Each mark is one grid point's mean with its 95 % CI as a vertical bar: the spec has no aggregate, so nothing drawn
 * ever pools two points.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SweepEncodings } from '../sweep/encodings.ts';
import type { Panel, SweepRow } from '../sweep/panels.ts';
import { PALETTE, THEME } from './theme.ts';

const PANEL = { width: 300, height: 190 };
const FACET_PANEL = { width: 190, height: 130 };
/** Facets per row of small charts before wrapping. */
const FACET_COLUMNS = 4;

/** Small facets are too narrow for a whole path under each: they show its last part (the subtitle has all of it). */
const xTitle = (enc: SweepEncodings) => (enc.facets ? enc.x.path.split('.').pop()! : enc.x.path);

function xEncoding(enc: SweepEncodings) {
  if (enc.x.numeric) {
    const values = enc.x.values as number[];
    return {
      field: 'x_pos', type: 'quantitative' as const, title: xTitle(enc),
      // ticks at the swept values only; padding keeps the outermost CI bars off the frame
      scale: { zero: false, nice: false, padding: 14 }, axis: { values, format: ',~r', labelFlush: false, grid: false },
    };
  }
  return { field: 'x_label', type: 'ordinal' as const, title: xTitle(enc), sort: enc.x.labels, axis: { labelAngle: enc.x.labels.some((l) => l.length > 6) ? -30 : 0 } };
}

function layers(enc: SweepEncodings, panel: Panel, markIncomplete: boolean) {
  const x = xEncoding(enc);
  // on an ordinal axis the series sit side by side within each category; on a numeric one x_pos is nudged instead
  const xOffset = !enc.x.numeric && enc.series ? { xOffset: { field: 'series', type: 'nominal' as const, sort: enc.series.labels } } : {};
  const color = enc.series
    ? { field: 'series', type: 'nominal' as const, title: enc.series.path, sort: enc.series.labels, scale: { domain: enc.series.labels, range: PALETTE }, legend: { orient: 'top' as const, direction: 'horizontal' as const } }
    : { value: PALETTE[0]! };
  const y = { field: 'mean', type: 'quantitative' as const, title: panel.unit, scale: { zero: false } };
  const tooltip = [
    { field: 'settings', title: 'point' },
    { field: 'mean', title: `mean (${panel.unit})`, format: '.4~g' },
    { field: 'lo', title: '95% CI low', format: '.4~g' },
    { field: 'hi', title: '95% CI high', format: '.4~g' },
    { field: 'replications' },
  ];
  const out: unknown[] = [];
  // lines join a series along a numeric axis; ordinal categories (a policy, a GPU type) are not a continuum
  if (enc.x.numeric && enc.x.values.length > 1) out.push({ mark: { type: 'line', strokeWidth: 1.5, opacity: 0.8 }, encoding: { x, y, color } });
  out.push({ transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }], mark: { type: 'rule', strokeWidth: 1.6 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, ...xOffset } });
  out.push({
    mark: { type: 'point', filled: true, size: 48, opacity: 1 },
    encoding: {
      x, y, color, ...xOffset, tooltip,
      ...(markIncomplete ? { shape: { field: 'completed', type: 'nominal' as const, title: 'run', scale: { domain: [true, false], range: ['circle', 'cross'] }, legend: { orient: 'top' as const, labelExpr: "datum.value ? 'completed' : 'did not complete'" } } } : {}),
    },
  });
  return out;
}

function panelSpec(enc: SweepEncodings, panel: Panel, markIncomplete: boolean) {
  const transform = [{ filter: { field: 'panel', equal: panel.id } }];
  const title = { text: `${panel.title} (${panel.unit})`, fontSize: 13 };
  if (!enc.facets) return { transform, title, ...PANEL, layer: layers(enc, panel, markIncomplete) };
  return {
    transform, title,
    facet: { field: 'facet', type: 'nominal', title: null, sort: enc.facets.labels, header: { labelFontSize: 11, labelLimit: 0, labelExpr: "split(datum.value, ', ')" } }, // one setting a line
    columns: Math.min(FACET_COLUMNS, enc.facets.labels.length),
    spacing: 24,
    spec: { ...FACET_PANEL, layer: layers(enc, panel, markIncomplete) },
  };
}

export function sweepSpec(name: string, enc: SweepEncodings, panels: readonly Panel[], rows: readonly SweepRow[]): TopLevelSpec {
  const markIncomplete = rows.some((r) => !r.completed);
  const roles = [`x: ${enc.x.path}`, enc.series ? `colour: ${enc.series.path}` : '', enc.facets ? `facets: ${enc.facets.paths.join(', ')}` : ''].filter(Boolean).join('; ');
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: { text: `Sweep ${name}`, subtitle: `${roles}. One mark per grid point: the mean over its replications, bar = 95% CI` },
    data: { values: rows as unknown as Record<string, unknown>[] },
    // with facets, each statistic is a row of small charts; without, the panels sit three to a row
    concat: panels.map((p) => panelSpec(enc, p, markIncomplete)),
    columns: enc.facets ? 1 : 3,
    spacing: 28,
    resolve: { scale: { color: 'shared', shape: 'shared' } },
  } as unknown as TopLevelSpec;
}
