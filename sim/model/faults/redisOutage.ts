import type { ScheduledFault } from '../config.ts';

/**
 * What a Redis outage does to a consumer's work in hand. The live consumers' client (ioredis, no
 * retry limit) holds a command issued while Redis is down until it is back, so a consumer holding a
 * job stops at its next status write and carries on only when Redis returns; the queue itself hands
 * out nothing meanwhile (scheduledFaults.ts). The image consumer spends its status writes inside
 * stretches of work (pre-processing, post-processing and upload); a stretch that an outage overlaps
 * is held up from the outage's start (or the stretch's, if later) to its end.
 */
export class RedisOutages {
  private constructor(private readonly windows: ReadonlyArray<readonly [number, number]>) {}

  /** The scenario's redis-down windows, or null without one (then nothing changes: no extra events). */
  static of(faults: readonly ScheduledFault[]): RedisOutages | null {
    const windows = faults
      .filter((f) => f.kind === 'redis-down' && f.duration > 0)
      .map((f) => [f.at, f.at + f.duration] as const)
      .sort((a, b) => a[0] - b[0]);
    return windows.length ? new RedisOutages(windows) : null;
  }

  /**
   * Seconds a stretch of work from `start` that would end at `end` waits on Redis: for each outage
   * [down, up) that it meets (the stretch, lengthened by the waits so far, reaches past `down`), the
   * wait from max(start, down) to up.
   */
  holdUp(start: number, end: number): number {
    let wait = 0;
    for (const [down, up] of this.windows) {
      if (up <= start) continue;
      if (down >= end + wait) break;
      wait += up - Math.max(start, down);
    }
    return wait;
  }
}
