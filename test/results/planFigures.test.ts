import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runOne } from '../../sim/results/runScenario.ts';
import { planFigures, summarize } from '../../sim/results/summary.ts';
import { slimReplication } from '../../sim/sweep/slim.ts';

// The planner reads these fields of summarize(name, [r]) (sim/plan/evaluate.ts outcomeOf); planFigures
// must give them to the last bit, for a completed run, one cut by its time limit, and one with retries.
const cases: [string, string, string[]][] = [
  ['a completed run', 'scenarios/examples/quick.yaml', ['workload.images=300']],
  ['a run stopped by its time limit', 'scenarios/examples/quick.yaml', ['time_limit=120s']],
  ['a paper cell at 2,000 images (zips, autoscaling)', 'scenarios/paper/2020-8gpu-0.5s-1m.yaml', ['workload.images=2000']],
];
for (const [name, file, sets] of cases) {
  test(`planFigures gives summarize's images, latency_s.total.p95 and limited_by: ${name}`, () => {
    const { config } = loadScenario(file, sets);
    for (const seed of [3, 4]) {
      const r = slimReplication(runOne(config, seed));
      const s = summarize(config.name, [r]);
      const f = planFigures(r);
      assert.equal(f.images, s.images);
      assert.ok(Object.is(f.total_p95_s, s.latency_s.total.p95), `p95 ${f.total_p95_s} vs ${s.latency_s.total.p95}`);
      assert.equal(f.limited_by, s.limited_by);
      assert.ok(s.images.completed > 0);
    }
  });
}

test.run();
