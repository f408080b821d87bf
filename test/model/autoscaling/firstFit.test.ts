import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FirstFitIndex } from '../../../sim/model/autoscaling/firstFit.ts';
import { planScaleDown, type NodeView, type PodRequest, type PoolView } from '../../../sim/model/autoscaling/clusterAutoscaler.ts';
import { admits, fitsIn, freeRoom, nodeUtilization, type Resources } from '../../../sim/model/cluster/placement.ts';
import type { ClusterAutoscalerConfig } from '../../../sim/model/config.ts';

const MiB = 2 ** 20;
const res = (milli: number, mib: number, gpu = 0): Resources => ({ cpu: milli / 1000, memoryBytes: mib * MiB, gpu });

let seed = 7;
const uniform = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(uniform() * xs.length)]!;

// ---------------------------------------------------------------------------------------------------------------
const index = suite('first-fit index');

/** The linear scan the index replaces. */
const linearFirst = (free: Resources[], out: Set<number>, r: Resources) => free.findIndex((f, k) => !out.has(k) && fitsIn(r, f));

index('finds the same first fit as a linear scan while room and exclusions change', () => {
  const free = Array.from({ length: 37 }, () => res(pick([0, 100, 300, 700, 1930]), pick([0, 128, 256, 3000, 5839]), pick([0, 0, 1])));
  const idx = new FirstFitIndex(free);
  const out = new Set<number>();
  for (let step = 0; step < 3000; step++) {
    const r = res(pick([100, 200, 300, 1000]), pick([128, 256, 3584]), pick([0, 0, 1]));
    const want = linearFirst(free, out, r);
    assert.is(idx.first(r, (k) => fitsIn(r, free[k]!)), want, `step ${step}`);
    const k = Math.floor(uniform() * free.length);
    if (uniform() < 0.2) {
      const leave = !out.has(k);
      if (leave) out.add(k);
      else out.delete(k);
      idx.setExcluded(k, leave);
    } else if (want >= 0) {
      free[want]!.cpu -= r.cpu; // take the room, as the scale-down simulation does
      free[want]!.memoryBytes -= r.memoryBytes;
      free[want]!.gpu -= r.gpu;
      idx.refresh(want);
    } else {
      free[k] = res(1930, 5839, 1); // a node freed
      idx.refresh(k);
    }
  }
});

index('the rounding tolerance of the fit test is kept: a request a nano-core over the room still fits', () => {
  const free = [res(0, 0), { cpu: 0.3 - 1e-10, memoryBytes: 256 * MiB - 1e-4, gpu: 0 }];
  assert.is(new FirstFitIndex(free).first(res(300, 256), (k) => fitsIn(res(300, 256), free[k]!)), 1);
});

index('the leaf test is the caller`s: a subtree with room is searched, a refused leaf passed over', () => {
  const free = [res(1000, 1000), res(1000, 1000), res(1000, 1000)];
  assert.is(new FirstFitIndex(free).first(res(100, 10), (k) => k === 2), 2);
  assert.is(new FirstFitIndex([]).first(res(100, 10), () => true), -1);
});

index('skips full nodes without testing them: 1,023 full nodes before the one with room', () => {
  const free = [...Array.from({ length: 1023 }, () => res(100, 64)), res(1930, 5839)];
  let tests = 0;
  const r = res(300, 256);
  const k = new FirstFitIndex(free).first(r, (j) => (tests++, fitsIn(r, free[j]!)));
  assert.is(k, 1023);
  assert.is(tests, 1); // a linear scan makes 1,024
});

// ---------------------------------------------------------------------------------------------------------------
const same = suite('planScaleDown with the index decides as the linear scan did');

const CA: ClusterAutoscalerConfig = {
  enabled: true, scanInterval: 10, requestDelay: 5, maxProvisionTime: 900,
  scaleDownUnneeded: 600, scaleDownDelayAfterAdd: 600, utilizationThreshold: 0.5, maxBulkDelete: 10,
};
const S2 = res(1930, 5839);
const GPU = res(1930, 10856, 1);
const pools: PoolView[] = [
  { name: 'gpu', template: GPU, minNodes: 0, maxNodes: 8, backoffUntil: -Infinity },
  { name: 'consumer', template: S2, minNodes: 1, maxNodes: 1000, backoffUntil: -Infinity },
  { name: 'default', template: S2, minNodes: 1, maxNodes: 3, backoffUntil: -Infinity },
];
const kinds: PodRequest[] = [
  { name: 'image', pool: 'consumer', requests: res(300, 256) },
  { name: 'zip', pool: 'consumer', requests: res(200, 128) },
  { name: 'big', pool: 'consumer', requests: res(700, 1024) },
  { name: 'tf', pool: 'gpu', requests: res(1000, 3584, 1) },
  { name: 'svc', pool: 'default', requests: res(500, 512) },
];

