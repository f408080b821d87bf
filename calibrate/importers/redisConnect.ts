/**
 * The calibrate Redis client: one connection attempt, bounded in time, no reconnect loop, and a failure
 * said in the user's words (connection refused / authentication failed / host not found / timed out)
 * with the URL's password masked. ioredis by itself reconnects forever and reports most of these as
 * "Connection is closed.", which says nothing about what to fix.
 */
import { Redis } from 'ioredis';
import { UserError } from '../../sim/cli/errors.ts';
import { redact } from '../redact.ts';

import { REDIS_TIMEOUT_S } from '../timeouts.ts';

export const REDIS_TIMEOUT_MS = REDIS_TIMEOUT_S * 1000;

/** The reason for a failure, in the words a user can act on. */
export function redisFailure(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { message?: string };
  const text = `${err?.code ?? ''} ${err?.message ?? String(e)}`;
  if (/WRONGPASS|NOAUTH|invalid password|invalid username|AUTH.*(failed|without any password)/i.test(text)) return 'authentication failed';
  if (/ECONNREFUSED/.test(text)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME/.test(text)) return 'host not found';
  if (/ETIMEDOUT|timed? ?out/i.test(text)) return 'timed out';
  if (/ECONNRESET|EPIPE|Connection is closed/i.test(text)) return 'the connection was closed by the server';
  return redact(err?.message ?? String(e));
}

export function redisError(url: string, e: unknown, doing = 'connect to'): UserError {
  return new UserError(`cannot ${doing} Redis at ${redact(url)}: ${redisFailure(e)}`);
}

/** Connects once (or throws a UserError); the client does not reconnect and every command has a time limit. */
export async function connectRedis(url: string, timeoutMs = REDIS_TIMEOUT_MS): Promise<Redis> {
  let lastError: unknown;
  let redis: Redis;
  try {
    redis = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      reconnectOnError: () => false,
      enableOfflineQueue: false,
    });
  } catch (e) {
    throw new UserError(`cannot use Redis URL ${redact(url)}: ${redact((e as Error).message)}`);
  }
  // The socket's own error (ECONNREFUSED, WRONGPASS, ...) arrives here; connect() then only says "Connection is closed.".
  redis.on('error', (e) => { lastError ??= e; });
  try {
    await redis.connect();
  } catch (e) {
    redis.disconnect();
    throw redisError(url, lastError ?? e);
  }
  return redis;
}
