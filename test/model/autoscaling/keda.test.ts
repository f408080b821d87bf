import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kedaPoll, kedaHpaMetric, kedaHpaSpec, kedaListLength, KEDA_DEFAULTS, type KedaConfig } from '../../../sim/model/autoscaling/keda.ts';
import { recommend, emptyHpaHistory } from '../../../sim/model/autoscaling/hpa.ts';

const cfg: KedaConfig = { ...KEDA_DEFAULTS, listLength: 10 };

test('KEDA activates from zero when the list is longer than the activation length', () => {
  const d = kedaPoll(cfg, 1, 0, { lastActiveAt: null }, 30);
  assert.equal([d.replicas, d.reason, d.state.lastActiveAt], [1, 'ActivateFromZero', 30]);
  // at the activation length exactly the list is not active (strictly greater)
  assert.is(kedaPoll({ ...cfg, activationListLength: 3 }, 3, 0, { lastActiveAt: null }, 30).replicas, null);
  assert.is(kedaPoll({ ...cfg, activationListLength: 3 }, 4, 0, { lastActiveAt: null }, 30).replicas, 1);
});
test('KEDA waits the full cooldown after the last active poll before scaling to zero', () => {
  const state = { lastActiveAt: 100 };
  assert.is(kedaPoll(cfg, 0, 3, state, 400).reason, 'CoolingDown'); // 100 + 300 is not before 400
  const d = kedaPoll(cfg, 0, 3, state, 401);
  assert.equal([d.replicas, d.reason], [0, 'ScaleToZero']);
});
test('KEDA scales to zero at once if it never saw the list active', () => {
  assert.is(kedaPoll(cfg, 0, 2, { lastActiveAt: null }, 10).replicas, 0);
});
test('with minReplicaCount > 0 KEDA never goes to zero and raises to the minimum', () => {
  const c = { ...cfg, minReplicaCount: 2 };
  assert.is(kedaPoll(c, 0, 3, { lastActiveAt: null }, 1000).replicas, null);
  assert.is(kedaPoll(c, 0, 1, { lastActiveAt: null }, 1000).replicas, 2);
  assert.is(kedaPoll(c, 5, 0, { lastActiveAt: null }, 1000).replicas, 2);
});
test('KEDA leaves 1..N to its HPA: desired = ceil(LLEN / listLength)', () => {
  const r = recommend({ spec: kedaHpaSpec(cfg), currentReplicas: 2, readyPods: 2, metrics: [kedaHpaMetric(cfg, 95)], history: emptyHpaHistory() }, 0);
  assert.is(r.metricReplicas, 10);
  assert.is(r.replicas, 6); // default behavior: max(+100 %, +4) from 2 in one period
  assert.is(kedaHpaSpec(cfg).minReplicas, 1);
});
test('the LLEN trap: keys in processing lists are invisible, so a busy pool reads as idle', () => {
  // 0 waiting, 40 being processed by 40 consumers: the kiosk exporter would say 40; KEDA sees 0.
  const llen = kedaListLength(0);
  assert.is(llen, 0);
  const d = kedaPoll(cfg, llen, 40, { lastActiveAt: 0 }, 301);
  assert.equal([d.replicas, d.reason], [0, 'ScaleToZero']);
});
test.run();
