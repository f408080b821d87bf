import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixedDecision } from '../../../sim/model/autoscaling/fixed.ts';

test('fixed replicas: writes the count once, then leaves it', () => {
  assert.equal(fixedDecision(4, 0), { replicas: 4, reason: 'SetFixed' });
  assert.equal(fixedDecision(4, 7), { replicas: 4, reason: 'SetFixed' });
  assert.equal(fixedDecision(4, 4), { replicas: null, reason: 'AlreadyFixed' });
});
test('fixed replicas must be a non-negative integer', () => {
  assert.throws(() => fixedDecision(-1, 0));
  assert.throws(() => fixedDecision(1.5, 0));
});
test.run();
