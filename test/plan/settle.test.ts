/**
 * Early stops for settled verdicts (sim/model/settle.ts, used by the planner): a rule that never fires
 * leaves the run event for event as it was; one that fires stops only runs that, run to their end, do
 * miss the deadline or the budget; and the planner reports such a replication as unfinished, never
 * with a makespan.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { settledMiss } from '../../sim/model/settle.ts';
import { outcomeOf, settleRuleOf } from '../../sim/plan/evaluate.ts';
import { runOne } from '../../sim/results/runScenario.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

const PAPER = 'scenarios/paper/2020-8gpu-0.5s-1m.yaml';
// GPU-bound: one T4 node for 6000 images arriving fast (~70,000 events: the rule is looked at every 20,000)
const { config } = loadScenario(PAPER, ['workload.images=6000', 'workload.arrival={kind: paced, start_delay: 0.05s}', 'cluster.pools.gpu.max=1', 'cluster.pools.gpu.gpu_type=T4', 'cost.price_table=gce-us-west1-2026-12']);
const goal = (deadline_s: number, budget_usd: number) => ({ images: 6000, deadline_s, budget_usd, confidence: 0.95, cost_tolerance: 0.05 });
const full = runOne(config, config.seed);

test('the rule: over the budget, or too many images left for the servers by the deadline; otherwise not settled', () => {
  const rule = { deadline_s: 1000, budget_usd: 5, gpuSecondsPerImage: 2, servers: 4 };
  assert.is(settledMiss({ now: 100, untouched: 10, cost: 5.01 }, rule)?.kind, 'cost');
  assert.is(settledMiss({ now: 100, untouched: 1801, cost: 1 }, rule)?.kind, 'time'); // 100 + 1801 x 2 / 4 > 1000
  assert.is(settledMiss({ now: 100, untouched: 1800, cost: 1 }, rule), undefined); // exactly the deadline: can still make it
  assert.is(settledMiss({ now: 100, untouched: 1e9, cost: 1 }, { ...rule, gpuSecondsPerImage: 0 }), undefined); // no time test without a rate
});

test('a rule that never fires changes nothing: the same makespan, cost and events', () => {
  assert.ok(full.completed);
  const r = runOne(config, config.seed, undefined, { settle: settleRuleOf(config, goal(1e9, 1e9)) });
  assert.equal([r.completed, r.makespan, r.cost, r.engine.events], [full.completed, full.makespan, full.cost, full.engine.events]);
});

test('a deadline the run misses: stopped early (fewer events), reported unfinished with makespan > deadline, no makespan', () => {
  const deadline = full.makespan * 0.8;
  const r = runOne(config, config.seed, undefined, { settle: settleRuleOf(config, goal(deadline, 1e9)) });
  assert.is(r.completed, false);
  assert.is(r.stop?.kind, 'settled');
  assert.ok(r.engine.events < full.engine.events, `${r.engine.events} events vs ${full.engine.events}`);
  const o = outcomeOf(r);
  assert.ok(Number.isNaN(o.makespan));
  assert.is(o.unfinished?.settled?.kind, 'time');
  assert.is(o.unfinished?.above_s, deadline);
  assert.match(r.reason!, /^stopped early: at \d+ s, \d+ images left need at least \d+ s more on 1 GPU servers, past the deadline/);
});

test('a budget the run exceeds: stopped once its bill passed it; the full run costs more than the budget too', () => {
  const budget = full.cost.total * 0.5;
  const r = runOne(config, config.seed, undefined, { settle: settleRuleOf(config, goal(1e9, budget)) });
  assert.is(r.stop?.kind, 'settled');
  assert.ok(r.cost.total > budget && r.cost.total <= full.cost.total, `${r.cost.total} vs budget ${budget}, full ${full.cost.total}`);
  assert.is(outcomeOf(r).unfinished?.settled?.kind, 'cost');
});

test.run();
