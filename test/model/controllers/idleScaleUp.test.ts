import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { IdleScaleUp } from '../../../sim/model/controllers/idleScaleUp.ts';
import { planScaleUp, type NodeView, type PodRequest, type PoolView } from '../../../sim/model/autoscaling/clusterAutoscaler.ts';

// a scan may skip planScaleUp only when the plan it would make asks for nothing: the kept inputs must cover
// everything the plan reads that can change between scans (nodes version, pending pods, backoff at now)
const gpuPool = (backoffUntil: number): PoolView => ({ name: 'gpu', template: { cpu: 8, memoryBytes: 30 * 2 ** 30, gpu: 1 }, minNodes: 0, maxNodes: 1, backoffUntil });
const cpuPool: PoolView = { name: 'consumer', template: { cpu: 2, memoryBytes: 7.5 * 2 ** 30, gpu: 0 }, minNodes: 1, maxNodes: 1, backoffUntil: -Infinity };
const serving: PodRequest = { name: 'tf-serving-1', pool: 'gpu', requests: { cpu: 4, memoryBytes: 2 ** 30, gpu: 1 } };
const consumer: PodRequest = { name: 'image-consumer-2', pool: 'consumer', requests: { cpu: 1, memoryBytes: 2 ** 30, gpu: 0 } };
const fullConsumerNode: NodeView = {
  name: 'consumer-node-0', pool: 'consumer', state: 'running', requestedAt: -Infinity,
  cpu: 2, memoryBytes: 7.5 * 2 ** 30, gpus: 0, usedCpu: 2, usedMemory: 2 * 2 ** 30, usedGpus: 0, pods: [],
};

test('a plan that asked for nothing holds while the nodes version, the pending pods and the backoffs stay', () => {
  const pools = [gpuPool(600), cpuPool];
  const pending = [serving, consumer];
  // the GPU pool is backed off and the consumer pool is at max: nothing to ask for
  assert.is(planScaleUp(pools, [fullConsumerNode], pending, 100).options.length, 0);
  const idle = new IdleScaleUp();
  assert.not.ok(idle.holds(7, pending, pools, 100), 'nothing remembered yet');
  idle.remember(7, pending, pools, 100);
  assert.ok(idle.holds(7, pending, pools, 110), 'same inputs');
  assert.ok(idle.holds(7, [serving, consumer], pools, 120), 'a new list of the same pods in the same order');
  assert.not.ok(idle.holds(8, pending, pools, 110), 'the nodes changed');
  assert.not.ok(idle.holds(7, [consumer, serving], pools, 110), 'the pending pods in another order');
  assert.not.ok(idle.holds(7, [serving], pools, 110), 'a pending pod went');
  assert.not.ok(idle.holds(7, [serving, consumer, consumer], pools, 110), 'a pending pod came');
  // at 600 the GPU pool's backoff is over: the same inputs now make a plan that asks for a node
  assert.not.ok(idle.holds(7, pending, pools, 600), 'a backoff ended');
  assert.is(planScaleUp(pools, [fullConsumerNode], pending, 600).options.length, 1);
});

test('a pool going into backoff also makes the kept plan stale', () => {
  const idle = new IdleScaleUp();
  idle.remember(3, [consumer], [gpuPool(-Infinity), cpuPool], 50);
  assert.ok(idle.holds(3, [consumer], [gpuPool(-Infinity), cpuPool], 60));
  assert.not.ok(idle.holds(3, [consumer], [gpuPool(400), cpuPool], 60));
});

test.run();
