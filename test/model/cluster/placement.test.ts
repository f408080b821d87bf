import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fits, nodeUtilization, placePod, PlacementRun, type NodeLoad } from '../../../sim/model/cluster/placement.ts';
import { RandomStreams } from '../../../sim/engine/rng.ts';

const MiB = 2 ** 20;
type TestNode = NodeLoad & { name: string; state: string };
const cpuNode = (name: string, usedCpu: number, pool = 'consumer', state = 'running'): TestNode => ({
  name, pool, state, cpu: 1.93, memoryBytes: 5839 * MiB, gpus: 0, usedCpu, usedMemory: usedCpu > 0 ? 256 * MiB : 0, usedGpus: 0,
});
const gpuNode = (name: string, used = false): TestNode => ({
  name, pool: 'gpu', state: 'running', cpu: 1.93, memoryBytes: 10856 * MiB, gpus: 1,
  usedCpu: used ? 1 : 0, usedMemory: used ? 3584 * MiB : 0, usedGpus: used ? 1 : 0,
});
const consumer = { cpu: 0.3, memoryBytes: 256 * MiB, gpu: 0 };
const tf = { cpu: 1, memoryBytes: 3584 * MiB, gpu: 1 };
const placed = (r: typeof consumer, pool: string, nodes: TestNode[]) => placePod(r, pool, nodes)?.name ?? null;

test('binpack: the fullest node that still fits', () => {
  assert.is(placed(consumer, 'consumer', [cpuNode('a', 0.3), cpuNode('b', 1.2), cpuNode('c', 1.7)]), 'b'); // c has 230m left
});
test('the fit boundary: exactly the free CPU fits, one millicore more does not', () => {
  assert.ok(fits(cpuNode('a', 1.63), consumer));
  assert.not.ok(fits(cpuNode('a', 1.631), consumer));
});
test('only running nodes of the pod\'s pool take it', () => {
  assert.is(placed(consumer, 'consumer', [cpuNode('x', 0, 'default'), cpuNode('p', 0, 'consumer', 'provisioning'), cpuNode('u', 0, 'consumer', 'gpu-unready'), cpuNode('d', 0, 'consumer', 'draining')]), null);
  assert.is(placed(consumer, 'default', [cpuNode('x', 0, 'default')]), 'x');
});
test('GPU nodes are tainted: a CPU-only pod stays off them; a GPU pod needs a free GPU', () => {
  assert.is(placed(consumer, 'gpu', [gpuNode('g')]), null);
  assert.is(placed(tf, 'gpu', [gpuNode('g1', true), gpuNode('g2')]), 'g2');
  assert.is(placed(tf, 'gpu', [gpuNode('g1', true)]), null);
});
test('ties go to the earlier node (deterministic)', () => {
  assert.is(placed(consumer, 'consumer', [cpuNode('a', 0), cpuNode('b', 0)]), 'a');
});
test('utilisation for scale-down: GPU nodes count GPU requests only; others the larger of CPU and memory', () => {
  assert.is(nodeUtilization(gpuNode('g', true)), 1); // CPU only 52 % used
  assert.is(nodeUtilization({ ...gpuNode('g'), usedCpu: 1.9, usedMemory: 10000 * MiB }), 0);
  assert.ok(Math.abs(nodeUtilization(cpuNode('c', 0.6)) - 0.6 / 1.93) < 1e-12);
  assert.ok(Math.abs(nodeUtilization({ ...cpuNode('c', 0.1), usedMemory: 5839 * MiB * 0.8 }) - 0.8) < 1e-12); // memory-bound
});

/** Binds `r` on `node` as the cluster does (used figures grow by the request). */
const bindOn = (node: TestNode, r: typeof consumer) => {
  node.usedCpu += r.cpu;
  node.usedMemory += r.memoryBytes;
  node.usedGpus += r.gpu;
};

test('a run of placements picks, pod after pod, the nodes placePod picks (random clusters, ties included)', () => {
  const rng = new RandomStreams(11).stream('placement-run');
  for (let trial = 0; trial < 300; trial++) {
    // used CPU on a 0.1-core grid, so that equal scores (ties) are common
    const make = () => Array.from({ length: 1 + Math.floor(rng.next() * 12) }, (_, i) =>
      cpuNode(`n${i}`, Math.floor(rng.next() * 17) / 10, rng.next() < 0.15 ? 'default' : 'consumer', rng.next() < 0.1 ? 'provisioning' : 'running'));
    const a = make();
    const b = a.map((n) => ({ ...n }));
    const r = rng.next() < 0.5 ? consumer : { cpu: 0.2, memoryBytes: 128 * MiB, gpu: 0 };
    const run = new PlacementRun(r, 'consumer', b);
    for (let k = 0; k < 30; k++) {
      const expected = placePod(r, 'consumer', a);
      const got = run.next();
      assert.is(got?.name ?? null, expected?.name ?? null, `trial ${trial}, pod ${k}`);
      if (expected) bindOn(expected, r);
      if (got) bindOn(got, r);
    }
  }
});

test('a run of placements: once no node fits, no later pod is placed', () => {
  const nodes = [cpuNode('a', 1.5)];
  const run = new PlacementRun(consumer, 'consumer', nodes);
  assert.is(run.next()?.name, 'a');
  bindOn(nodes[0]!, consumer);
  assert.is(run.next(), null);
  assert.is(run.next(), null);
});

test.run();
