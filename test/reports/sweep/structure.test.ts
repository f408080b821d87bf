/**
 * The sweep chart's structure: every swept setting is an encoding of its own (x, colour, facets), one mark per grid
 * point and statistic, nothing aggregated across settings; and the answer block picks the right points.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sweepEncodings } from '../../../reports/sweep/encodings.ts';
import { sweepRows } from '../../../reports/sweep/panels.ts';
import { sweepSpec } from '../../../reports/charts/sweep.ts';
import { bestPoint, costOf, makespanOf, sweepAnswerTable, sweepPointsTable } from '../../../reports/sweep/answer.ts';
import type { LoadedPoint, LoadedSweep, SweepAxis } from '../../../reports/sweep/load-sweep.ts';
import { toVega } from '../../../reports/render/svg.ts';
import { scene } from '../../fixtures/reports/chart-check.ts';
import { fakeSweep } from '../../fixtures/reports/fake-sweep.ts';

const ONE: SweepAxis[] = [{ path: 'cluster.pools.gpu.max', values: [1, 2, 4] }];
const TWO: SweepAxis[] = [...ONE, { path: 'cluster.zones', values: [1, 2] }];
const FOUR: SweepAxis[] = [...TWO, { path: 'autoscaling.policy', values: ['kiosk', 'keda'] }, { path: 'cluster.pools.gpu.preemptible', values: [true, false] }];
const ORDINAL: SweepAxis[] = [{ path: 'autoscaling.policy', values: ['kiosk', 'keda', 'fixed'] }, { path: 'cluster.pools.gpu.max', values: [1, 2, 4] }];

test('one swept setting is the x axis; two: the second is the colour; three or more: the rest are facets', () => {
  const one = sweepEncodings(ONE);
  assert.is(one.x.path, 'cluster.pools.gpu.max');
  assert.ok(one.x.numeric);
  assert.is(one.series, undefined);
  assert.is(one.facets, undefined);
  const two = sweepEncodings(TWO);
  assert.is(two.series?.path, 'cluster.zones');
  assert.is(two.facets, undefined);
  const four = sweepEncodings(FOUR);
  assert.equal(four.facets?.paths, ['autoscaling.policy', 'cluster.pools.gpu.preemptible']);
  assert.equal(four.facets?.labels, [
    'autoscaling.policy=kiosk, cluster.pools.gpu.preemptible=true', 'autoscaling.policy=kiosk, cluster.pools.gpu.preemptible=false',
    'autoscaling.policy=keda, cluster.pools.gpu.preemptible=true', 'autoscaling.policy=keda, cluster.pools.gpu.preemptible=false',
  ]);
  const ordinal = sweepEncodings([{ path: 'autoscaling.policy', values: ['kiosk', 'keda', 'fixed'] }]);
  assert.not.ok(ordinal.x.numeric, 'text values make an ordinal axis');
  assert.equal(ordinal.x.labels, ['kiosk', 'keda', 'fixed'], 'in the grid order');
});

for (const [name, axes] of [['one', ONE], ['two', TWO], ['four', FOUR], ['ordinal x and two', ORDINAL]] as const) {
  test(`${name} swept setting(s): one row per point and panel; no two points share a mark position; no aggregate`, async () => {
    const sweep = fakeSweep(axes);
    const enc = sweepEncodings(sweep.axes);
    const { panels, rows } = sweepRows(sweep.points, enc);
    assert.equal(panels.map((p) => p.id), ['makespan', 'cost', 'throughput', 'latency_p50', 'latency_p95']);
    assert.is(rows.length, sweep.points.length * panels.length);
    for (const p of panels) {
      const mine = rows.filter((r) => r.panel === p.id);
      const positions = new Set(mine.map((r) => JSON.stringify([r.x_label, r.series, r.facet])));
      assert.is(positions.size, sweep.points.length, `${p.id}: every point has its own (x, colour, facet)`);
      assert.equal(mine.map((r) => r.point).sort((a, b) => a - b), sweep.points.map((q) => q.index));
    }
    // the mean drawn is the point's own statistic, not a mixture: makespan in minutes here (max < 2 h)
    const mk = rows.find((r) => r.panel === 'makespan' && r.point === 2)!;
    if (!enc.x.numeric) assert.ok(JSON.stringify(sweepSpec(sweep.name, enc, panels, rows)).includes('"xOffset":{"field":"series"'), 'ordinal x: series side by side');
    assert.is(mk.mean, sweep.points[2]!.summary.makespan_s!.mean! / 60);
    const spec = sweepSpec(sweep.name, enc, panels, rows);
    const text = JSON.stringify(spec);
    assert.not.ok(/"aggregate"|"groupby"|"joinaggregate"/.test(text), 'nothing in the spec aggregates rows');
    assert.equal(toVega(spec).warnings, []);
    const s = await scene(spec);
    assert.is(s.counts.symbol, rows.length, 'one point mark per row');
    assert.is(s.counts.rule, rows.length, 'one CI bar per row (every point has two replications)');
    if (enc.series) assert.ok(text.includes('"field":"series"'), 'colour encodes the second setting');
    if (enc.facets) assert.ok(text.includes('"facet":{"field":"facet"'), 'facets encode the rest');
    for (const a of axes) assert.ok(s.texts.some((t) => t.includes(a.path)), `${a.path} is named on the chart`);
  });
}

test('a numeric x axis nudges the colour series apart but keeps the true value', () => {
  const sweep = fakeSweep(TWO);
  const { rows } = sweepRows(sweep.points, sweepEncodings(sweep.axes));
  const at4 = rows.filter((r) => r.panel === 'cost' && r.x_value === 4);
  assert.is(at4.length, 2);
  assert.ok(at4[0]!.x_pos! < 4 && at4[1]!.x_pos! > 4);
});

test('the answer: least makespan and least cost among completed points, with their settings and limits', () => {
  const sweep = fakeSweep(TWO);
  assert.is(bestPoint(sweep.points, makespanOf)?.index, 5, 'gpu max 4, 2 zones is the fastest');
  assert.is(bestPoint(sweep.points, costOf)?.index, 0, 'gpu max 1, 1 zone is the cheapest');
  const unfinished: LoadedSweep = { ...sweep, points: sweep.points.map((p): LoadedPoint => (p.index === 5 ? { ...p, summary: { ...p.summary, completed: false, reason: 'time limit' } } : p)) };
  assert.is(bestPoint(unfinished.points, makespanOf)?.index, 4, 'a point that did not complete is never best');
  const t = sweepAnswerTable(unfinished);
  assert.equal(t.columns, ['', 'least makespan', 'least cost']);
  assert.is(t.rows[0]![1], 'cluster.pools.gpu.max = 4, cluster.zones = 1');
  assert.match(String(t.rows[1]![1]), /^\d+(\.\d+)? min \(95% CI /);
  assert.match(String(t.rows[5]![1]), /^gpus \(/);
  assert.match(t.title, /1 point did not complete/);
  const table = sweepPointsTable(sweep);
  assert.equal(table.columns.slice(0, 2), ['cluster.pools.gpu.max', 'cluster.zones'], 'every swept setting is a column');
  assert.is(table.rows.length, 6);
});

test.run();
