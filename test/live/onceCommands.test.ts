/** The queue writes a Redis restart may make ioredis send twice (sim/live/onceCommands.ts), on a private redis-server. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import { createJobOnce, moveBackOnce } from '../../sim/live/onceCommands.ts';
import { startRedis } from '../support/redis.ts';

test('a job created twice (a resent command) is queued once; moving a key back twice moves it once', async () => {
  const server = await startRedis();
  const redis = new Redis(server.url);
  try {
    assert.is(await createJobOnce(redis, 'job:1', { status: 'new', created_at: 5 }, 'q'), true);
    assert.is(await createJobOnce(redis, 'job:1', { status: 'new', created_at: 5 }, 'q'), false);
    assert.equal(await redis.lrange('q', 0, -1), ['job:1']);
    assert.equal(await redis.hgetall('job:1'), { status: 'new', created_at: '5' });

    await redis.rpoplpush('q', 'processing-q:pod');
    assert.is(await moveBackOnce(redis, 'processing-q:pod', 'q', 'job:1'), true);
    assert.is(await moveBackOnce(redis, 'processing-q:pod', 'q', 'job:1'), false);
    assert.equal(await redis.lrange('q', 0, -1), ['job:1']);
    assert.is(await redis.llen('processing-q:pod'), 0);
  } finally {
    redis.disconnect();
    await server.stop();
  }
});

test.run();
