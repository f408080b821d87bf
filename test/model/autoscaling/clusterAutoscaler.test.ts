import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  planScaleUp,
  planScaleDown,
  failedProvisioning,
  nextBackoffS,
  nodeUtilization,
  emptyScaleDownState,
  CLUSTER_AUTOSCALER_DEFAULTS as CA,
  type PoolView,
  type ScaleDownState,
} from '../../../sim/model/autoscaling/clusterAutoscaler.ts';
import type { NodeView, PodRequest } from '../../../sim/model/autoscaling/placement.ts';

const S2 = { cpuMilli: 1930, memoryMiB: 5839, gpu: 0 };
const HM2GPU = { cpuMilli: 1930, memoryMiB: 10856, gpu: 1 };
const pools: PoolView[] = [
  { name: 'gpu', template: HM2GPU, minNodes: 0, maxNodes: 4 },
  { name: 'consumer', template: S2, minNodes: 1, maxNodes: 1000 },
];
const consumer = (i: number): PodRequest => ({ id: `c${i}`, requests: { cpuMilli: 300, memoryMiB: 256, gpu: 0 }, pool: 'consumer' });
const tf = (i: number): PodRequest => ({ id: `tf${i}`, requests: { cpuMilli: 1000, memoryMiB: 3584, gpu: 1 }, pool: 'gpu' });
const node = (id: string, pool: string, state: NodeView['state'], pods: PodRequest[] = [], createdAt = 0): NodeView => ({
  id,
  pool,
  state,
  createdAt,
  allocatable: pool === 'gpu' ? HM2GPU : S2,
  pods,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// ---------------------------------------------------------------------------------------------------------------
const up = suite('cluster autoscaler: scale-up');
up('13 pending 300m consumers need 3 n1-standard-2 nodes (6 per node)', () => {
  const plan = planScaleUp(pools, [], range(13).map(consumer), 0);
  assert.is(plan.chosen?.pool, 'consumer');
  assert.is(plan.chosen?.add, 3); // counterfactual: 12 pods would need only 2
  assert.is(planScaleUp(pools, [], range(12).map(consumer), 0).chosen?.add, 2);
});
up('daemon overhead on every new node lowers the packing', () => {
  const withDaemons = pools.map((p) => (p.name === 'consumer' ? { ...p, daemonRequests: { cpuMilli: 200, memoryMiB: 200, gpu: 0 } } : p));
  // 1730m free per node: 5 consumers per node -> 12 pods need 3 nodes.
  assert.is(planScaleUp(withDaemons, [], range(12).map(consumer), 0).chosen?.add, 3);
});
up('pods that fit on nodes already coming are not counted again', () => {
  const coming = [node('n1', 'consumer', 'provisioning', [], 0)];
  const plan = planScaleUp(pools, coming, range(8).map(consumer), 5);
  assert.is(plan.waitingForUpcoming.length, 6);
  assert.is(plan.chosen?.add, 1); // only the 2 left over
});
up('a GPU pod waits for an unready GPU node instead of adding another', () => {
  const plan = planScaleUp(pools, [node('g1', 'gpu', 'unready')], [tf(0)], 60);
  assert.is(plan.chosen, null);
  assert.equal(plan.waitingForUpcoming, ['tf0']);
});
up('the pool max caps the request; pods beyond it are left waiting', () => {
  const existing = range(3).map((i) => node(`g${i}`, 'gpu', 'ready', [tf(100 + i)]));
  const plan = planScaleUp(pools, existing, range(3).map(tf), 0);
  assert.is(plan.chosen?.add, 1); // max 4, 3 exist
  assert.is(plan.chosen?.pods.length, 1);
  assert.is(planScaleUp(pools, [...existing, node('g3', 'gpu', 'ready', [tf(103)])], [tf(0)], 0).chosen, null);
});
up('one pool per scan: the expander picks between the GPU and consumer options', () => {
  const pending = [tf(0), ...range(6).map(consumer)];
  const plan = planScaleUp(pools, [], pending, 0);
  assert.is(plan.options.length, 2);
  // tf on highmem-2: waste ((930/1930) + (7272/10856))/2 = 0.58; 6 consumers on one s2: ((130/1930)+(4303/5839))/2 = 0.40.
  assert.is(plan.chosen?.pool, 'consumer');
  assert.is(planScaleUp(pools, [], pending, 0, { ...CA, expander: 'priority' }).chosen?.pool, 'gpu');
  assert.is(planScaleUp(pools, [], pending, 0, { ...CA, expander: 'most-pods' }).chosen?.pool, 'consumer');
});
up('a pool in backoff is skipped until the backoff ends', () => {
  const backedOff = pools.map((p) => (p.name === 'gpu' ? { ...p, backoffUntil: 300 } : p));
  assert.is(planScaleUp(backedOff, [], [tf(0)], 299).chosen, null);
  assert.is(planScaleUp(backedOff, [], [tf(0)], 300).chosen?.pool, 'gpu');
});
up('pods no pool can hold are reported helpless', () => {
  const huge: PodRequest = { id: 'huge', requests: { cpuMilli: 4000, memoryMiB: 1, gpu: 0 }, pool: 'consumer' };
  const cpuOnGpuPool: PodRequest = { id: 'stray', requests: { cpuMilli: 100, memoryMiB: 1, gpu: 0 }, pool: 'gpu' }; // GPU taint
  const plan = planScaleUp(pools, [], [huge, cpuOnGpuPool], 0);
  assert.equal(plan.helpless.sort(), ['huge', 'stray']);
  assert.is(plan.chosen, null);
});
up.run();

// ---------------------------------------------------------------------------------------------------------------
const fail = suite('cluster autoscaler: provisioning failure and backoff');
fail('a node unregistered for 15 min fails; 1 s earlier it does not; registered unready nodes never do', () => {
  const nodes = [node('p', 'gpu', 'provisioning', [], 100), node('u', 'gpu', 'unready', [], 0)];
  assert.equal(failedProvisioning(nodes, 100 + 899), []);
  assert.equal(failedProvisioning(nodes, 100 + 900), ['p']);
});
fail('backoff: 5 min, doubling, capped at 30 min', () => {
  const seq = [nextBackoffS(null)];
  for (let i = 0; i < 4; i++) seq.push(nextBackoffS(seq[seq.length - 1] as number));
  assert.equal(seq, [300, 600, 1200, 1800, 1800]);
});
fail.run();

// ---------------------------------------------------------------------------------------------------------------
const down = suite('cluster autoscaler: scale-down');
down('utilisation: GPU nodes count GPU requests only; others the larger of CPU and memory', () => {
  // A GPU node with its tf-serving pod is 100 % used even though CPU is 52 %.
  assert.is(nodeUtilization(node('g', 'gpu', 'ready', [tf(0)])), 1);
  assert.is(nodeUtilization(node('g', 'gpu', 'ready', [{ id: 'x', requests: { cpuMilli: 1900, memoryMiB: 10000, gpu: 0 } }])), 0);
  assert.ok(Math.abs(nodeUtilization(node('c', 'consumer', 'ready', [consumer(0), consumer(1)])) - 600 / 1930) < 1e-12);
});
/** Runs scans every 10 s from t0 until `until`, returning the first plan that deletes something. */
function scanUntil(nodes: NodeView[], t0: number, until: number, state: ScaleDownState = emptyScaleDownState()) {
  let s = state;
  for (let t = t0; t <= until; t += 10) {
    const plan = planScaleDown(pools, nodes, t, s);
    s = plan.state;
    if (plan.reason === 'Deleting') return { t, plan };
  }
  return null;
}
down('an idle GPU node is deleted after 10 min unneeded, not before', () => {
  const nodes = [node('g0', 'gpu', 'ready'), node('c0', 'consumer', 'ready', [consumer(0)])];
  const first = scanUntil(nodes, 0, 2000);
  assert.is(first?.t, 600); // unneeded since t=0, deleted at t=600 (counterfactual: at 590 it is still 10 s short)
  assert.equal(first?.plan.deleteEmpty, ['g0']);
});
down('no scale-down within 10 min after a scale-up', () => {
  const nodes = [node('g0', 'gpu', 'ready')];
  const state: ScaleDownState = { unneededSince: { g0: 0 }, lastScaleUpAt: 500 };
  assert.is(planScaleDown(pools, nodes, 1099, state).reason, 'ScaleDownInCooldown');
  assert.equal(planScaleDown(pools, nodes, 1100, state).deleteEmpty, ['g0']);
  // the unneeded clock keeps running during the cooldown
  assert.is(planScaleDown(pools, nodes, 1099, state).state.unneededSince.g0, 0);
});
down('a node at 50 % or more is needed; just below 50 % is unneeded if its pods fit elsewhere', () => {
  const half = { id: 'half', requests: { cpuMilli: 965, memoryMiB: 256, gpu: 0 }, pool: 'consumer' };
  const below = { ...half, id: 'below', requests: { ...half.requests, cpuMilli: 964 } };
  assert.equal(planScaleDown(pools, [node('a', 'consumer', 'ready', [half]), node('b', 'consumer', 'ready')], 0, emptyScaleDownState()).unneeded, ['b']);
  // 965/1930 is exactly 50 %: needed. 964/1930 is below: unneeded, its pod simulated onto b; b then holds that
  // pod with nowhere left to move it, so b stays. Counterfactual: judging b by its own (empty) pod list would
  // mark both and strand the pod.
  assert.equal(planScaleDown(pools, [node('a', 'consumer', 'ready', [below]), node('b', 'consumer', 'ready')], 0, emptyScaleDownState()).unneeded, ['a']);
});
down('pods that fit nowhere else keep their node; a blocking pod keeps it too', () => {
  const a = node('a', 'consumer', 'ready', [consumer(0), consumer(1)]);
  const full = node('b', 'consumer', 'ready', range(6).map((i) => consumer(10 + i)));
  assert.equal(planScaleDown(pools, [a, full], 0, emptyScaleDownState()).unneeded, []); // b is full, a's pods cannot move
  const roomy = node('b', 'consumer', 'ready', [consumer(20)]);
  assert.equal(planScaleDown(pools, [a, roomy], 0, emptyScaleDownState()).unneeded, ['a']); // a first; then b's pod could only go to a
  const blocked = node('a', 'consumer', 'ready', [{ ...consumer(0), blocksScaleDown: true }]);
  assert.equal(planScaleDown(pools, [blocked, node('b', 'consumer', 'ready')], 0, emptyScaleDownState()).unneeded, ['b']);
});
down('a non-empty node is drained alone, with the simulated destinations', () => {
  const a = node('a', 'consumer', 'ready', [consumer(0)]);
  const b = node('b', 'consumer', 'ready', [consumer(1), consumer(2), consumer(3), consumer(4)]);
  const r = scanUntil([a, b], 0, 1000);
  assert.is(r?.plan.drain, 'a');
  assert.equal(r?.plan.drainPlacement, { c0: 'b' });
});
down('empty nodes go up to 10 at a time and never below the pool min', () => {
  const many = [...range(14).map((i) => node(`e${String(i).padStart(2, '0')}`, 'consumer', 'ready')), node('keep', 'consumer', 'ready', [consumer(0)])];
  const state: ScaleDownState = { unneededSince: Object.fromEntries(many.map((n) => [n.id, 0])), lastScaleUpAt: null };
  const plan = planScaleDown(pools, many, 600, state);
  assert.is(plan.deleteEmpty.length, 10);
  const few = [node('e0', 'consumer', 'ready'), node('e1', 'consumer', 'ready')];
  const p2 = planScaleDown(pools, few, 600, { unneededSince: { e0: 0, e1: 0 }, lastScaleUpAt: null });
  assert.equal(p2.deleteEmpty, ['e0']); // min 1 keeps e1
});
down('a node that becomes needed again loses its unneeded clock', () => {
  const idle = node('g0', 'gpu', 'ready');
  const s1 = planScaleDown(pools, [idle], 0, emptyScaleDownState()).state;
  const busy = node('g0', 'gpu', 'ready', [tf(0)]);
  const s2 = planScaleDown(pools, [busy], 300, s1).state;
  assert.equal(s2.unneededSince, {});
  const s3 = planScaleDown(pools, [idle], 310, s2).state;
  assert.is(s3.unneededSince.g0, 310);
});
down.run();
