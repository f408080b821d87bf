import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kioskAutoscalerDecision, kioskAutoscalerKeys, KIOSK_AUTOSCALER_PERIOD_S } from '../../../sim/model/autoscaling/kioskAutoscaler.ts';

const cases: { name: string; keys: number; current: number; replicas: number | null; reason: string }[] = [
  { name: 'stopped with work: 0 -> 1', keys: 1, current: 0, replicas: 1, reason: 'StartForWork' },
  { name: 'stopped without work: nothing', keys: 0, current: 0, replicas: null, reason: 'StayStopped' },
  { name: 'running without work: -> 0 at once, overriding the HPA', keys: 0, current: 4, replicas: 0, reason: 'StopWhenIdle' },
  { name: 'one running without work: -> 0', keys: 0, current: 1, replicas: 0, reason: 'StopWhenIdle' },
  // Counterfactual: a rule that set "1 whenever keys > 0" would shrink 4 GPUs to 1 in the middle of a run.
  { name: 'running with work: never shrinks to a smaller non-zero count', keys: 1, current: 4, replicas: null, reason: 'LeaveToHpa' },
];
for (const c of cases) {
  test(`kiosk-autoscaler: ${c.name}`, () => assert.equal(kioskAutoscalerDecision(c.keys, c.current), { replicas: c.replicas, reason: c.reason }));
}
test('kiosk-autoscaler counts LLEN plus the NUMBER of processing lists of the image queues', () => {
  assert.is(kioskAutoscalerKeys([{ queued: 5, processingLists: 3 }, { queued: 0, processingLists: 2 }]), 10);
  assert.is(kioskAutoscalerKeys([]), 0);
  assert.is(KIOSK_AUTOSCALER_PERIOD_S, 5);
});
test.run();
