import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Priority } from '../../../sim/engine/index.ts';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { nodeViews, PodRequests, sameRunning } from '../../../sim/model/controllers/nodeViews.ts';
import { findUnneeded } from '../../../sim/model/autoscaling/scaleDown.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

// the cluster autoscaler keeps a node's view from scan to scan while the node shows the same: a kept view must
// always equal one made afresh, and most looks should find the view kept
test('kept node views equal fresh ones all through a run with scale-up, scale-down and preemptions', () => {
  const cfg = dynamicConfig({ images: 3000, startDelay: 1, gpuMax: 4, preemption: { model: 'exponential', meanLifetime: 900, notice: 30, grace: 25, cap: 86400 }, zones: 2, seed: 3 });
  const ctx = new KioskContext(cfg, 3);
  const kept = new PodRequests(ctx.cluster);
  let previous = new Map<string, unknown>();
  let looks = 0;
  let reused = 0;
  ctx.sim.every(0.5, () => {
    const views = nodeViews(ctx.cluster, kept);
    assert.equal(views, nodeViews(ctx.cluster, new PodRequests(ctx.cluster)), `at ${ctx.sim.now} s`);
    for (const v of views.all) {
      looks++;
      if (previous.get(v.name) === v) reused++;
    }
    previous = new Map(views.all.map((v) => [v.name, v]));
  }, 0, Priority.LATE);
  const outcome = ctx.run();
  assert.ok(outcome.completed, outcome.reason);
  assert.ok(ctx.counters.preemptions > 0, 'preemptions happened');
  assert.ok(reused > looks / 2, `views kept for ${reused} of ${looks} looks`);
});

test('a kept scale-down simulation is the one made afresh whenever the running nodes are the same views', () => {
  const cfg = dynamicConfig({ images: 3000, startDelay: 1, gpuMax: 4, preemption: { model: 'exponential', meanLifetime: 900, notice: 30, grace: 25, cap: 86400 }, zones: 2, seed: 4 });
  const ctx = new KioskContext(cfg, 4);
  const requests = new PodRequests(ctx.cluster);
  let found: ReturnType<typeof findUnneeded> | null = null;
  let kept = 0;
  let made = 0;
  ctx.sim.every(10, () => {
    const views = nodeViews(ctx.cluster, requests);
    const fresh = findUnneeded(views.all, 0.5);
    if (found !== null && sameRunning(found.ready, views.all)) {
      kept++;
      assert.equal(found, fresh, `at ${ctx.sim.now} s`);
    } else {
      made++;
      found = fresh;
    }
  }, 0, Priority.LATE);
  const outcome = ctx.run();
  assert.ok(outcome.completed, outcome.reason);
  assert.ok(kept > 10 && made > 10, `kept ${kept}, made ${made}`);
});

test('sameRunning: only the running nodes count, view for view', () => {
  const view = (name: string, state: 'running' | 'provisioning') => ({ name, pool: 'consumer', state, requestedAt: 0, cpu: 2, memoryBytes: 1, gpus: 0, usedCpu: 0, usedMemory: 0, usedGpus: 0, pods: [] });
  const a = view('a', 'running');
  const b = view('b', 'running');
  const p = view('p', 'provisioning');
  assert.ok(sameRunning([a, b], [a, p, b]));
  assert.ok(sameRunning([a, b], [a, b, view('q', 'provisioning')]), 'an upcoming node more');
  assert.not.ok(sameRunning([a, b], [a, { ...b }]), 'another view of b');
  assert.not.ok(sameRunning([a, b], [a]), 'b went');
  assert.not.ok(sameRunning([a], [a, view('c', 'running')]), 'c came up');
  assert.not.ok(sameRunning([a, b], [b, a]), 'another order');
});

test.run();
