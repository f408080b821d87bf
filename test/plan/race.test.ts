/**
 * The race with its tie rule (sim/plan/search.ts race, tie.ts) on a synthetic source: the small plan's
 * candidates at a cap of 8, costs sharing a seed effect (as common random numbers do) and differing by half a
 * percent per GPU count among the preemptible ones (with 2 % noise of their own), on-demand ones three
 * times dearer. The tie rule must stop the near-equal counts at its first look, still recommend the
 * exhaustive optimum (or one within the
 * tolerance of it), run the recommendation's 8 replications, and, when the cheapest misses the goal on
 * a late replication, take its tied candidates back into the race.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planAnswer } from '../../sim/plan/answer.ts';
import { Evaluator, type Outcome, type OutcomeSource } from '../../sim/plan/evaluate.ts';
import { readPlan, type Plan } from '../../sim/plan/load.ts';
import { cheapest, search } from '../../sim/plan/search.ts';
import { planText } from '../../sim/plan/text.ts';
import { deriveReplicationSeeds } from '../../sim/engine/rng.ts';

const small = readPlan('scenarios/plans/small.plan.yaml');
const planWith = (cost_tolerance: number): Plan => ({ ...small, goal: { ...small.goal, confidence: 0.95, cost_tolerance }, replications: { initial: 2, cap: 8 }, gpuWindow: 5 });
const seeds = deriveReplicationSeeds(small.base.config.seed, 8);

/** A number in [0, 1) from an integer (a few rounds of an integer hash). */
const unit = (x: number) => {
  let h = x >>> 0;
  for (let i = 0; i < 3; i++) h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return h / 2 ** 32;
};

/** `late`: the GPU count whose last replication misses the deadline (preemptible, one zone). */
function source(late?: number): OutcomeSource {
  return async (task) => {
    const pool = task.config.cluster.pools.gpu;
    const k = seeds.indexOf(task.seed);
    const shared = unit(task.seed); // the seed's effect, common to every candidate
    const own = unit(task.seed * 31 + pool.max * 7 + (pool.preemptible ? 1 : 0) + task.config.cluster.zones * 101);
    const cost = (1 + 0.005 * pool.max + 0.3 * shared + 0.04 * own) * (pool.preemptible ? 1 : 3) * (task.config.cluster.zones === 2 ? 1.5 : 1);
    const makespan = late === pool.max && pool.preemptible && task.config.cluster.zones === 1 && k === 7 ? 5000 : 600 + 100 * shared;
    const cut = makespan > task.config.timeLimit;
    return {
      completed: !cut, failed: 0, makespan: cut ? NaN : makespan, p95: 1, gpuUtilization: 0.5, peakNodes: pool.max,
      cost: { total: cost, gpu_nodes: cost, cpu_nodes: 0, storage: 0, operations: 0, storage_egress: 0, egress: 0 },
      ...(cut ? { unfinished: { above_s: task.config.timeLimit, left: 10 } } : {}),
    } satisfies Outcome;
  };
}

async function planned(tolerance: number, late?: number) {
  const plan = planWith(tolerance);
  const ev = new Evaluator(source(late), undefined, plan.goal);
  const r = await search(plan, ev);
  return { plan, r, a: planAnswer(plan, r, 0) };
}

/** Every candidate at the cap on the same source: the exhaustive optimum. */
async function exhaustive(late?: number) {
  const plan = planWith(0);
  const ev = new Evaluator(source(late));
  await ev.ensure(plan.candidates, 8, 'exhaustive');
  const best = cheapest(plan.candidates, (c) => ev.of(c), plan)!;
  const mean = (settings: Record<string, unknown>) => {
    const c = plan.candidates.find((x) => JSON.stringify(x.settings) === JSON.stringify(settings))!;
    return ev.of(c).reduce((s, o) => s + o.cost.total, 0) / 8;
  };
  return { best, mean };
}

