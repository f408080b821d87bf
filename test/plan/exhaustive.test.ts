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
const ev = (r: Awaited<ReturnType<typeof search>>) => r.evaluator;

test('small plan: recommendation equals the exhaustive grid at the cap; pruning removed no feasible candidate', async () => {
  assert.ok(plan.candidates.length >= 24, `${plan.candidates.length} candidates`);
  const pool = new RunPool(2);
  try {
    const full = new Evaluator(pool);
    await full.ensure(plan.candidates, plan.replications.cap, 'exhaustive');
    const optimum = cheapest(plan.candidates, (c) => full.of(c), plan);
    if (process.env.PLAN_DEBUG) for (const c of plan.candidates) console.log(JSON.stringify(c.settings), full.of(c).map((o) => [Math.round(o.makespan), o.cost.total.toFixed(3)]).join(' '));
    assert.ok(optimum, 'the small plan has a feasible configuration');
    // the planner stops its runs where their verdict is settled; the exhaustive grid runs every replication to its end
    const r = await search(plan, new Evaluator(pool, undefined, plan.goal));
    const answer = planAnswer(plan, r, 0);
    assert.equal(answer.recommendation?.settings, optimum!.settings);
    // the same seeds: the planner's figures for the recommendation are the exhaustive ones
    assert.equal(answer.recommendation?.replications, plan.replications.cap);
    for (const c of plan.candidates) {
      const s = r.status[c.index]!;
      if (s.kind === 'pruned') assert.not.ok(feasible(full.of(c), plan), `pruned ${JSON.stringify(c.settings)} is feasible`);
      // skipped by the cost bound: never cheaper than the optimum
      if (s.kind === 'skipped' && s.by === 'bound') assert.ok(r.costBounds[c.index]! > answer.recommendation!.cost_usd.mean, JSON.stringify(c.settings));
      assert.not.equal(s.kind === 'skipped' && s.by, 'not run');
      // a cut replication is the exhaustive one's miss; a finished one has the exhaustive figures
      ev(r).of(c).forEach((o, k) => {
        const f = full.of(c)[k]!;
        if (o.unfinished) assert.ok(!f.completed || f.makespan > plan.goal.deadline_s, `${JSON.stringify(c.settings)} #${k}: cut, but finished by the deadline uncut`);
        else assert.equal([o.makespan, o.cost.total], [f.makespan, f.cost.total]);
      });
    }
    if (process.env.PLAN_DEBUG) console.log(answer.runs_by_phase, answer.candidates, full.runs);
    // it spent fewer runs than the exhaustive grid, and said where
    assert.ok(answer.runs < full.runs, `${answer.runs} runs vs ${full.runs}`);
    assert.equal(Object.values(answer.runs_by_phase).reduce((s, n) => s + n, 0), answer.runs);
    assert.equal(answer.candidates.total, plan.candidates.length);
    assert.equal(answer.candidates.pruned + answer.candidates.skipped + answer.candidates.evaluated, answer.candidates.total);
  } finally {
    await pool.close();
  }
});

/**
 * The same plan with a cap of 8, where the race's schedule has its looks (4 and 6 replications) and the
 * tie rule may stop a candidate shown, paired by seed, not to be more than goal.cost_tolerance cheaper
 * than the cheapest. The rule allows a recommendation within the tolerance of the exhaustive optimum;
 * on this plan it leaves nothing tied (the larger counts are dearer on every seed, and the cheapest has a
 * replication cut at the deadline until the finish, so no tie can be tested against it): the planner
 * must pick the exhaustive optimum itself. (test/plan/race.test.ts has plans where ties happen.)
 */
test('small plan at a cap of 8: the exhaustive optimum itself, nothing left tied', async () => {
  const plan8 = { ...plan, replications: { ...plan.replications, cap: 8 } };
  const pool = new RunPool(2);
  try {
    const full = new Evaluator(pool);
    await full.ensure(plan.candidates, 8, 'exhaustive');
    const optimum = cheapest(plan.candidates, (c) => full.of(c), plan8)!;
    const r = await search(plan8, new Evaluator(pool, undefined, plan8.goal));
    const a = planAnswer(plan8, r, 0);
    assert.equal(a.race.looks, [4, 6]);
    assert.equal(a.race.candidates.filter((e) => e.left === 'tied'), []);
    assert.equal(a.recommendation?.settings, optimum.settings);
    assert.is(a.recommendation?.replications, 8);
    assert.ok(a.runs < full.runs, `${a.runs} runs vs ${full.runs}`);
  } finally {
    await pool.close();
  }
});

test.run();
