import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Priority } from '../../../sim/engine/index.ts';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { nodeViews, PodRequests } from '../../../sim/model/controllers/nodeViews.ts';
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

test.run();
