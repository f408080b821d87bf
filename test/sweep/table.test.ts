import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runOne } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { expandGrid, parseGrids } from '../../sim/sweep/grid.ts';
import { csvCell, flattenSummary, sweepCsv, sweepDocument } from '../../sim/sweep/table.ts';

const { config } = loadScenario('scenarios/examples/quick.yaml', ['workload.images=50']);
const summary = summarize('quick', [runOne(config, 1), runOne(config, 2)]);

test('a summary flattens to dotted columns, ci95 as _lo/_hi, without identity or wall-clock fields', () => {
  const cols = new Map(flattenSummary(summary));
  for (const c of ['makespan_s.mean', 'makespan_s.ci95_lo', 'makespan_s.ci95_hi', 'cost_usd.total.ci95_lo', 'latency_s.total.p95', 'gpu.peak_nodes.max', 'images.completed', 'engine.events', 'replications', 'completed']) assert.ok(cols.has(c), c);
  for (const c of ['scenario', 'seeds', 'engine.wall_s', 'engine.events_per_s', 'makespan_s.ci95']) assert.not.ok(cols.has(c), c);
  assert.is(cols.get('makespan_s.mean'), summary.makespan_s.mean);
  assert.is(cols.get('cost_usd.total.ci95_lo'), summary.cost_usd.total.ci95[0]);
});

test('sweep.csv: the swept paths first, named by their path, one row per point; sweep.json: sweep, grid, points', () => {
  const axes = parseGrids(['workload.arrival.start_delay=0.5s,5s', 'cluster.pools.gpu.max=1,2'], 'f.yaml');
  const points = expandGrid(axes);
  const doc = sweepDocument('quick', axes, points, points.map(() => summary));
  const lines = sweepCsv(axes, doc.points).trimEnd().split('\n');
  assert.is(lines.length, 5);
  const header = lines[0]!.split(',');
  assert.equal(header.slice(0, 3), ['workload.arrival.start_delay', 'cluster.pools.gpu.max', 'replications']);
  assert.ok(header.includes('makespan_s.mean') && header.includes('cost_usd.total.ci95_lo'));
  assert.equal(lines[3]!.split(',').slice(0, 2), ['5s', '1']);
  assert.is(lines[1]!.split(',')[header.indexOf('makespan_s.mean')], String(summary.makespan_s.mean), 'full precision');
  assert.equal(Object.keys(doc), ['sweep', 'grid', 'points']);
  assert.equal(doc.grid, { 'workload.arrival.start_delay': ['0.5s', '5s'], 'cluster.pools.gpu.max': [1, 2] });
  assert.equal(doc.points[2]!.settings, { 'workload.arrival.start_delay': '5s', 'cluster.pools.gpu.max': 1 });
  assert.is(doc.points[2]!.summary, summary);
});

test('CSV cells: null and NaN empty, commas and quotes quoted, objects as JSON', () => {
  assert.is(csvCell(null), '');
  assert.is(csvCell(NaN), '');
  assert.is(csvCell(0.1), '0.1');
  assert.is(csvCell(true), 'true');
  assert.is(csvCell('a,b'), '"a,b"');
  assert.is(csvCell({ kind: 'exponential', mean: '2s' }), '"{""kind"":""exponential"",""mean"":""2s""}"');
});

test.run();