test('near-equal counts are left tied after 4 replications, short of the cap; the exhaustive optimum', async () => {
  const off = await planned(0);
  const on = await planned(0.05);
  const ex = await exhaustive();
  assert.equal(off.a.recommendation?.settings, ex.best.settings);
  // the tie rule breaks ties in favour of the cheapest on its replications: here the exhaustive optimum itself
  assert.equal(on.a.recommendation?.settings, ex.best.settings);
  assert.is(on.a.recommendation?.replications, 8);
  const tied = on.a.race.candidates.filter((e) => e.left === 'tied');
  assert.ok(tied.length >= 1, JSON.stringify(on.a.race.candidates));
  for (const t of tied) {
    assert.is(t.replications, 4);
    assert.is(t.tie?.replications, 4);
    assert.ok(t.tie!.upper_usd <= 0);
    // what the rule promises, checked on the exhaustive means: a tied one is not more than 5 % cheaper
    assert.ok(ex.mean(t.settings) >= 0.95 * ex.mean(on.a.recommendation!.settings), JSON.stringify(t));
  }
  // without the rule (tolerance 0) the near-equal counts are dropped by the sign rule on one or two
  // seeds, with no error rate; with it they race to its first look and stop there, short of the cap
  assert.ok(tied.every((t) => t.replications < 8));
  assert.equal(off.a.race.candidates.filter((e) => e.left === 'tied'), []);
  assert.equal(off.a.race.looks, []);
  assert.equal([on.a.race.looks, on.a.race.level_per_look, on.a.race.error_rate, on.a.race.cost_tolerance], [[4, 6], 0.025, 0.05, 0.05]);
  assert.match(on.a.race.tie_break, /^the leader is kept/);
  // the race's runs add up, by candidate, to the phase's count
  assert.is(on.a.race.candidates.reduce((s, e) => s + e.race_runs, 0), on.a.runs_by_phase.race);
  assert.match(planText(on.a), /race: \d+ runs; .*tied: .* on average on 4 shared seeds, shown not more than 5% cheaper \(one-sided 97\.5%\)/);
  assert.match(planText(on.a), /tie rule: from 4 shared replications .* at most 5% \(goal\.cost_tolerance/);
});

test('the cheapest misses on its last replication: its tied candidates race again; the new cheapest gets all 8, within the tolerance of the exhaustive optimum', async () => {
  const clean = await planned(0.05);
  const first = clean.a.recommendation!.settings['cluster.pools.gpu.max'] as number;
  const on = await planned(0.05, first);
  const off = await planned(0, first);
  const ex = await exhaustive(first);
  assert.not.equal(ex.best.settings['cluster.pools.gpu.max'], first);
  assert.equal(off.a.recommendation?.settings, ex.best.settings);
  const was = on.a.race.candidates.find((e) => e.settings['cluster.pools.gpu.max'] === first && e.settings['cluster.pools.gpu.preemptible'] === true && e.settings['cluster.zones'] === 1)!;
  assert.is(was.left, 'missed');
  const rec = on.a.recommendation!;
  assert.is(rec.replications, 8);
  assert.is(rec.p_meets_goal.estimate, 1);
  // every tie left stands against the new cheapest
  const tied = on.a.race.candidates.filter((e) => e.left === 'tied');
  for (const t of tied) assert.ok(t.tie!.upper_usd <= 0);
  // Which it is here: not the exhaustive optimum (2 GPUs) but 3 GPUs, the cheapest on 4 replications
  // when the ties came back, with the optimum left tied with it; the rule's promise holds on the
  // exhaustive means: the optimum is not more than the 5 % tolerance cheaper than the recommendation.
  assert.is(ex.best.settings['cluster.pools.gpu.max'], 2);
  assert.is(rec.settings['cluster.pools.gpu.max'], 3);
  assert.ok(tied.some((t) => JSON.stringify(t.settings) === JSON.stringify(ex.best.settings)), 'the optimum is listed as tied');
  assert.ok(ex.mean(ex.best.settings) >= 0.95 * ex.mean(rec.settings), `${ex.mean(ex.best.settings)} vs ${ex.mean(rec.settings)}`);
});

test.run();