/** The scale-down's move simulation as it was before the index (scan every running node for each pod). */
function linearUnneeded(nodes: readonly NodeView[]): Set<string> {
  const size = (p: PodRequest) => p.requests.gpu * 1000 + p.requests.cpu + p.requests.memoryBytes / 2 ** 30;
  const bySize = (a: PodRequest, b: PodRequest) => size(b) - size(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const ready = nodes.filter((n) => n.state === 'running');
  const free = ready.map(freeRoom);
  const unneeded = new Set<number>();
  const movedIn = new Map<number, PodRequest[]>();
  for (let i = 0; i < ready.length; i++) {
    if (nodeUtilization(ready[i]!) >= CA.utilizationThreshold) continue;
    const moves: [number, PodRequest][] = [];
    let ok = true;
    for (const pod of [...ready[i]!.pods, ...(movedIn.get(i) ?? [])].sort(bySize)) {
      const t = ready.findIndex((n, t) => t !== i && !unneeded.has(t) && admits(pod.requests, pod.pool, n) && fitsIn(pod.requests, free[t]!));
      if (t < 0) {
        ok = false;
        break;
      }
      free[t]!.cpu -= pod.requests.cpu;
      free[t]!.memoryBytes -= pod.requests.memoryBytes;
      free[t]!.gpu -= pod.requests.gpu;
      moves.push([t, pod]);
    }
    if (!ok) {
      for (const [t, pod] of moves) {
        free[t]!.cpu += pod.requests.cpu;
        free[t]!.memoryBytes += pod.requests.memoryBytes;
        free[t]!.gpu += pod.requests.gpu;
      }
      continue;
    }
    for (const [t, pod] of moves) movedIn.set(t, [...(movedIn.get(t) ?? []), pod]);
    unneeded.add(i);
  }
  return new Set([...unneeded].map((i) => ready[i]!.name));
}

function randomCluster(n: number): NodeView[] {
  let id = 0;
  return Array.from({ length: n }, (_, k) => {
    const pool = pick(['consumer', 'consumer', 'consumer', 'gpu', 'default']);
    const a = pool === 'gpu' ? GPU : S2;
    const candidates = kinds.filter((p) => p.pool === pool);
    const pods: PodRequest[] = [];
    const used = { cpu: 0, memoryBytes: 0, gpu: 0 };
    const want = Math.floor(uniform() * 8);
    for (let j = 0; j < want; j++) {
      const kind = pick(candidates);
      const r = kind.requests;
      if (!fitsIn(r, { cpu: a.cpu - used.cpu, memoryBytes: a.memoryBytes - used.memoryBytes, gpu: a.gpu - used.gpu })) continue;
      pods.push({ ...kind, name: `${kind.name}-${id++}` });
      used.cpu += r.cpu;
      used.memoryBytes += r.memoryBytes;
      used.gpu += r.gpu;
    }
    const state = pick(['running', 'running', 'running', 'running', 'provisioning', 'draining'] as const);
    return { name: `${pool}-node-${k}`, pool, state, requestedAt: -Infinity, pods, cpu: a.cpu, memoryBytes: a.memoryBytes, gpus: a.gpu, usedCpu: used.cpu, usedMemory: used.memoryBytes, usedGpus: used.gpu };
  });
}

same('200 random clusters of 1 to 300 nodes: the same unneeded nodes and the same deletions', () => {
  // pools below 64 running nodes are searched linearly, larger ones through the index: both are covered
  for (let c = 0; c < 200; c++) {
    const nodes = randomCluster(1 + Math.floor(uniform() * 300));
    const want = linearUnneeded(nodes);
    const first = planScaleDown(pools, nodes, 0, new Map(), -Infinity, CA);
    assert.equal([...first.unneededSince.keys()], [...want], `cluster ${c}`);
    // ten minutes on, the same nodes are ripe: the deletions follow from the same unneeded set
    const later = planScaleDown(pools, nodes, 600, first.unneededSince, -Infinity, CA);
    assert.equal([...later.unneededSince.keys()], [...want], `cluster ${c} later`);
    if (want.size > 0) assert.is(later.reason, 'Deleting', `cluster ${c}`);
  }
});

index.run();
same.run();
