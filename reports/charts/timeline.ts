import type { TopLevelSpec } from 'vega-lite';
import type { Timeseries } from '../run-dir/timeseries.ts';
import type { EventSummary } from '../run-dir/events.ts';
import { MARKED_EVENT_KINDS } from '../run-dir/events.ts';
import { PALETTE, THEME } from './theme.ts';

/** One timeline panel: which timeseries.csv columns it draws and how. Columns absent from a run are skipped. */
export interface PanelDef {
  id: string;
  title: string;
  yTitle: string;
  columns: readonly (readonly [column: string, label: string])[];
  /** Stacked areas (parts of one whole) instead of lines. */
  stacked?: boolean;
  /** Columns drawn as lines over the stacked areas (e.g. the desired replica count). */
  lines?: readonly (readonly [column: string, label: string])[];
  /** Shown in percent when the column holds fractions. */
  percent?: boolean;
}

/**
 * Panels, small series apart from large ones: the image queue (thousands of keys) has its own panel so zips and
 * in-flight work (a handful) stay readable; GPU nodes (a few) apart from CPU nodes (dozens).
 */
export const TIMELINE_PANELS: readonly PanelDef[] = [
  { id: 'image-queue', title: 'Image queue', yTitle: 'Keys', columns: [['queue_image', 'image queue']] },
  { id: 'queues', title: 'Zip queue and work in flight', yTitle: 'Keys', columns: [['queue_zip', 'zip queue'], ['inflight_zip', 'zips in flight'], ['inflight_image', 'images in flight']] },
  {
    id: 'serving', title: 'TF-Serving pods by state', yTitle: 'Pods', stacked: true,
    columns: [['pods_serving_ready', 'ready'], ['pods_serving_starting', 'starting'], ['pods_serving_pending', 'pending'], ['pods_serving_terminating', 'terminating']],
    lines: [['replicas_serving', 'desired (autoscalers)']],
  },
  {
    id: 'consumers', title: 'Consumer pods', yTitle: 'Pods',
    columns: [['pods_image_consumer', 'image consumers'], ['pods_zip_consumer', 'zip consumers'], ['pods_consumer_pending', 'pending (no node)'], ['replicas_image_consumer', 'image consumers desired'], ['replicas_zip_consumer', 'zip consumers desired']],
  },
  { id: 'gpu-nodes', title: 'GPU nodes', yTitle: 'Nodes', columns: [['nodes_gpu', 'GPU nodes'], ['nodes_gpu_provisioning', 'GPU nodes provisioning']] },
  { id: 'cpu-nodes', title: 'CPU nodes', yTitle: 'Nodes', columns: [['nodes_cpu', 'CPU nodes']] },
  { id: 'gpu', title: 'GPU utilisation', yTitle: 'Utilisation (%)', percent: true, columns: [['gpu_utilization', 'mean GPU duty cycle']] },
  { id: 'throughput', title: 'Throughput', yTitle: 'Images/s', columns: [['throughput_images_per_s', 'throughput']] },
  { id: 'completed', title: 'Completed images', yTitle: 'Images', columns: [['completed_images', 'completed']] },
  { id: 'retries', title: 'Retries (cumulative)', yTitle: 'Retries', columns: [['retries', 'serving retries']] },
  { id: 'cost', title: 'Cumulative cost', yTitle: 'USD', columns: [['cost_usd', 'cost so far']] },
];

/**
 * One colour per meaning on every panel: images green, zips purple, GPU and serving blue, CPU brown; states as on
 * a traffic light (pending red, starting or provisioning orange, terminating grey); what autoscalers ask for black.
 * "Desired" series are dashed in the colour of what they ask for.
 */
export const SERIES_COLORS: Readonly<Record<string, string>> = {
  'image queue': '#59a14f', 'images in flight': '#8cd17d', 'image consumers': '#59a14f', 'image consumers desired': '#59a14f',
  'zip queue': '#b07aa1', 'zips in flight': '#d4a6c8', 'zip consumers': '#b07aa1', 'zip consumers desired': '#b07aa1',
  ready: '#4e79a7', starting: '#f28e2b', pending: '#e15759', terminating: '#bab0ac', 'desired (autoscalers)': '#222222',
  'pending (no node)': '#e15759',
  'GPU nodes': '#4e79a7', 'GPU nodes provisioning': '#f28e2b', 'CPU nodes': '#9c755f',
  'mean GPU duty cycle': '#4e79a7', throughput: '#4e79a7', 'throughput (from completed images)': '#4e79a7',
  completed: '#59a14f', 'serving retries': '#b6992d', 'cost so far': '#444444',
};

/** Series drawn dashed: targets, not counts. */
export const isDesired = (label: string) => label.includes('desired');

/** The colours of a panel's series: the fixed colour of its meaning, else the palette in order. */
export function colorsFor(labels: readonly string[]): string[] {
  return labels.map((l, i) => SERIES_COLORS[l] ?? PALETTE[i % PALETTE.length]!);
}

