/** Work in hand during a Redis outage: a consumer's next Redis command waits for Redis to be back. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RedisOutages } from '../../../sim/model/faults/redisOutage.ts';

const outages = RedisOutages.of([
  { at: 10, kind: 'redis-down', duration: 2 },
  { at: 20, kind: 'consumer-kill', duration: 0 },
  { at: 30, kind: 'redis-down', duration: 1 },
])!;

test('no redis-down fault: null (the consumers add no events)', () => {
  assert.is(RedisOutages.of([]), null);
  assert.is(RedisOutages.of([{ at: 1, kind: 'server-restart', duration: 3 }]), null);
});

test('a stretch the outage does not meet waits nothing; one it meets waits from the outage (or its own start) to the end', () => {
  assert.is(outages.holdUp(5, 9.9), 0);
  assert.is(outages.holdUp(12, 13), 0, 'Redis back before the stretch');
  assert.is(outages.holdUp(9.5, 10.5), 2, 'outage begins inside: held from 10 to 12');
  assert.is(outages.holdUp(11, 11.2), 1, 'begins during the outage: held to its end');
  assert.is(outages.holdUp(29.5, 29.9), 0);
});

test('a stretch lengthened by one outage can meet the next', () => {
  // 9 -> 27 plus 2 s held = reaches 30.5: the second outage (30-31) holds it 1 s more
  assert.is(outages.holdUp(9, 28.5), 3);
});

test('a command sent during an outage completes at its first retry at or after Redis is back', () => {
  assert.is(RedisOutages.doneAt(5, 4, 3), 5, 'Redis already back: at once');
  assert.is(RedisOutages.doneAt(1, 2.5, 0), 2.5, 'no retry interval: the moment it is back');
  assert.is(RedisOutages.doneAt(1, 2.5, 1), 3, 'tries at 2, 3: 3');
  assert.is(RedisOutages.doneAt(1, 3, 1), 3, 'a try exactly when Redis is back gets through');
  const slow = RedisOutages.of([{ at: 10, kind: 'redis-down', duration: 2 }], 3)!;
  // the kiosk's RedisClient, REDIS_TIMEOUT 3 s: the status write at 10 (outage start) gets through at 13
  assert.is(slow.holdUp(9.5, 10.5), 3);
  assert.is(slow.holdUp(11, 11.2), 3, 'sent at 11, tried again at 14');
});

test.run();
