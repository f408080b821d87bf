/**
 * The two queue writes that must happen once even when Redis restarts under them. ioredis keeps
 * a command whose reply a restart lost and sends it again once reconnected; with AOF the first
 * one was already applied, so a resent LPUSH queues the job a second time and two consumers
 * process one image (the kiosk's redis-py does not resend: its consumer fails instead). Each write
 * is one Lua script, so it is atomic like the MULTI it replaces, and a resent copy finds its work
 * done and changes nothing.
 */
import type { Redis } from 'ioredis';

// KEYS[1] the job hash, KEYS[2] the queue; ARGV the hash's field/value pairs
const CREATE = `if redis.call('exists', KEYS[1]) == 1 then return 0 end
redis.call('hset', KEYS[1], unpack(ARGV))
redis.call('lpush', KEYS[2], KEYS[1])
return 1`;

// KEYS[1] the processing list, KEYS[2] the queue; ARGV[1] the job key
const MOVE_BACK = `if redis.call('lrem', KEYS[1], 1, ARGV[1]) == 0 then return 0 end
redis.call('lpush', KEYS[2], ARGV[1])
return 1`;

/** HSET the new job's fields and LPUSH it onto `queue`, unless the job hash exists already. True when it was queued now. */
export async function createJobOnce(redis: Redis, key: string, fields: Record<string, string | number>, queue: string): Promise<boolean> {
  const args = Object.entries(fields).flatMap(([f, v]) => [f, String(v)]);
  return (await redis.eval(CREATE, 2, key, queue, ...args)) === 1;
}

/** LREM `key` from `processing` and LPUSH it onto `queue`, only if it was still in `processing`. True when it moved now. */
export async function moveBackOnce(redis: Redis, processing: string, queue: string, key: string): Promise<boolean> {
  return (await redis.eval(MOVE_BACK, 2, processing, queue, key)) === 1;
}
