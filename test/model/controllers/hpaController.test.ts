import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { HpaController, behaviorFrom } from '../../../sim/model/controllers/hpaController.ts';
import { DEFAULT_BEHAVIOR } from '../../../sim/model/autoscaling/hpa.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

function roomyCluster(): KioskContext {
  const cfg = dynamicConfig({ images: 100, startDelay: 1, gpuMax: 1, policy: 'fixed' });
  cfg.autoscaling.fixed = { serving: 0, imageConsumers: 1, zipConsumers: 0 };
  cfg.cluster.pools.consumer.min = 20; // room for 120 consumers: scaling is never held up by nodes
  cfg.consumers.image.startup = { kind: 'constant', value: 0 };
  const ctx = new KioskContext(cfg, 1);
  ctx.startCluster();
  return ctx;
}

test('legacy HPA under a synthetic metric: doubles per sync up to max, holds 5 min, then follows the metric down', () => {
  const ctx = roomyCluster();
  const cl = ctx.cluster;
  const hpa = new HpaController(cl, {
    kind: 'image-consumer',
    spec: { mode: 'legacy', minReplicas: 1, maxReplicas: 100, tolerance: 0.1, downscaleStabilizationS: 300 },
    // twice the target until t = 290, then half of it
    metric: (now) => ({ source: 'object', target: { type: 'Value', value: 0.15 }, current: now < 290 ? 0.3 : 0.075 }),
  });
  const seen: [number, number][] = [];
  ctx.sim.every(15, (now) => {
    hpa.sync(now);
    seen.push([now, cl.deployments['image-consumer'].replicas]);
  });
  ctx.sim.run({ until: 700 });
  const at = (t: number) => seen.find(([s]) => s === t)![1];
  // desired = ceil(2 x ready); ready pods follow at once (room and zero startup)
  assert.equal([15, 30, 45, 60, 75, 90, 105].map(at), [2, 4, 8, 16, 32, 64, 100]);
  // the last high recommendation (t = 285) keeps the count for 300 s
  assert.is(at(585), 100, 'downscale stabilisation holds 100 while a 285 s recommendation is in the window');
  assert.is(at(600), 50, 'then ceil(0.5 x 100)');
  assert.is(hpa.lastReason, 'ScaleDownStabilized');
});

test('behavior HPA from scenario settings: empty policy lists take the Kubernetes defaults', () => {
  const b = behaviorFrom({ scaleUp: { stabilizationWindow: 0, policies: [], selectPolicy: 'Max' }, scaleDown: { stabilizationWindow: 300, policies: [], selectPolicy: 'Max' } });
  assert.equal(b.scaleUp.policies, DEFAULT_BEHAVIOR.scaleUp.policies);
  assert.equal(b.scaleDown.policies, DEFAULT_BEHAVIOR.scaleDown.policies);
  const ctx = roomyCluster();
  const cl = ctx.cluster;
  const hpa = new HpaController(cl, {
    kind: 'image-consumer',
    spec: { mode: 'behavior', minReplicas: 1, maxReplicas: 100, behavior: b },
    metric: () => ({ source: 'object', target: { type: 'Value', value: 0.15 }, current: 1.5 }), // ratio 10
  });
  const seen: number[] = [];
  ctx.sim.every(15, (now) => {
    hpa.sync(now);
    seen.push(cl.deployments['image-consumer'].replicas);
  });
  ctx.sim.run({ until: 60 });
  // max(+100 %, +4 pods) per 15 s: 1 -> 5 -> 10 -> 20
  assert.equal(seen, [5, 10, 20, 40]);
});

test.run();
