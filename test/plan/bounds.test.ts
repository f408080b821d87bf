/** The analytic bounds are lower bounds: below the simulated makespan and cost of real runs. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { arrivalBound, costBound, pruneReason } from '../../sim/plan/bounds.ts';
import { runOne } from '../../sim/results/runScenario.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

const cases: [string, string[]][] = [
  ['scenarios/examples/quick.yaml', []],
  ['scenarios/examples/quick.yaml', ['workload.arrival={kind: paced, start_delay: 5s}']],
  ['scenarios/examples/upload.yaml', ['workload.images=400']],
  ['scenarios/paper/2020-1gpu-5.0s-10k.yaml', ['workload.images=1000', 'cluster.pools.gpu.min=1']],
];

for (const [file, sets] of cases) {
  test(`bounds are below the simulated values: ${file} ${sets.join(' ')}`, () => {
    const { config } = loadScenario(file, sets);
    const r = runOne(config, config.seed);
    assert.ok(r.completed);
    const t = arrivalBound(config);
    assert.ok(t > 0, 'the bound says something');
    assert.ok(t <= r.makespan, `arrival bound ${t} s > makespan ${r.makespan} s`);
    assert.ok(costBound(config) <= r.cost.total, `cost bound ${costBound(config)} > cost ${r.cost.total}`);
  });
}

test('paced arrivals: Z zips every s seconds give (Z - 1) x s; a deadline below it prunes, one above does not', () => {
  const { config } = loadScenario('scenarios/examples/quick.yaml', ['workload.images=1000', 'workload.arrival={kind: paced, start_delay: 2s}']);
  assert.is(arrivalBound(config), 9 * 2);
  assert.is(pruneReason(config, 17, 1e9)?.cause, 'deadline');
  assert.is(pruneReason(config, 18, 1e9), undefined);
});

test.run();
