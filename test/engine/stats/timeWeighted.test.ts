import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TimeWeighted } from '../../../sim/engine/stats/timeWeighted.ts';

test('averages a step function over time, not over updates', () => {
  const q = new TimeWeighted(0, 0);
  q.update(2, 3); // 0 on [0, 2)
  q.update(3, 1); // 3 on [2, 3)
  q.update(3, 5); // zero-length step
  q.update(7, 0); // 5 on [3, 7)
  // integral = 0*2 + 3*1 + 5*4 + 0*3 = 23 over 10 s
  assert.is(q.integral(10), 23);
  assert.is(q.mean(10), 2.3);
  assert.is(q.max, 5);
  assert.is(q.min, 0);
});

test('add counts arrivals and departures; reset drops a warm-up', () => {
  const q = new TimeWeighted(0, 0);
  q.add(1, +1);
  q.add(2, +1);
  q.add(4, -1);
  q.reset(4);
  q.add(6, -1);
  // after reset: 1 on [4, 6), 0 on [6, 8)
  assert.is(q.mean(8), 0.5);
  assert.is(q.max, 1);
});

test('time going backwards throws', () => {
  const q = new TimeWeighted(5, 1);
  q.update(6, 2);
  assert.throws(() => q.update(5.5, 0), /backwards/);
  assert.throws(() => q.mean(5.5), /backwards/);
  assert.is(new TimeWeighted(5, 1).mean(5), 1, 'no time has passed: the current value');
});

test.run();
