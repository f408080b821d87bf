/**
 * The planner against the exhaustive grid: every candidate of the small plan run at the replication
 * cap with the same seeds. The planner's recommendation must be the exhaustive one, and no candidate
 * it pruned by bounds may be one the exhaustive search finds feasible.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readPlan } from '../../sim/plan/load.ts';
import { Evaluator } from '../../sim/plan/evaluate.ts';
import { cheapest, feasible, search } from '../../sim/plan/search.ts';
import { planAnswer } from '../../sim/plan/answer.ts';
import { RunPool } from '../../sim/sweep/pool.ts';

const plan = readPlan('scenarios/plans/small.plan.yaml');

test('small plan: recommendation equals the exhaustive grid at the cap; pruning removed no feasible candidate', async () => {
  assert.ok(plan.candidates.length >= 24, `${plan.candidates.length} candidates`);
  const pool = new RunPool(2);
  try {
    const full = new Evaluator(pool);
    await full.ensure(plan.candidates, plan.replications.cap, 'exhaustive');
    const optimum = cheapest(plan.candidates, (c) => full.of(c), plan);
    if (process.env.PLAN_DEBUG) for (const c of plan.candidates) console.log(JSON.stringify(c.settings), full.of(c).map((o) => [Math.round(o.makespan), o.cost.total.toFixed(3)]).join(' '));
    assert.ok(optimum, 'the small plan has a feasible configuration');
    const r = await search(plan, new Evaluator(pool));
    const answer = planAnswer(plan, r, 0);
    assert.equal(answer.recommendation?.settings, optimum!.settings);
    // the same seeds: the planner's figures for the recommendation are the exhaustive ones
    assert.equal(answer.recommendation?.replications, plan.replications.cap);
    for (const c of plan.candidates) {
      if (r.status[c.index]!.kind === 'pruned') assert.not.ok(feasible(full.of(c), plan), `pruned ${JSON.stringify(c.settings)} is feasible`);
    }
    // it spent fewer runs than the exhaustive grid, and said where
    assert.ok(answer.runs < full.runs, `${answer.runs} runs vs ${full.runs}`);
    assert.equal(Object.values(answer.runs_by_phase).reduce((s, n) => s + n, 0), answer.runs);
    assert.equal(answer.candidates.total, plan.candidates.length);
    assert.equal(answer.candidates.pruned + answer.candidates.skipped + answer.candidates.evaluated, answer.candidates.total);
  } finally {
    await pool.close();
  }
});

test.run();