/**
 * The ramp-up: from t = 0 until the first TF-Serving pod is ready (else the first GPU node is up), the time a
 * cold cluster spends before it can serve anything (node provisioning, image pulls, model load). Null when never.
 */
export function rampUpEnd(rows: readonly Record<string, number>[]): { t: number; what: string } | null {
  const what: Record<string, string> = { pods_serving_ready: 'first TF-Serving pod ready', nodes_gpu: 'first GPU node up' };
  for (const column of ['pods_serving_ready', 'nodes_gpu']) {
    if (!rows.some((r) => Number.isFinite(r[column]))) continue;
    const first = rows.find((r) => (r[column] ?? 0) > 0);
    return first ? { t: first.t!, what: what[column]! } : null;
  }
  return null;
}

/** Colours of the event marks: red for preemptions, black for crashes, orange for restarts. */
const EVENT_COLORS: Record<(typeof MARKED_EVENT_KINDS)[number], string> = { preemption: '#d62728', pod_crash: '#222222', pod_restart: '#ff7f0e' };

/** Minutes for runs up to 3 h, hours beyond, so the axis reads in round numbers. */
export function timeUnitFor(maxSeconds: number): { divisor: number; label: string } {
  return maxSeconds > 3 * 3600 ? { divisor: 3600, label: 'h' } : { divisor: 60, label: 'min' };
}

export interface TimelineRow {
  panel: string;
  series: string;
  /** Drawn as a stacked area (parts of a whole) or as a line. */
  style: 'area' | 'line';
  t: number;
  value: number;
}

export interface TimelineData {
  rows: TimelineRow[];
  /** End of the ramp-up in the chart's time unit (null: serving never started, or the run does not say). */
  rampUp: number | null;
  /** What ends it: "first TF-Serving pod ready" or "first GPU node up". */
  rampUpWhat: string;
  events: { t: number; kind: string; count: number }[];
  panels: PanelDef[];
  unit: { divisor: number; label: string };
  tMax: number;
}

/** Column name of a throughput derived from completed_images when the run does not record one. */
export const DERIVED_THROUGHPUT = 'throughput_images_per_s';

/**
 * Images per second between consecutive samples of the running total `completed_images` (the first sample has no
 * predecessor and is left out). Used only when timeseries.csv has no throughput column.
 */
export function throughputFromCompleted(rows: readonly Record<string, number>[]): { t: number; value: number }[] {
  const out: { t: number; value: number }[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    const dt = b.t! - a.t!;
    const dn = (b.completed_images ?? NaN) - (a.completed_images ?? NaN);
    if (dt > 0 && Number.isFinite(dn)) out.push({ t: b.t!, value: dn / dt });
  }
  return out;
}

/** Long-format rows for the panels whose columns the run has (unknown columns are ignored). */
export function timelineData(ts: Timeseries, events: EventSummary | null): TimelineData {
  const lastT = ts.rows.at(-1)?.t ?? 0;
  const lastEvent = events?.markers.at(-1)?.t ?? 0;
  const unit = timeUnitFor(Math.max(lastT, lastEvent));
  const present = new Set(ts.columns);
  const derive = !present.has(DERIVED_THROUGHPUT) && present.has('completed_images') && ts.rows.length > 1;
  if (derive) present.add(DERIVED_THROUGHPUT);
  const panels = TIMELINE_PANELS.map((p) => ({
    ...p,
    columns: p.columns.filter(([c]) => present.has(c)),
    lines: (p.lines ?? []).filter(([c]) => present.has(c)),
  })).filter((p) => p.columns.length > 0);
  const rows: TimelineRow[] = [];
  const push = (p: PanelDef, label: string, style: 'area' | 'line', values: { t: number; value: number }[]) => {
    const max = Math.max(...values.map((v) => v.value).filter(Number.isFinite));
    const factor = p.percent && max <= 1.0001 ? 100 : 1;
    for (const v of values) if (Number.isFinite(v.value)) rows.push({ panel: p.id, series: label, style, t: v.t / unit.divisor, value: v.value * factor });
  };
  const columnValues = (column: string) => ts.rows.map((r) => ({ t: r.t!, value: r[column] ?? NaN }));
  for (const p of panels) {
    for (const [column, label] of p.columns) {
      const values = column === DERIVED_THROUGHPUT && derive ? throughputFromCompleted(ts.rows) : columnValues(column);
      push(p, derive && column === DERIVED_THROUGHPUT ? `${label} (from completed images)` : label, p.stacked ? 'area' : 'line', values);
    }
    for (const [column, label] of p.lines ?? []) push(p, label, 'line', columnValues(column));
  }
  const marks = (events?.markers ?? []).map((m) => ({ t: m.t / unit.divisor, kind: m.kind.replace('_', ' '), count: m.count }));
  const ramp = rampUpEnd(ts.rows);
  return { rows, events: marks, panels, unit, tMax: Math.max(lastT, lastEvent) / unit.divisor, rampUp: ramp === null ? null : ramp.t / unit.divisor, rampUpWhat: ramp?.what ?? '' };
}

