/**
 * Speculative runs (sim/plan/evaluate.ts): idle workers run ahead of the search, and the search's answer
 * must not show it. The small plan searched on a synthetic source (outcomes a function of the GPU count,
 * pool kind and seed; each run finishing after a delay from its seed, so runs complete out of order) with
 * 0 to 3 workers taking speculative runs: the same statuses, the same outcomes per candidate, the same runs
 * by phase; speculation happened; no task ran twice.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planAnswer } from '../../sim/plan/answer.ts';
import { Evaluator, type Outcome, type OutcomeSource } from '../../sim/plan/evaluate.ts';
import { readPlan } from '../../sim/plan/load.ts';
import { search } from '../../sim/plan/search.ts';

const plan = readPlan('scenarios/plans/small.plan.yaml');

/** A number in [0, 1) from a seed (a few rounds of an integer hash). */
const unit = (seed: number) => {
  let h = seed >>> 0;
  for (let i = 0; i < 3; i++) h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  return h / 2 ** 32;
};

function syntheticSource(): { source: OutcomeSource; tasks: string[] } {
  const tasks: string[] = [];
  const source: OutcomeSource = (task) => {
    const pool = task.config.cluster.pools.gpu;
    tasks.push(`${pool.max}/${pool.preemptible}/${task.config.cluster.zones}/${task.seed}`);
    const u = unit(task.seed + pool.max * 7919 + (pool.preemptible ? 1 : 0));
    // about 3,000 s of work over the GPU nodes, slower with two zones; preemptible nodes cheaper, sometimes slower
    const makespan = (3000 / pool.max) * (0.8 + 0.5 * u) + (task.config.cluster.zones === 2 ? 150 : 0) + (pool.preemptible && u > 0.8 ? 200 : 0);
    const cost = pool.max * (makespan / 3600) * (pool.preemptible ? 0.4 : 1.2) + 0.3 * u;
    const cut = makespan > task.config.timeLimit;
    const o: Outcome = {
      completed: !cut, failed: 0, makespan: cut ? NaN : makespan, p95: 1, gpuUtilization: 0.5, peakNodes: pool.max,
      cost: { total: cost, gpu_nodes: cost, cpu_nodes: 0, storage: 0, operations: 0, storage_egress: 0, egress: 0 },
      ...(cut ? { unfinished: { above_s: task.config.timeLimit, left: 10 } } : {}),
    };
    return new Promise((resolve) => setTimeout(() => resolve(o), Math.floor(unit(task.seed ^ pool.max) * 8)));
  };
  return { source, tasks };
}

async function searched(slots: number) {
  const { source, tasks } = syntheticSource();
  const ev = new Evaluator(source, undefined, plan.goal, slots);
  const r = await search(plan, ev);
  const a = planAnswer(plan, r, 0);
  const outcomes = plan.candidates.map((c) => ev.of(c));
  return { r, a, outcomes, tasks };
}

test('speculative runs change nothing the search decides or reports, and no task runs twice', async () => {
  const base = await searched(0);
  assert.ok(base.a.recommendation, 'the synthetic small plan has a recommendation');
  assert.is(base.a.speculated.runs, 0);
  assert.ok(base.a.runs_by_phase.race! > 0, 'the synthetic plan races');
  for (const slots of [1, 2, 3]) {
    const s = await searched(slots);
    assert.equal(s.r.status, base.r.status, `statuses with ${slots} slots`);
    assert.equal(s.outcomes, base.outcomes, `outcomes with ${slots} slots`);
    assert.equal(s.a.recommendation, base.a.recommendation);
    assert.equal([s.a.runs, s.a.runs_by_phase, s.a.candidates, s.a.pareto, s.a.monotonicity], [base.a.runs, base.a.runs_by_phase, base.a.candidates, base.a.pareto, base.a.monotonicity]);
    assert.is(new Set(s.tasks).size, s.tasks.length, `a task ran twice with ${slots} slots`);
    // every run the search used ran once: its own or a speculative one it took over
    assert.is(s.tasks.length, s.a.runs + s.a.speculated.runs - s.a.speculated.used);
    if (slots >= 2) assert.ok(s.a.speculated.used > 0, `speculation used with ${slots} slots: ${JSON.stringify(s.a.speculated)}`);
  }
});

test.run();
