import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findUnneeded, markUnneeded, pickDeletions, planScaleDown, type ScaleDownConfig } from '../../../sim/model/autoscaling/scaleDown.ts';
import { poolSize, type NodeView, type PodRequest, type PoolView } from '../../../sim/model/autoscaling/clusterViews.ts';
import { RandomStreams } from '../../../sim/engine/rng.ts';

// the cluster autoscaler loop keeps one simulation (`found`) while the nodes stay the same, and with it the
// unneeded times and the pool sizes it counted: each scan must decide as planScaleDown from scratch does
const MiB = 2 ** 20;
const CA: ScaleDownConfig = { scaleDownUnneeded: 600, scaleDownDelayAfterAdd: 600, utilizationThreshold: 0.5, maxBulkDelete: 2 };
const pools: PoolView[] = [
  { name: 'consumer', template: { cpu: 1.93, memoryBytes: 5839 * MiB, gpu: 0 }, minNodes: 1, maxNodes: 1000, backoffUntil: -Infinity },
  { name: 'default', template: { cpu: 3.92, memoryBytes: 12 * 1024 * MiB, gpu: 0 }, minNodes: 1, maxNodes: 10, backoffUntil: -Infinity },
];
const rng = new RandomStreams(5).stream('scale-down');

function randomNodes(n: number): NodeView[] {
  let id = 0;
  return Array.from({ length: n }, (_, k) => {
    const pool = rng.next() < 0.8 ? 'consumer' : 'default';
    const t = pools.find((p) => p.name === pool)!.template;
    const pods: PodRequest[] = [];
    const count = Math.floor(rng.next() * 7);
    for (let j = 0; j < count; j++) pods.push({ name: `pod-${id++}`, pool, requests: { cpu: 0.3, memoryBytes: 256 * MiB, gpu: 0 } });
    const state = rng.next() < 0.85 ? 'running' : 'provisioning';
    return {
      name: `${pool}-node-${k}`, pool, state, requestedAt: -Infinity, pods, cpu: t.cpu, memoryBytes: t.memoryBytes, gpus: 0,
      usedCpu: 0.3 * pods.length, usedMemory: 256 * MiB * pods.length, usedGpus: 0,
    };
  });
}

test('scans that keep the simulation, its unneeded times and the pool sizes decide as planScaleDown from scratch', () => {
  for (let c = 0; c < 60; c++) {
    const nodes = randomNodes(1 + Math.floor(rng.next() * 40));
    const sizes = new Map(pools.map((p) => [p.name, poolSize(nodes, p.name)]));
    const found = findUnneeded(nodes, CA.utilizationThreshold);
    let scratchSince: ReadonlyMap<string, number> = new Map();
    let keptSince = new Map<string, number>();
    let sinceFound: typeof found | null = null;
    const lastScaleUpAt = rng.next() < 0.5 ? -Infinity : 300;
    for (let now = 0; now <= 1500; now += 10) {
      const scratch = planScaleDown(pools, nodes, now, scratchSince, lastScaleUpAt, CA);
      scratchSince = scratch.unneededSince;
      if (found !== sinceFound) {
        keptSince = markUnneeded(found, keptSince, now);
        sinceFound = found;
      }
      const kept = pickDeletions(pools, nodes, now, keptSince, lastScaleUpAt, CA, found, sizes);
      assert.equal([...kept.unneededSince], [...scratch.unneededSince], `cluster ${c} at ${now}: unneeded times`);
      assert.equal({ ...kept, unneededSince: null }, { ...scratch, unneededSince: null }, `cluster ${c} at ${now}: decision`);
    }
  }
});

test('markUnneeded: a node keeps the time it became unneeded; a new one starts now; one no longer unneeded is dropped', () => {
  const nodes = randomNodes(30).map((n) => ({ ...n, state: 'running' as const }));
  const found = findUnneeded(nodes, CA.utilizationThreshold);
  const names = [...found.unneeded].map((i) => found.ready[i]!.name);
  assert.ok(names.length >= 2, 'the cluster has unneeded nodes');
  const previous = new Map([[names[0]!, 40], ['gone-node', 10]]);
  const since = markUnneeded(found, previous, 100);
  assert.equal([...since.keys()], names);
  assert.is(since.get(names[0]!), 40);
  assert.is(since.get(names[1]!), 100);
  assert.not.ok(since.has('gone-node'));
  assert.equal([...markUnneeded(found, since, 200)], [...since], 'made again from the same simulation: the same map');
});

test('pickDeletions does not change the pool sizes it is given', () => {
  const nodes = randomNodes(20).map((n) => ({ ...n, state: 'running' as const, pods: [], usedCpu: 0, usedMemory: 0 }));
  const sizes = new Map(pools.map((p) => [p.name, poolSize(nodes, p.name)]));
  const before = [...sizes];
  const found = findUnneeded(nodes, CA.utilizationThreshold);
  const down = pickDeletions(pools, nodes, 1000, markUnneeded(found, new Map(), 0), -Infinity, CA, found, sizes);
  assert.is(down.deleteEmpty.length, 2, 'empty nodes deleted, maxBulkDelete at a time');
  assert.equal([...sizes], before);
  // the same empty nodes unneeded for less than scaleDownUnneeded: nothing to delete yet
  const early = pickDeletions(pools, nodes, 599, markUnneeded(found, new Map(), 0), -Infinity, CA, found, sizes);
  assert.equal({ ...early, unneededSince: null }, { deleteEmpty: [], drain: null, unneededSince: null, reason: 'NothingToDelete' });
});

test.run();
