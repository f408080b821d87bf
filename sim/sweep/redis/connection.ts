/**
 * Redis for BullMQ: parse and mask the URL (a password is never printed), make connections with the
 * settings BullMQ requires (`maxRetriesPerRequest: null`, or blocking workers throw), and check the
 * server before anything is submitted or written: reachable (else a UserError, exit 2) and not
 * evicting keys (BullMQ needs `maxmemory-policy noeviction`: an evicted job key loses a run).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { UserError } from '../../scenario/userError.ts';

/** redis://user:secret@host:6379/0 -> redis://user:***@host:6379/0 (and redis://:secret@... -> redis://:***@...). */
export function maskRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    else if (u.username && !u.password && /^rediss?:$/.test(u.protocol)) u.username = '***'; // redis://secret@host: the lone field is the password
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/[^\s/@]+@/g, '***@');
  }
}

export function checkRedisUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--redis ${maskRedisUrl(url)}: expected a URL like redis://host:6379 or rediss://user:password@host:6380/0`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new UserError(`--redis ${maskRedisUrl(url)}: expected a redis:// or rediss:// URL, found ${u.protocol}//`);
}

/** A connection for BullMQ's Queue, Worker and QueueEvents (each needs its own for blocking reads). */
export function bullConnection(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
}

export interface RedisCheck { warnings: string[] }

/** Connects once without retries; a failure is the user's (wrong URL, server down): a UserError. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<RedisCheck> {
  checkRedisUrl(url);
  const masked = maskRedisUrl(url);
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: Error | undefined;
  probe.on('error', (e: Error) => { cause ??= e; }); // the socket's own error (ECONNREFUSED, ENOTFOUND) says more than "Connection is closed"
  const warnings: string[] = [];
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    probe.disconnect();
    const why = ((cause ?? (e as Error)).message || String(e)).split(url).join(masked);
    throw new UserError(`--redis ${masked}: cannot reach Redis (${why}); nothing was submitted or written`);
  }
  try {
    const reply = (await probe.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply?.[1];
    if (policy && policy !== 'noeviction') {
      warnings.push(`Redis at ${masked} has maxmemory-policy ${policy}: BullMQ needs noeviction (an evicted job loses its run); set it with CONFIG SET maxmemory-policy noeviction`);
    }
  } catch {
    // managed Redis often disables CONFIG; README "Sweeps" says to set noeviction there
  } finally {
    probe.disconnect();
  }
  return { warnings };
}
