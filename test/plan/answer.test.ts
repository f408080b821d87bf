/**
 * The answer from outcomes: the Pareto front takes only candidates with the initial replications (a
 * lucky single probe must not dominate) whose every replication finished; a replication cut at the
 * deadline is reported as "more than the deadline", never with a made-up makespan; and a larger GPU
 * count that misses where a smaller one meets the deadline on the same seed is reported.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planAnswer } from '../../sim/plan/answer.ts';
import { Evaluator, type Outcome } from '../../sim/plan/evaluate.ts';
import { readPlan } from '../../sim/plan/load.ts';
import { groupsOf, type SearchResult, type Status } from '../../sim/plan/search.ts';
import { planText } from '../../sim/plan/text.ts';
import { InlineExecutor } from '../../sim/sweep/task.ts';

const small = readPlan('scenarios/plans/small.plan.yaml');
// the outcomes below are synthetic; at confidence 0.75 one cut of two replications is a miss (the file's own is 0.5)
const plan = { ...small, goal: { ...small.goal, confidence: 0.75 } };
const outcome = (makespan: number, cost: number): Outcome => ({
  completed: true, failed: 0, makespan, p95: 1, gpuUtilization: 0.5, peakNodes: 1,
  cost: { total: cost, gpu_nodes: cost, cpu_nodes: 0, storage: 0, operations: 0, storage_egress: 0, egress: 0 },
});
const cut = (cost: number): Outcome => ({ ...outcome(NaN, cost), completed: false, unfinished: { above_s: plan.goal.deadline_s, left: 40 } });

function result(ev: Evaluator, evaluated: number[]): SearchResult {
  const status: Status[] = plan.candidates.map((c) => (evaluated.includes(c.index) ? { kind: 'evaluated' } : { kind: 'skipped', by: 'window', detail: 'x' }));
  return { status, evaluator: ev, costBounds: plan.candidates.map(() => 0), groups: groupsOf(plan, plan.candidates) };
}

test('a once-run probe stays off the front and is not recommended over candidates with more replications', () => {
  const ev = new Evaluator(new InlineExecutor());
  ev.outcomes.set(0, [outcome(100, 0.1)]); // one lucky replication: faster and cheaper than anything
  ev.outcomes.set(1, [outcome(600, 0.5), outcome(700, 0.6)]);
  ev.outcomes.set(2, [outcome(500, 0.9), outcome(550, 1.0)]);
  const a = planAnswer(plan, result(ev, [0, 1, 2]), 0);
  assert.equal(a.pareto.map((p) => p.settings), [plan.candidates[2]!.settings, plan.candidates[1]!.settings]);
  // the leader among those with the most replications: a once-run probe's mean over one seed is not
  // compared with means over two (the race gives it more replications before an answer)
  assert.equal(a.recommendation?.settings, plan.candidates[1]!.settings);
  assert.is(a.candidates.evaluated, 3);
  assert.is(a.candidates.skipped_by.window, plan.candidates.length - 3);
});

test('a replication cut at the deadline: no makespan or cost invented, "> deadline" in the misses, off the front', () => {
  const ev = new Evaluator(new InlineExecutor());
  ev.outcomes.set(0, [cut(0.2), outcome(900, 0.3)]);
  ev.outcomes.set(1, [outcome(2000, 0.4), outcome(2100, 0.4)]); // finished, but after the 20 min deadline
  const a = planAnswer(plan, result(ev, [0, 1]), 0);
  assert.is(a.feasible, false);
  const miss = a.nearest_misses.find((m) => m.settings === plan.candidates[0]!.settings)!;
  assert.is(miss.makespan_s, null);
  assert.is(miss.cost_usd, null);
  assert.equal(miss.unfinished, { replications: 1, above_s: plan.goal.deadline_s });
  assert.match(miss.lacks.join(' '), /1 of 2 replications were unfinished at the deadline of 1200 s and were cut there \(makespan > 1200 s\)/);
  assert.equal(a.pareto.map((p) => p.settings), [plan.candidates[1]!.settings]);
  assert.match(planText(a), /> 0\.33 h \(1 of 2 replications cut at the deadline or stopped once settled\)/);
  // and JSON carries null, not NaN
  assert.ok(JSON.stringify(a).includes('"makespan_s":null'));
});

test('monotonicity: a larger count that misses where a smaller one meets the deadline on the same seed is reported', () => {
  const ev = new Evaluator(new InlineExecutor());
  const [g] = groupsOf(plan, plan.candidates);
  ev.outcomes.set(g![2]!.index, [outcome(900, 0.3), outcome(950, 0.3)]);
  ev.outcomes.set(g![3]!.index, [outcome(1000, 0.3), cut(0.3)]); // the second seed misses with one GPU node more
  const a = planAnswer(plan, result(ev, [g![2]!.index, g![3]!.index]), 0);
  assert.is(a.monotonicity.violations.length, 1);
  assert.equal(a.monotonicity.violations[0], { settings: { 'cluster.pools.gpu.preemptible': true, 'cluster.zones': 1 }, fewer: 3, more: 4, replication: 1 });
  assert.match(planText(a), /monotonicity violated.*max=3 meets the deadline on replication 2 and max=4 misses it/);
});

test.run();
