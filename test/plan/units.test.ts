/** The planner's small pure pieces: Wilson odds, the cap rule, the Pareto front, the search space. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canStillMeet, lowerBound95, replicationsToShow, wilson } from '../../sim/plan/odds.ts';
import { paretoFront } from '../../sim/plan/answer.ts';
import { axisOf, rangeOf } from '../../sim/plan/space.ts';
import { planJsonSchema } from '../../sim/plan/schema.ts';

const stat = (mean: number) => ({ mean, sd: NaN, min: mean, max: mean, ci95: [NaN, NaN] as [number, number] });

test('Wilson interval: known values, inside [0, 1] at k = 0 and k = n', () => {
  const w = wilson(8, 10);
  assert.is(w.estimate, 0.8);
  // Wilson (1927) score interval for 8/10 at 95%: [0.4902, 0.9433]
  assert.ok(Math.abs(w.ci95[0] - 0.4902) < 1e-3 && Math.abs(w.ci95[1] - 0.9433) < 1e-3, JSON.stringify(w));
  assert.is(wilson(0, 5).ci95[0], 0);
  assert.is(wilson(5, 5).ci95[1], 1);
  assert.ok(wilson(5, 5).ci95[0] > 0.5);
});

test('one-sided 95% lower bound on the odds (Clopper-Pearson): 8 of 8 shows 68.8%, 59 straight meets show 95%', () => {
  // beta quantiles Beta(0.05; k, n - k + 1), from scipy.stats.beta.ppf: 0.68766 (8/8), 0.52932 (7/8), 0.08726 (3/10)
  assert.ok(Math.abs(lowerBound95(8, 8) - 0.68766) < 1e-4);
  assert.ok(Math.abs(lowerBound95(7, 8) - 0.52932) < 1e-4);
  assert.ok(Math.abs(lowerBound95(3, 10) - 0.08726) < 1e-4);
  assert.is(lowerBound95(0, 8), 0);
  assert.is(replicationsToShow(0.95), 59);
  assert.ok(lowerBound95(59, 59) >= 0.95 && lowerBound95(58, 58) < 0.95);
});

test('the cap rule: one miss in 8 at confidence 0.95 is final, at 0.85 it is not', () => {
  assert.not.ok(canStillMeet(1, 8, 0.95));
  assert.ok(canStillMeet(1, 8, 0.85));
  assert.ok(canStillMeet(0, 8, 0.95));
});

test('Pareto front keeps the non-dominated points, fastest first', () => {
  const pts = [[100, 5], [200, 3], [150, 6], [300, 3], [250, 1]].map(([t, c]) => ({ id: `${t}/${c}`, makespan_s: stat(t!), cost_usd: stat(c!) }));
  assert.equal(paretoFront(pts).map((p) => p.id), ['100/5', '200/3', '250/1']);
});

test('search values: a range, a list, one value', () => {
  assert.equal(rangeOf('1..4'), [1, 2, 3, 4]);
  assert.is(rangeOf('1,2'), undefined);
  assert.equal(axisOf('cluster.pools.gpu.max', '1..3').texts, ['1', '2', '3']);
  assert.equal(axisOf('cluster.pools.gpu.preemptible', [true, false]).texts, ['true', 'false']);
  assert.equal(axisOf('autoscaling.policy', 'keda').values, ['keda']);
  assert.equal(axisOf('workload.arrival', [{ kind: 'paced', start_delay: '5s' }]).texts, ['{ kind: paced, start_delay: 5s }']);
});

test('the plan JSON Schema names the goal and the search', () => {
  const s = planJsonSchema() as { properties: Record<string, unknown>; required: string[] };
  assert.ok(s.properties.goal && s.properties.search);
  assert.ok(s.required.includes('goal') && s.required.includes('extends'));
});

test.run();