/** Timelines of one run: one panel per quantity, preemptions, crashes and restarts marked as vertical rules. */
export function timelineSpec(data: TimelineData, runName: string, replication: number, replications: number, replicationPosition = 1): TopLevelSpec {
  const xBase = { field: 't', type: 'quantitative' as const, title: `Time (${data.unit.label})`, scale: { domain: [0, data.tMax], nice: false } };
  const kinds = MARKED_EVENT_KINDS.map((k) => k.replace('_', ' '));
  const eventColors = MARKED_EVENT_KINDS.map((k) => EVENT_COLORS[k]);
  const counts = MARKED_EVENT_KINDS.map((k) => {
    const n = data.events.filter((e) => e.kind === k.replace('_', ' ')).reduce((s, e) => s + e.count, 0);
    return `${n} ${k.replace('_', ' ')}${n === 1 ? '' : 's'}`;
  });
  const last = data.panels.length - 1;
  const panels = data.panels.map((p, i) => {
    const x = { ...xBase, axis: { title: i === last ? xBase.title : null, tickCount: 12 } };
    const labels = [...new Set(data.rows.filter((r) => r.panel === p.id).map((r) => r.series))];
    const color = { field: 'series', type: 'nominal' as const, title: null, scale: { domain: labels, range: colorsFor(labels) }, legend: { orient: 'right' as const } };
    const dash = { condition: { test: "indexof(datum.series, 'desired') >= 0", value: [5, 3] }, value: [1, 0] };
    const overlay = p.stacked && (p.lines ?? []).length > 0
      ? [{
          transform: [{ filter: { and: [{ field: 'panel', equal: p.id }, { field: 'style', equal: 'line' }] } }],
          mark: { type: 'line' as const, interpolate: 'step-after' as const, strokeWidth: 1.5, strokeDash: [5, 3] },
          encoding: { x, y: { field: 'value', type: 'quantitative' as const }, color },
        }]
      : [];
    const line = {
      transform: [{ filter: { and: [{ field: 'panel', equal: p.id }, { field: 'style', equal: p.stacked ? 'area' : 'line' }] } }],
      mark: p.stacked ? { type: 'area' as const, interpolate: 'step-after' as const, opacity: 0.85 } : { type: 'line' as const, strokeWidth: 1.5 },
      encoding: {
        x,
        ...(p.stacked ? {} : { strokeDash: dash }),
        y: { field: 'value', type: 'quantitative' as const, title: p.yTitle, ...(p.stacked ? { stack: 'zero' as const } : {}) },
        color,
        ...(p.stacked ? { order: { field: 'series', sort: 'ascending' as const } } : {}),
      },
    };
    const rules = {
      data: { values: data.events },
      mark: { type: 'rule' as const, strokeDash: [3, 2], strokeWidth: 1.2, opacity: 0.8 },
      encoding: {
        x,
        stroke: {
          field: 'kind', type: 'nominal' as const, title: 'Events', scale: { domain: kinds, range: eventColors },
          legend: { orient: 'top' as const, direction: 'horizontal' as const }, // the scale is shared, so one legend
        },
        tooltip: [{ field: 'kind' }, { field: 't', title: `time (${data.unit.label})`, format: '.2f' }, { field: 'count', title: 'events' }],
      },
    };
    // The ramp-up shaded on every panel, labelled on the first, so a reader sees where serving began.
    const ramp = data.rampUp !== null && data.rampUp > 0
      ? [
          { data: { values: [{ t0: 0, t1: data.rampUp }] }, mark: { type: 'rect' as const, color: '#000', opacity: 0.06 }, encoding: { x: { ...x, field: 't0' }, x2: { field: 't1' } } },
          ...(i === 0 ? [{
            data: { values: [{ t: data.rampUp, label: `◀ ramp-up: ${data.rampUpWhat} at ${data.rampUp.toFixed(1)} ${data.unit.label}` }] },
            mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, y: 4, fontSize: 10, color: '#444' },
            encoding: { x: { ...x, field: 't' }, text: { field: 'label' } },
          }] : []),
        ]
      : [];
    return {
      title: { text: p.title, fontSize: 13 },
      width: 640,
      height: 110,
      layer: [...ramp, line, ...overlay, ...(data.events.length ? [rules] : [])],
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: THEME,
    title: {
      text: `Timeline of ${runName}`,
      subtitle: `Replication ${replication} (the ${ordinal(replicationPosition)} of ${replications}); dashed rules: ${counts.join(', ')}${data.rampUp ? `; grey: ramp-up until the ${data.rampUpWhat} (${data.rampUp.toFixed(1)} ${data.unit.label})` : ''}`,
    },
    data: { values: data.rows },
    vconcat: panels,
    spacing: 18,
    resolve: { scale: { color: 'independent', stroke: 'shared' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}
