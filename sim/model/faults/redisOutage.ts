import type { ScheduledFault } from '../config.ts';

/**
 * What a Redis outage does to the consumers' commands. Neither the kiosk's client nor the live
 * harness's gives up on a command while Redis is down: kiosk-redis-consumer's RedisClient catches
 * the ConnectionError, sleeps REDIS_TIMEOUT and sends it again, for ever; ioredis (the live
 * consumers, no retry limit) queues it and reconnects every retryStrategy interval. So a command
 * issued during an outage completes at the client's first try after Redis is back, `doneAt`:
 * - a poll waits for its answer (redis/polledQueue.ts setPaused) and then gets a key, if one is
 *   queued, instead of finding nothing and sleeping a whole empty-queue timeout;
 * - a consumer holding a job stops at its next status write: the image consumer spends its status
 *   writes inside stretches of work (pre-processing, post-processing and upload), so a stretch an
 *   outage overlaps is held up from the outage's start (or the stretch's, if later) to `doneAt`.
 * With `retryInterval` 0 a command completes the moment Redis is back.
 */
export class RedisOutages {
  private constructor(
    private readonly windows: ReadonlyArray<readonly [number, number]>,
    private readonly retryInterval: number,
  ) {}

  /** The scenario's redis-down windows, or null without one (then nothing changes: no extra events). */
  static of(faults: readonly ScheduledFault[], retryInterval = 0): RedisOutages | null {
    const windows = faults
      .filter((f) => f.kind === 'redis-down' && f.duration > 0)
      .map((f) => [f.at, f.at + f.duration] as const)
      .sort((a, b) => a[0] - b[0]);
    return windows.length ? new RedisOutages(windows, retryInterval) : null;
  }

  /**
   * When a command first sent at `issued`, during the outage that ends at `up`, completes: its
   * first retry at or after `up` (every retryInterval from `issued`), or `up` itself with none.
   */
  static doneAt(issued: number, up: number, retryInterval: number): number {
    if (issued >= up) return issued;
    if (!(retryInterval > 0)) return up;
    return issued + Math.ceil((up - issued) / retryInterval - 1e-9) * retryInterval;
  }

  /**
   * Seconds a stretch of work from `start` that would end at `end` waits on Redis: for each outage
   * [down, up) that it meets (the stretch, lengthened by the waits so far, reaches past `down`), the
   * wait from max(start, down) until that command completes.
   */
  holdUp(start: number, end: number): number {
    let wait = 0;
    for (const [down, up] of this.windows) {
      if (up <= start) continue;
      if (down >= end + wait) break;
      const issued = Math.max(start, down);
      wait += RedisOutages.doneAt(issued, up, this.retryInterval) - issued;
    }
    return wait;
  }
}
