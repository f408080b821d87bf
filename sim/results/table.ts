import type { RunSummary } from './summary.ts';
import type { QuantileSummary, Stat } from './statistics.ts';

const n = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const stat = (s: Stat, d = 1, scale = 1) =>
  s.sd > 0 ? `${n(s.mean / scale, d)} ± ${n(s.sd / scale, d)} (95% CI ${n(s.ci95[0] / scale, d)}-${n(s.ci95[1] / scale, d)})` : n(s.mean / scale, d);
const q = (x: QuantileSummary) => `mean ${n(x.mean, 2)}  p50 ${n(x.p50, 2)}  p95 ${n(x.p95, 2)}  p99 ${n(x.p99, 2)}  max ${n(x.max, 2)}`;

/** Where the GPU speed and the prices come from (when the loader said). */
function speedRows(s: RunSummary): [string, string][] {
  const rows: [string, string][] = [];
  const g = s.gpu_speed;
  if (g) {
    const range = g.range_images_per_s ? `, ${n(g.range_images_per_s[0], 2)}-${n(g.range_images_per_s[1], 2)} images/s per GPU` : '';
    rows.push(['GPU speed', `${g.provenance.toUpperCase()} for ${g.gpu}${range} (${g.profile}): ${g.source}`]);
    if (g.note) rows.push(['  note', g.note]);
  }
  if (s.prices) rows.push(['prices', `${s.prices.table} (prices of ${s.prices.date})`]);
  return rows;
}

/** The readable console summary of a run. */
export function consoleTable(s: RunSummary): string {
  const rows: [string, string][] = [
    ['scenario', `${s.scenario} (${s.replications} replication${s.replications > 1 ? 's' : ''}, seeds ${s.seeds.join(', ')})`],
    ['completed', s.completed ? 'yes' : `NO: ${s.reason}`],
    ['images', `${s.images.completed} of ${s.images.submitted} done, ${s.images.failed} failed`],
    ['makespan', s.completed ? `${stat(s.makespan_s, 2, 3600)} h` : `not reached (stopped after a simulated window of ${stat(s.window_s, 2, 3600)} h)`],
    ['throughput', `${stat(s.throughput_images_per_s, 2)} images/s${s.completed ? '' : ' over the simulated window'}`],
    ['limited by', s.limited_by.length ? s.limited_by.map((l) => `${l.cause} (${l.detail})`).join('; ') : 'no single limit (no rule fired)'],
    ...s.warnings.map((w): [string, string] => ['WARNING', w]),
    ['cost', `$${stat(s.cost_usd.total, 2)} (GPU nodes $${n(s.cost_usd.gpu_nodes.mean, 2)}, CPU nodes $${n(s.cost_usd.cpu_nodes.mean, 2)}, data $${n(s.cost_usd.storage.mean + s.cost_usd.operations.mean + s.cost_usd.storage_egress.mean, 2)}, inter-zone egress $${n(s.cost_usd.egress.mean, 2)})`],
    ['GPU nodes', `peak ${stat(s.gpu.peak_nodes, 1)}, mean utilisation ${n(100 * s.gpu.mean_utilization.mean, 1)}%`],
    ...speedRows(s),
    ['retries', stat(s.retries, 0)],
    ['latency end-to-end (s)', q(s.latency_s.end_to_end)],
    ['latency total (s)', q(s.latency_s.total)],
    ['  queue wait', q(s.latency_s.queue_wait)],
    ['  transfer 2x(d+u)', q(s.latency_s.transfer)],
    ['  serving', q(s.latency_s.serving)],
    ['  post-processing', q(s.latency_s.postprocess)],
    ['engine', `${s.engine.events} events in ${n(s.engine.wall_s, 2)} s (${n(s.engine.events_per_s / 1e6, 2)} M events/s)`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
