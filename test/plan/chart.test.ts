/** The planner's Pareto chart: CI bars from the statistics, the recommendation marked, renders to SVG. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { paretoRows, paretoSpec } from '../../reports/charts/pareto.ts';
import { specToSvg } from '../../reports/render/svg.ts';

const st = (mean: number, lo: number, hi: number) => ({ mean, ci95: [lo, hi] as [number, number] });
const answer = {
  plan: 't',
  goal: { deadline_s: 14400, budget_usd: 100 },
  pareto: [
    { settings: { 'cluster.pools.gpu.max': 8 }, makespan_s: st(7200, 7000, 7400), cost_usd: st(90, 85, 95) },
    { settings: { 'cluster.pools.gpu.max': 4 }, makespan_s: st(12600, 12000, 13200), cost_usd: st(60, NaN, NaN) },
  ],
  recommendation: { settings: { 'cluster.pools.gpu.max': 4 }, makespan_s: st(12600, 12000, 13200), cost_usd: st(60, NaN, NaN) },
};

test('rows: hours, CI ends (the mean where there is none), the recommendation marked once', () => {
  const rows = paretoRows(answer);
  assert.is(rows.length, 2);
  assert.is(rows[0]!.makespan_lo, 7000 / 3600);
  assert.is(rows[1]!.cost_lo, 60);
  assert.equal(rows.map((r) => r.recommended), [false, true]);
});

test('the spec renders to SVG', async () => {
  const svg = await specToSvg(paretoSpec(answer));
  assert.match(svg, /^<svg/);
  assert.match(svg, /makespan \(h\)/);
});

test.run();
