/** The generic scenario -> KioskConfig transform (camelTree.ts) and its derivations (normalize.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { camelKey, camelTree, RENAMED } from '../../sim/scenario/camelTree.ts';
import { distribution } from '../../sim/scenario/distribution.ts';
import { bandwidth, real, section, size } from '../../sim/scenario/fields.ts';
import { allocatableFor } from '../../sim/scenario/machines.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { ScenarioProblemError } from '../../sim/scenario/problem.ts';
import { configFrom } from '../support/configFrom.ts';

test('keys: snake_case -> camelCase, the renames win, digits after an underscore too', () => {
  assert.is(camelKey('scale_down_delay_after_add'), 'scaleDownDelayAfterAdd');
  assert.is(camelKey('operations_per_10k'), 'operationsPer10k');
  assert.is(camelKey('image_size'), 'imageBytes');
  assert.is(camelKey('a'), 'A');
  assert.is(camelKey('tau1'), 'tau1');
  assert.ok(Object.keys(RENAMED).length <= 6, 'the renames stay a short list');
});

const demo = section('demo', {
  link_speed: bandwidth('b'),
  memory: size('m'),
  start_up: distribution('d'),
  by_name: z.record(z.string(), z.strictObject({ on_demand: real('USD per hour.'), preemptible: real('USD per hour, preemptible.') })).optional(),
});

test('the walk follows the schema: table keys kept, distributions become specs, absent keys stay absent', () => {
  const parsed = demo.parse({ link_speed: '1Gbps', memory: '1Ki', start_up: '2s', by_name: { 'n1_x-2': { on_demand: 1, preemptible: 0.5 } } });
  assert.equal(camelTree(demo, parsed), {
    linkSpeed: 1e9, memoryBytes: 1024, startUp: { kind: 'constant', value: 2 }, byName: { 'n1_x-2': { onDemand: 1, preemptible: 0.5 } },
  });
  assert.equal(camelTree(demo, demo.parse({ memory: 5 })), { memoryBytes: 5 });
});

test('a mapping in a named table must be complete (no default stands behind it); the error names the path and what is expected', () => {
  const parsed = demo.parse({ by_name: { big: { on_demand: 1 } } });
  try {
    camelTree(demo, parsed, ['x']);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ScenarioProblemError);
    assert.equal((e as ScenarioProblemError).path, ['x', 'by_name', 'big', 'preemptible']);
    assert.is((e as Error).message, 'expected a value (USD per hour, preemptible), found nothing');
  }
});

test('a distribution the engine refuses is reported at its parameter', () => {
  const parsed = demo.parse({ start_up: { kind: 'uniform', min: '3s', max: '1s' } });
  try {
    camelTree(demo, parsed, ['x']);
    assert.unreachable();
  } catch (e) {
    assert.equal((e as ScenarioProblemError).path, ['x', 'start_up', 'max']);
  }
});

test('derivations: transfer steps fall back to storage-wide values, a pool gets its machine from the catalogue, preemption keeps its model\'s parameters', () => {
  const c = configFrom({ storage: { latency: '10ms', bandwidth: '1Gbps', steps: { zip_up: { bandwidth: '8Mbps' } } }, cluster: { preemption: { model: 'bathtub' } } });
  assert.equal(c.storage.steps.zipUp, { latency: 0.01, bandwidthBps: 8e6 });
  assert.equal(c.storage.steps.clientDown, { latency: 0.01, bandwidthBps: 1e9 });
  assert.equal(Object.keys(c.storage), ['enabled', 'steps', 'variation']);
  const shape = allocatableFor('n1-standard-2')!;
  assert.equal(c.cluster.pools.consumer.machine, { name: 'n1-standard-2', cpu: shape.cpu, memoryBytes: shape.memoryBytes, gpus: 0, gpuType: null });
  const own = configFrom({ cluster: { pools: { consumer: { cpu: 3, memory: '1GiB' } } } }).cluster.pools.consumer.machine;
  assert.equal([own.cpu, own.memoryBytes], [3, 2 ** 30]);
  assert.equal(Object.keys(c.cluster.preemption).sort(), ['A', 'b', 'cap', 'grace', 'model', 'notice', 'tau1', 'tau2']);
  assert.equal(configFrom({ cluster: { preemption: { model: 'none' } } }).cluster.preemption, { model: 'none' });
});

test('the file-only keys (description, extends, replications, serving.profile, cost.price_file) do not reach the model', () => {
  const c = loadScenario('scenarios/examples/quick.yaml').config as unknown as Record<string, Record<string, unknown>>;
  for (const k of ['description', 'extends', 'replications']) assert.not.ok(k in c, k);
  assert.not.ok('profile' in c.serving!);
  assert.not.ok('priceFile' in c.cost!);
  assert.is(c.name as unknown as string, 'quick');
});

test('an arrival gets its kind\'s defaults only, and a missing required parameter is named', () => {
  assert.equal(configFrom({ workload: { arrival: { kind: 'poisson', start_delay: undefined, rate: '5/s' } } }).workload.arrival, { kind: 'poisson', rate: 5, unit: 'image' });
  assert.throws(() => loadScenario('scenarios/examples/quick.yaml', ['workload.arrival={kind: poisson}']), /workload\.arrival\.rate: expected a Poisson rate such as "10\/s", found nothing/);
});



test('a bathtub distribution takes the parameters it does not give from the model\'s GCE preemption fit', async () => {
  const { BATHTUB_ALL_DATA_FIT } = await import('../../sim/model/cluster/preemptionFit.ts');
  const c = configFrom({ serving: { startup: { kind: 'bathtub', cap: '12h', mean: undefined, cv: undefined } } });
  assert.equal(c.serving.startup, { kind: 'bathtub', ...BATHTUB_ALL_DATA_FIT, cap: 12 * 3600 });
});
test('the defaults\' bathtub preemption (defaults.ts, in the file\'s units) is the model\'s fit', async () => {
  const { BATHTUB_ALL_DATA_FIT: fit } = await import('../../sim/model/cluster/preemptionFit.ts');
  const p = configFrom({ cluster: { preemption: { model: 'bathtub' } } }).cluster.preemption;
  assert.ok(p.model === 'bathtub');
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.abs(b);
  for (const k of ['A', 'b', 'tau1', 'tau2', 'cap'] as const) assert.ok(close(p[k], fit[k]), `${k}: ${p[k]} vs ${fit[k]}`);
});

test.run();
