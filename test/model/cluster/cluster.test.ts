import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import type { KioskConfig } from '../../../sim/model/config.ts';
import { deletionOrder, type Pod } from '../../../sim/model/cluster/pod.ts';
import { runOne } from '../../../sim/results/runScenario.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

const c = (value: number) => ({ kind: 'constant' as const, value });

/** A cluster with no work and no controllers but the cluster autoscaler; constant timings. */
function quietCluster(): { ctx: KioskContext; cfg: KioskConfig } {
  const cfg = dynamicConfig({ images: 100, startDelay: 1, gpuMax: 2, policy: 'fixed' });
  cfg.autoscaling.fixed = { serving: 0, imageConsumers: 0, zipConsumers: 0 };
  for (const p of Object.values(cfg.cluster.pools)) p.provisioning = c(100);
  cfg.cluster.pools.gpu.gpuReadyDelay = c(200);
  cfg.serving.startup = c(30);
  cfg.serving.modelLoad = c(20);
  cfg.consumers.image.startup = c(10);
  const ctx = new KioskContext(cfg, 7);
  ctx.startCluster();
  return { ctx, cfg };
}

const times = (ctx: KioskContext, kind: string, target?: RegExp) => ctx.events.filter((e) => e.kind === kind && (!target || target.test(e.target))).map((e) => e.t);

test('pods wait for nodes: request, provisioning, GPU registration, binding, startup, model load', () => {
  const { ctx } = quietCluster();
  const cl = ctx.cluster;
  assert.is(cl.billedNodes('gpu'), 0);
  assert.is(cl.billedNodes('consumer'), 1, 'consumer pool min 1 at the start');
  assert.is(cl.billedNodes('default'), 1, 'default pool min 1 at the start');
  ctx.sim.at(50, () => cl.scale('tf-serving', 2, 'test'));
  ctx.sim.run({ until: 70 });
  assert.is(cl.pending.gpu.length, 2, 'no GPU node yet: both pods pending');
  const [ts] = times(ctx, 'scale_up', /gpu/);
  assert.ok(ts! > 50 && ts! <= 60, `the autoscaler's next 10 s scan asks for nodes (at ${ts})`);
  ctx.sim.run({ until: ts! + 5 + 100 + 200 - 0.001 });
  assert.is(cl.billedNodes('gpu'), 2, 'VMs exist (billed) from request + 5 s');
  assert.is(ctx.endpoints.length, 0, 'GPU not allocatable yet');
  ctx.sim.run({ until: ts! + 305 + 30 + 0.001 });
  assert.equal(times(ctx, 'node_added', /gpu/), [ts! + 305, ts! + 305], 'running = request + delay + boot + GPU driver');
  assert.is(ctx.endpoints.length, 2, 'listed as soon as the container runs (no readiness probe)');
  assert.ok(ctx.endpoints.every((s) => s.state === 'loading'));
  ctx.sim.run({ until: ts! + 335 + 20 + 0.001 });
  assert.ok(ctx.endpoints.every((s) => s.state === 'ready'), 'model loaded 20 s later');
  assert.is(cl.readyPods('tf-serving'), 2);
});

test('scale-down deletes pods after the grace period; empty nodes go after 10 min unneeded', () => {
  const { ctx } = quietCluster();
  const cl = ctx.cluster;
  ctx.sim.at(50, () => cl.scale('tf-serving', 2, 'test'));
  ctx.sim.at(1000, () => cl.scale('tf-serving', 0, 'test'));
  ctx.sim.run({ until: 1000.001 });
  assert.is(ctx.endpoints.length, 0, 'terminating pods leave the endpoints at once');
  assert.is(ctx.serving.pods.filter((p) => p.phase === 'terminating').length, 2);
  ctx.sim.run({ until: 1030.001 });
  assert.is(ctx.serving.pods.length, 0, 'gone after the 30 s grace');
  ctx.sim.run({ until: 2000 });
  const removed = times(ctx, 'node_removed', /gpu/);
  const firstScanAfterEmpty = 1030 + ((times(ctx, 'scale_up', /gpu/)[0]! - 1030) % 10 + 10) % 10;
  assert.is(removed.length, 2);
  assert.ok(Math.abs(removed[0]! - (firstScanAfterEmpty + 600)) < 1e-6, `removed at ${removed[0]}, expected ${firstScanAfterEmpty + 600}`);
});

