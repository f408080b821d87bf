import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { placePod, freeResources, type NodeView, type PodRequest } from '../../../sim/model/autoscaling/placement.ts';

const cpuNode = (id: string, usedMilli: number, pool = 'consumer', state: NodeView['state'] = 'ready'): NodeView => ({
  id,
  pool,
  state,
  createdAt: 0,
  allocatable: { cpuMilli: 1930, memoryMiB: 5839, gpu: 0 },
  pods: usedMilli > 0 ? [{ id: `${id}-load`, requests: { cpuMilli: usedMilli, memoryMiB: 256, gpu: 0 } }] : [],
});
const gpuNode = (id: string, used = false): NodeView => ({
  id,
  pool: 'gpu',
  state: 'ready',
  createdAt: 0,
  allocatable: { cpuMilli: 1930, memoryMiB: 10856, gpu: 1 },
  pods: used ? [{ id: `${id}-tf`, requests: { cpuMilli: 1000, memoryMiB: 3584, gpu: 1 } }] : [],
});
const consumer: PodRequest = { id: 'c', requests: { cpuMilli: 300, memoryMiB: 256, gpu: 0 }, pool: 'consumer' };
const tf: PodRequest = { id: 'tf', requests: { cpuMilli: 1000, memoryMiB: 3584, gpu: 1 } };

test('binpack puts the pod on the fullest node that still fits', () => {
  assert.is(placePod(consumer, [cpuNode('a', 300), cpuNode('b', 1200), cpuNode('c', 1700)]), 'b'); // c has 230m left: no fit
});
test('spread puts it on the emptiest; first-fit on the first that fits', () => {
  const nodes = [cpuNode('a', 900), cpuNode('b', 0), cpuNode('c', 1200)];
  assert.is(placePod(consumer, nodes, 'spread'), 'b');
  assert.is(placePod(consumer, nodes, 'first-fit'), 'a');
});
test('the fit boundary: exactly the free CPU fits, one millicore more does not', () => {
  assert.is(placePod(consumer, [cpuNode('a', 1630)]), 'a');
  assert.is(placePod(consumer, [cpuNode('a', 1631)]), null);
});
test('only Ready nodes of the pinned pool take pods', () => {
  assert.is(placePod(consumer, [cpuNode('x', 0, 'default'), cpuNode('p', 0, 'consumer', 'provisioning'), cpuNode('u', 0, 'consumer', 'unready')]), null);
  assert.is(placePod({ ...consumer, pool: undefined }, [cpuNode('x', 0, 'default')]), 'x');
});
test('GPU nodes are tainted: CPU-only pods stay off them; GPU pods need a free GPU', () => {
  assert.is(placePod({ ...consumer, pool: undefined }, [gpuNode('g')]), null);
  assert.is(placePod({ ...consumer, pool: undefined, toleratesGpuTaint: true }, [gpuNode('g')]), 'g');
  assert.is(placePod(tf, [gpuNode('g1', true), gpuNode('g2')]), 'g2');
  assert.is(placePod(tf, [gpuNode('g1', true)]), null);
});
test('ties go to the earlier node (deterministic)', () => {
  assert.is(placePod(consumer, [cpuNode('a', 0), cpuNode('b', 0)]), 'a');
  assert.equal(freeResources(cpuNode('a', 300)), { cpuMilli: 1630, memoryMiB: 5583, gpu: 0 });
});
test.run();
