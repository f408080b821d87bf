/**
 * The analytic bounds are lower bounds: below the simulated makespan and cost of real runs, across
 * GPU types, pool sizes, preemptible or not, one or two zones and arrival kinds; and each bound says
 * something (it is above 0 where it should be, and the GPU bound binds where the GPUs do).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { arrivalBound, costBound, costBounds, pruneReason, timeBound } from '../../sim/plan/bounds.ts';
import { bestRate, gpuServerSeconds, gpuTimeBound } from '../../sim/plan/gpuBound.ts';
import { runOne } from '../../sim/results/runScenario.ts';
import { loadScenario } from '../../sim/scenario/load.ts';

const PAPER = 'scenarios/paper/2020-8gpu-0.5s-1m.yaml';
const T2026 = 'cost.price_table=gce-us-west1-2026-12';
const cases: [string, string[]][] = [
  ['scenarios/examples/quick.yaml', []],
  ['scenarios/examples/quick.yaml', ['workload.arrival={kind: paced, start_delay: 5s}']],
  ['scenarios/examples/upload.yaml', ['workload.images=400']],
  ['scenarios/paper/2020-1gpu-5.0s-10k.yaml', ['workload.images=1000', 'cluster.pools.gpu.min=1']],
  // the headline's base with fewer images, each GPU type of the 2026 table, GPU-bound (1-2 nodes, fast arrivals)
  ...(['T4', 'V100', 'A100', 'L4'] as const).flatMap((gpu): [string, string[]][] => [
    [PAPER, ['workload.images=3000', 'workload.arrival={kind: paced, start_delay: 0.05s}', 'cluster.pools.gpu.max=1', `cluster.pools.gpu.gpu_type=${gpu}`, T2026]],
    [PAPER, ['workload.images=3000', 'workload.arrival={kind: paced, start_delay: 0.05s}', 'cluster.pools.gpu.max=2', 'cluster.pools.gpu.min=2', 'cluster.pools.gpu.preemptible=false', 'cluster.zones=1', `cluster.pools.gpu.gpu_type=${gpu}`, T2026]],
  ]),
  [PAPER, ['workload.images=2000', 'cluster.zones=2']],
];

for (const [file, sets] of cases) {
  test(`bounds are below the simulated values: ${file} ${sets.join(' ')}`, () => {
    const { config } = loadScenario(file, sets);
    const r = runOne(config, config.seed);
    assert.ok(r.completed);
    const t = timeBound(config);
    assert.ok(t > 0, 'the bound says something');
    assert.ok(arrivalBound(config) <= r.makespan, `arrival bound ${arrivalBound(config)} s > makespan ${r.makespan} s`);
    assert.ok(gpuTimeBound(config) <= r.makespan, `GPU bound ${gpuTimeBound(config)} s > makespan ${r.makespan} s`);
    const b = costBounds(config);
    assert.ok(b.total <= r.cost.total, `cost bound ${b.total} > cost ${r.cost.total}`);
    assert.ok(b.gpu_nodes <= r.cost.gpu_nodes + 1e-9, `GPU node bound ${b.gpu_nodes} > ${r.cost.gpu_nodes}`);
    assert.ok(b.cpu_nodes <= r.cost.cpu_nodes + 1e-9, `CPU node bound ${b.cpu_nodes} > ${r.cost.cpu_nodes}`);
    assert.ok(b.data <= r.cost.storage + r.cost.operations + r.cost.storage_egress + r.cost.egress + 1e-9, `data bound ${b.data}`);
    if (process.env.PLAN_DEBUG) console.log(sets.join(' '), { makespan: r.makespan, t, gpuT: gpuTimeBound(config), cost: r.cost, b });
  });
}

test('the GPU bound binds where the GPUs do: one T4 node for 3000 fast images, within a factor 3 of the run', () => {
  const { config } = loadScenario(PAPER, ['workload.images=3000', 'workload.arrival={kind: paced, start_delay: 0.05s}', 'cluster.pools.gpu.max=1', 'cluster.pools.gpu.gpu_type=T4', T2026]);
  const r = runOne(config, config.seed);
  const g = gpuTimeBound(config);
  assert.ok(g > arrivalBound(config), `GPU bound ${g} s vs arrival bound ${arrivalBound(config)} s`);
  assert.ok(g > r.makespan / 3, `GPU bound ${g} s, makespan ${r.makespan} s`);
});

test('the GPU rate: the best batch (128 tiles) at the fastest residual of the profile; work = images x 42 tiles / rate', () => {
  const { config } = loadScenario(PAPER, ['workload.images=1000']);
  const p = config.serving.serviceTime.kind === 'profile' ? config.serving.serviceTime.profile : undefined;
  const fit = p!.fit;
  const least = Math.min(...p!.residuals.values);
  const expected = 128 / ((fit.a + fit.b * 128) * least); // 256 x 256 tiles are the fit's reference tile
  assert.ok(Math.abs(bestRate(config) - expected) < 1e-9 * expected, `${bestRate(config)} vs ${expected}`);
  assert.ok(Math.abs(gpuServerSeconds(config) - (1000 * 42) / expected) < 1e-6);
});

test('paced arrivals: Z zips every s seconds give (Z - 1) x s; a deadline below it prunes, one above does not', () => {
  const { config } = loadScenario('scenarios/examples/quick.yaml', ['workload.images=1000', 'workload.arrival={kind: paced, start_delay: 2s}']);
  assert.is(arrivalBound(config), 9 * 2);
  assert.is(pruneReason(config, 17, 1e9)?.cause, 'deadline');
  if (timeBound(config) <= 18) assert.is(pruneReason(config, 18, 1e9), undefined);
});

test('the headline in two zones pays its inter-zone egress whatever the cluster size: pruned on the budget without a run', () => {
  const { config } = loadScenario(PAPER, ['cluster.zones=2', 'cluster.pools.gpu.max=32']);
  const b = costBounds(config);
  assert.ok(b.data > 160 && b.data < 180, `data bound $${b.data}`); // README: the headline pays $165 of inter-zone egress
  const why = pruneReason(config, 4 * 3600, 100);
  assert.is(why?.cause, 'budget');
  assert.match(why!.detail, /at least \$1[6-9]\d\.\d\d .*more than the budget of \$100\.00/);
  const one = loadScenario(PAPER, ['cluster.zones=1', 'cluster.pools.gpu.max=32']).config;
  assert.ok(costBound(one) < 100, `one zone: $${costBound(one)}`);
});

test('the GPU bound prunes counts too small for the deadline: 10^6 images on one V100 node cannot finish in 4 h', () => {
  const { config } = loadScenario(PAPER, ['cluster.zones=1', 'cluster.pools.gpu.max=1']);
  const why = pruneReason(config, 4 * 3600, 100);
  assert.is(why?.cause, 'deadline');
  assert.match(why!.detail, /GPU work needs at least \d+ s on at most 1 GPU nodes/);
});

test.run();