test('no scale-down within 10 min of a scale-up', () => {
  const { ctx } = quietCluster();
  const cl = ctx.cluster;
  ctx.sim.at(50, () => cl.scale('tf-serving', 2, 'test'));
  ctx.sim.at(1000, () => cl.scale('tf-serving', 0, 'test'));
  ctx.sim.at(1500, () => cl.scale('image-consumer', 20, 'test')); // more than the consumer node holds
  ctx.sim.run({ until: 3000 });
  const consumerUp = times(ctx, 'scale_up', /consumer/)[0]!;
  assert.ok(consumerUp > 1500 && consumerUp <= 1510);
  const removed = times(ctx, 'node_removed', /gpu/);
  assert.is(removed.length, 2);
  assert.ok(removed[0]! >= consumerUp + 600 && removed[0]! < consumerUp + 610, `GPU nodes removed at ${removed[0]}, after the delay ending ${consumerUp + 600}`);
});

test('a node`s podsVersion changes whenever its pods do (the cluster autoscaler keeps its pod views until then)', () => {
  const { ctx } = quietCluster();
  const cl = ctx.cluster;
  const node = cl.nodes.find((n) => n.pool === 'consumer')!;
  const v0 = node.podsVersion;
  cl.scale('image-consumer', 2, 'test');
  assert.is(node.pods.length, 2);
  assert.is(node.podsVersion, v0 + 2, 'two binds');
  cl.scale('image-consumer', 1, 'test');
  ctx.sim.run({ until: 100 }); // past the grace period: the pod is gone and unbound
  assert.is(node.pods.length, 1);
  assert.is(node.podsVersion, v0 + 3, 'one unbind');
});

test('consumers are binpacked by CPU and memory requests', () => {
  const { ctx } = quietCluster();
  const cl = ctx.cluster;
  ctx.sim.at(1, () => cl.scale('image-consumer', 13, 'test'));
  ctx.sim.run({ until: 400 });
  // n1-standard-2 allocatable 1.93 CPU, 300m per consumer: 6 per node -> 13 pods need 3 nodes
  const consumerNodes = cl.nodes.filter((n) => n.pool === 'consumer');
  assert.is(consumerNodes.length, 3);
  assert.equal(consumerNodes.map((n) => n.pods.length).sort(), [1, 6, 6]);
  assert.is(cl.readyPods('image-consumer'), 13);
});

test('ReplicaSet deletion order: pending, then starting, then more restarts, then newest', () => {
  const pod = (id: number, phase: Pod['phase'], runningAt: number, restarts = 0): Pod => ({ id, name: `p${id}`, kind: 'image-consumer', phase, createdAt: 0, runningAt, node: -1, timer: null, restarts });
  const pods = [pod(1, 'running', 10), pod(2, 'running', 50), pod(3, 'starting', NaN), pod(4, 'pending', NaN), pod(5, 'running', 20, 3)];
  assert.equal(pods.sort(deletionOrder).map((p) => p.id), [4, 3, 5, 2, 1]);
});

test('cost of a fixed run: node-hours x price, plus the paper data costs', () => {
  const cfg = dynamicConfig({ images: 1000, startDelay: 1, gpuMax: 2, policy: 'fixed' });
  cfg.cluster.autoscaler.enabled = false;
  cfg.autoscaling.fixed = { serving: 2, imageConsumers: 20, zipConsumers: 2 };
  const r = runOne(cfg, 3);
  assert.ok(r.completed);
  const T = r.makespan;
  const h = T / 3600;
  // 2 V100 nodes (preemptible n1-highmem-2 0.025 + V100 0.74); 20 x 300m + 2 x 200m consumers on
  // n1-standard-2 (1.93 CPU): 4 nodes at 0.02 preemptible; the default n1-standard-4 on demand 0.19
  assert.ok(Math.abs(r.cost.gpu_nodes - 2 * 0.765 * h) < 1e-9, `${r.cost.gpu_nodes}`);
  assert.ok(Math.abs(r.cost.cpu_nodes - (4 * 0.02 + 0.19) * h) < 1e-9, `${r.cost.cpu_nodes}`);
  const N = 1000;
  const storage = 0.026 * N * (1.5e-3 + 5.6e-6) * (T / 60 / 60 / 24 / 30) * 0.5;
  const egress = 0.01 * 0.5 * N * 3 * 0.011010048;
  const ops = (0.054 / 10000) * 201 * (N / 100);
  const storageEgress = 0.12 * 5.6e-6 * N;
  assert.ok(Math.abs(r.cost.storage - storage) < 1e-12);
  assert.ok(Math.abs(r.cost.egress - egress) < 1e-9);
  assert.ok(Math.abs(r.cost.operations - ops) < 1e-12);
  assert.ok(Math.abs(r.cost.storage_egress - storageEgress) < 1e-12);
  assert.ok(Math.abs(r.cost.total - (r.cost.gpu_nodes + r.cost.cpu_nodes + storage + egress + ops + storageEgress)) < 1e-9);
  const col = r.timeseries.columns.get('cost_usd')!;
  assert.ok(Math.abs(col[col.length - 1]! - r.cost.total) < 1e-9, 'the cumulative cost column ends at the total');
});

test.run();
