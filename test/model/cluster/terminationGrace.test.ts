import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../../sim/scenario/load.ts';
import { isUserError } from '../../../sim/scenario/userError.ts';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const quick = path.join(root, 'scenarios/examples/quick.yaml');

test('cluster.termination_grace defaults to Kubernetes\' 30 s and a scenario can set it', () => {
  assert.is(loadScenario(quick).config.cluster.terminationGrace, 30);
  assert.is(loadScenario(quick, ['cluster.termination_grace=5s']).config.cluster.terminationGrace, 5);
  assert.is(loadScenario(quick, ['cluster.termination_grace=2m']).config.cluster.terminationGrace, 120);
});

test('a negative cluster.termination_grace is a user error naming the path', () => {
  try {
    loadScenario(quick, ['cluster.termination_grace=-3s']);
    assert.unreachable('accepted a negative grace');
  } catch (e) {
    assert.ok(isUserError(e), String(e));
    assert.match((e as Error).message, 'cluster.termination_grace');
  }
});

/** A tf-serving pod scaled down at t = 1000 s: when is it gone, with this grace? */
function goneAfterScaleDown(grace: number): number {
  const cfg = dynamicConfig({ images: 10, startDelay: 1, gpuMax: 1, policy: 'fixed' });
  cfg.autoscaling.fixed = { serving: 1, imageConsumers: 0, zipConsumers: 0 };
  cfg.serving.startup = { kind: 'constant', value: 1 };
  cfg.serving.modelLoad = { kind: 'constant', value: 1 };
  cfg.cluster.terminationGrace = grace;
  const ctx = new KioskContext(cfg, 3);
  ctx.startCluster();
  ctx.sim.run({ until: 999 });
  assert.is(ctx.serving.pods.length, 1);
  assert.ok(ctx.serving.pods[0]!.server, 'the server runs before the scale-down');
  ctx.sim.at(1000, () => ctx.cluster.scale('tf-serving', 0, 'test'));
  let goneAt = NaN;
  while (Number.isNaN(goneAt) && ctx.sim.now < 2000) {
    ctx.sim.run({ until: ctx.sim.now + 0.5 });
    if (ctx.serving.pods.length === 0) goneAt = ctx.sim.now;
  }
  return goneAt;
}

test('the model keeps a deleted pod running for the grace period, then kills it', () => {
  assert.ok(Math.abs(goneAfterScaleDown(5) - 1005) <= 0.5, `grace 5 s: gone at ${goneAfterScaleDown(5)}`);
  assert.ok(Math.abs(goneAfterScaleDown(30) - 1030) <= 0.5, `grace 30 s: gone at ${goneAfterScaleDown(30)}`);
  assert.ok(goneAfterScaleDown(0) <= 1000.5, 'grace 0: killed at once');
});

test.run();
