import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  planScaleUp,
  planScaleDown,
  failedProvisioning,
  nextBackoff,
  type NodeView,
  type PodRequest,
  type PoolView,
} from '../../../sim/model/autoscaling/clusterAutoscaler.ts';
import type { ClusterAutoscalerConfig } from '../../../sim/model/config.ts';
import type { Resources } from '../../../sim/model/cluster/placement.ts';

const MiB = 2 ** 20;
const CA: ClusterAutoscalerConfig = {
  enabled: true, scanInterval: 10, requestDelay: 5, maxProvisionTime: 900,
  scaleDownUnneeded: 600, scaleDownDelayAfterAdd: 600, utilizationThreshold: 0.5, maxBulkDelete: 10,
};
const res = (milli: number, mib: number, gpu = 0): Resources => ({ cpu: milli / 1000, memoryBytes: mib * MiB, gpu });
const S2 = res(1930, 5839);
const HM2GPU = res(1930, 10856, 1);
const pool = (name: string, template: Resources, minNodes: number, maxNodes: number): PoolView => ({ name, template, minNodes, maxNodes, backoffUntil: -Infinity });
const pools = [pool('gpu', HM2GPU, 0, 4), pool('consumer', S2, 1, 1000)];
const consumer = (i: number): PodRequest => ({ name: `c${i}`, pool: 'consumer', requests: res(300, 256) });
const tf = (i: number): PodRequest => ({ name: `tf${i}`, pool: 'gpu', requests: res(1000, 3584, 1) });
const node = (name: string, p: string, state: NodeView['state'], pods: PodRequest[] = [], requestedAt = -Infinity): NodeView => {
  const a = p === 'gpu' ? HM2GPU : S2;
  const used = (k: keyof Resources) => pods.reduce((s, x) => s + x.requests[k], 0);
  return { name, pool: p, state, requestedAt, pods, cpu: a.cpu, memoryBytes: a.memoryBytes, gpus: a.gpu, usedCpu: used('cpu'), usedMemory: used('memoryBytes'), usedGpus: used('gpu') };
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const added = (plan: ReturnType<typeof planScaleUp>, p: string) => plan.options.find((o) => o.pool === p)?.add ?? 0;

// ---------------------------------------------------------------------------------------------------------------
const up = suite('cluster autoscaler: scale-up');
up('13 pending 300m consumers need 3 n1-standard-2 nodes (6 per node)', () => {
  assert.is(added(planScaleUp(pools, [], range(13).map(consumer), 0), 'consumer'), 3);
  assert.is(added(planScaleUp(pools, [], range(12).map(consumer), 0), 'consumer'), 2); // counterfactual: one pod fewer
});
up('largest pods first: 0.5, 0.3, 0.5, 0.7 cores pack onto 2 one-core nodes', () => {
  const one = [pool('p', res(1000, 4096), 0, 10)];
  const pods = [500, 300, 500, 700].map((m, i): PodRequest => ({ name: `p${i}`, pool: 'p', requests: res(m, 1) }));
  // counterfactual: packing in arrival order onto one open node at a time needs 3 ({.5,.3} {.5} {.7})
  assert.is(added(planScaleUp(one, [], pods, 0), 'p'), 2);
});
up('pods that fit on nodes already coming are not counted again', () => {
  const plan = planScaleUp(pools, [node('n1', 'consumer', 'provisioning', [], 0)], range(8).map(consumer), 5);
  assert.is(plan.waitingForUpcoming.length, 6);
  assert.is(added(plan, 'consumer'), 1); // only the 2 left over
  assert.is(added(planScaleUp(pools, [node('n1', 'consumer', 'requested', [], 0)], range(6).map(consumer), 1), 'consumer'), 0);
});
up('a GPU pod waits for a GPU node whose driver is not up yet instead of adding another', () => {
  const plan = planScaleUp(pools, [node('g1', 'gpu', 'gpu-unready')], [tf(0)], 60);
  assert.equal(plan.options, []);
  assert.equal(plan.waitingForUpcoming, ['tf0']);
});
up('the pool max caps the request (draining nodes count); pods beyond it are helpless', () => {
  const existing = range(3).map((i) => node(`g${i}`, 'gpu', 'running', [tf(100 + i)]));
  const plan = planScaleUp(pools, existing, range(3).map(tf), 0);
  assert.is(added(plan, 'gpu'), 1); // max 4, 3 exist
  assert.is(plan.helpless.length, 2);
  assert.equal(planScaleUp(pools, [...existing, node('g3', 'gpu', 'draining')], [tf(0)], 0).options, []);
});
up('every pool that can help has its option', () => {
  const plan = planScaleUp(pools, [], [tf(0), ...range(6).map(consumer)], 0);
  assert.equal(plan.options.map((o) => [o.pool, o.add, o.pods.length]), [['gpu', 1, 1], ['consumer', 1, 6]]);
});
up('a pool in backoff is skipped until the backoff ends', () => {
  const backedOff = pools.map((p) => (p.name === 'gpu' ? { ...p, backoffUntil: 300 } : p));
  assert.equal(planScaleUp(backedOff, [], [tf(0)], 299).options, []);
  assert.is(added(planScaleUp(backedOff, [], [tf(0)], 300), 'gpu'), 1);
});
up('pods no pool can hold are reported helpless', () => {
  const huge: PodRequest = { name: 'huge', pool: 'consumer', requests: res(4000, 1) };
  const cpuOnGpuPool: PodRequest = { name: 'stray', pool: 'gpu', requests: res(100, 1) }; // GPU taint
  const plan = planScaleUp(pools, [], [huge, cpuOnGpuPool], 0);
  assert.equal(plan.helpless.sort(), ['huge', 'stray']);
  assert.equal(plan.options, []);
});
up.run();

// ---------------------------------------------------------------------------------------------------------------
const fail = suite('cluster autoscaler: provisioning failure and backoff');
fail('a node not running 15 min after its request fails, 1 s earlier it does not; GPU-unready counts, running never', () => {
  const nodes = [node('p', 'gpu', 'provisioning', [], 100), node('u', 'gpu', 'gpu-unready', [], 100), node('r', 'gpu', 'running', [], 100)];
  assert.equal(failedProvisioning(nodes, 100 + 899, CA), []);
  assert.equal(failedProvisioning(nodes, 100 + 900, CA), ['p', 'u']);
});
fail('backoff: 5 min, doubling, capped at 30 min; back to 5 min after 3 h without failures', () => {
  const seq = [nextBackoff(null, 0)];
  for (let i = 1; i < 5; i++) seq.push(nextBackoff(seq[seq.length - 1]!, i * 60));
  assert.equal(seq.map((b) => b.duration), [300, 600, 1200, 1800, 1800]);
  assert.is(nextBackoff(seq[4]!, 240 + 3 * 3600 - 1).duration, 1800);
  assert.is(nextBackoff(seq[4]!, 240 + 3 * 3600).duration, 300);
});
fail.run();

// ---------------------------------------------------------------------------------------------------------------
const down = suite('cluster autoscaler: scale-down');
const none = new Map<string, number>();
const plan = (nodes: NodeView[], now: number, since: ReadonlyMap<string, number> = none, lastUp = -Infinity) => planScaleDown(pools, nodes, now, since, lastUp, CA);
/** Runs scans every 10 s from t0 until `until`, returning the first plan that deletes something. */
function scanUntil(nodes: NodeView[], t0: number, until: number) {
  let since: ReadonlyMap<string, number> = none;
  for (let t = t0; t <= until; t += 10) {
    const p = plan(nodes, t, since);
    since = p.unneededSince;
    if (p.reason === 'Deleting') return { t, plan: p };
  }
  return null;
}
down('an idle GPU node is deleted after 10 min unneeded, not before', () => {
  const first = scanUntil([node('g0', 'gpu', 'running'), node('c0', 'consumer', 'running', [consumer(0)])], 0, 2000);
  assert.is(first?.t, 600); // unneeded since t=0 (counterfactual: at 590 it is still 10 s short)
  assert.equal(first?.plan.deleteEmpty, ['g0']);
});
down('no scale-down within 10 min after a scale-up; the unneeded clock keeps running', () => {
  const nodes = [node('g0', 'gpu', 'running')];
  const since = new Map([['g0', 0]]);
  assert.is(plan(nodes, 1099, since, 500).reason, 'ScaleDownInCooldown');
  assert.is(plan(nodes, 1099, since, 500).unneededSince.get('g0'), 0);
  assert.equal(plan(nodes, 1100, since, 500).deleteEmpty, ['g0']);
});
down('a node at 50 % or more is needed; just below 50 % is unneeded if its pods fit elsewhere', () => {
  const half: PodRequest = { name: 'half', pool: 'consumer', requests: { ...res(0, 256), cpu: S2.cpu / 2 } };
  const below: PodRequest = { ...half, name: 'below', requests: { ...half.requests, cpu: S2.cpu / 2 - 0.001 } };
  assert.equal([...plan([node('a', 'consumer', 'running', [half]), node('b', 'consumer', 'running')], 0).unneededSince.keys()], ['b']);
  // Below 50 %: a is unneeded, its pod simulated onto b; b then holds that pod with nowhere left to move it, so b
  // stays. Counterfactual: judging b by its own (empty) pod list would mark both and strand the pod.
  assert.equal([...plan([node('a', 'consumer', 'running', [below]), node('b', 'consumer', 'running')], 0).unneededSince.keys()], ['a']);
});
down('an underused node whose pods fit nowhere else stays needed (its clock does not start)', () => {
  const a = node('a', 'consumer', 'running', [consumer(0), consumer(1)]);
  const full = node('b', 'consumer', 'running', range(6).map((i) => consumer(10 + i)));
  assert.equal(plan([a, full], 0).unneededSince.size, 0);
  const roomy = node('b', 'consumer', 'running', [consumer(20)]);
  assert.equal([...plan([a, roomy], 0).unneededSince.keys()], ['a']); // a first; then b's pod could only go to a
});
down('a non-empty node is drained alone', () => {
  const a = node('a', 'consumer', 'running', [consumer(0)]);
  const b = node('b', 'consumer', 'running', range(4).map((i) => consumer(i + 1)));
  const r = scanUntil([a, b], 0, 1000);
  assert.equal([r?.t, r?.plan.drain, r?.plan.deleteEmpty], [600, 'a', []]);
});
down('empty nodes go up to 10 at a time and never below the pool min', () => {
  const many = [...range(14).map((i) => node(`e${i}`, 'consumer', 'running')), node('keep', 'consumer', 'running', [consumer(0)])];
  assert.is(plan(many, 600, new Map(many.map((n) => [n.name, 0]))).deleteEmpty.length, 10);
  const few = [node('e0', 'consumer', 'running'), node('e1', 'consumer', 'running')];
  assert.equal(plan(few, 600, new Map([['e0', 0], ['e1', 0]])).deleteEmpty, ['e0']); // min 1 keeps e1
});
down('a node that becomes needed again loses its unneeded clock', () => {
  const idle = node('g0', 'gpu', 'running');
  const s1 = plan([idle], 0).unneededSince;
  const s2 = plan([node('g0', 'gpu', 'running', [tf(0)])], 300, s1).unneededSince;
  assert.is(s2.size, 0);
  assert.is(plan([idle], 310, s2).unneededSince.get('g0'), 310);
});
down.run();
