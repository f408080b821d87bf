/** The answer's Pareto front takes only candidates with the initial replications (a lucky single probe must not dominate). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planAnswer } from '../../sim/plan/answer.ts';
import { Evaluator, type Outcome } from '../../sim/plan/evaluate.ts';
import { readPlan } from '../../sim/plan/load.ts';
import type { Status } from '../../sim/plan/search.ts';
import { InlineExecutor } from '../../sim/sweep/task.ts';

const plan = readPlan('scenarios/plans/small.plan.yaml');
const outcome = (makespan: number, cost: number): Outcome => ({
  completed: true, makespan, p95: 1, gpuUtilization: 0.5, peakNodes: 1,
  cost: { total: cost, gpu_nodes: cost, cpu_nodes: 0, storage: 0, operations: 0, storage_egress: 0, egress: 0 },
});

test('a once-run probe stays off the front; the recommendation is the cheapest feasible with its replications', () => {
  const ev = new Evaluator(new InlineExecutor());
  ev.outcomes.set(0, [outcome(100, 0.1)]); // one lucky replication: faster and cheaper than anything
  ev.outcomes.set(1, [outcome(600, 0.5), outcome(700, 0.6)]);
  ev.outcomes.set(2, [outcome(500, 0.9), outcome(550, 1.0)]);
  const status: Status[] = plan.candidates.map((c) => (c.index <= 2 ? { kind: 'evaluated' } : { kind: 'skipped', detail: 'x' }));
  const a = planAnswer(plan, { status, evaluator: ev }, 0);
  assert.equal(a.pareto.map((p) => p.settings), [plan.candidates[2]!.settings, plan.candidates[1]!.settings]);
  assert.equal(a.recommendation?.settings, plan.candidates[0]!.settings); // feasible on what it has; racing gives it more before an answer
  assert.is(a.candidates.evaluated, 3);
});

test.run();
