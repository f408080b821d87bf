import type { RandomStreams, Simulation } from '../../engine/index.ts';
import { makeDistribution } from '../../engine/distributions.ts';
import type { RedisConfig } from '../config.ts';
import { JitteredPolledQueue } from './jitteredPolledQueue.ts';
import { PolledQueue } from './polledQueue.ts';

/**
 * Time between two empty polls of one consumer: the empty-queue sleep plus the round trips its loop
 * makes before it looks again (kiosk-redis-consumer purges its processing list, then RPOPLPUSHes).
 * With no round trips configured it is the sleep exactly.
 */
export function emptyPollPeriod(redis: RedisConfig): number {
  return redis.emptyPollRoundTrips > 0 ? redis.emptyQueueSleep + redis.emptyPollRoundTrips * redis.opLatency : redis.emptyQueueSleep;
}

/** Whether empty polls wake late by a random amount (then each empty poll is its own event). */
export function hasPollJitter(redis: RedisConfig): boolean {
  const j = redis.emptyPollJitter;
  return !(j.kind === 'constant' && j.value === 0);
}

/**
 * The queue the consumers poll: the exact-phase PolledQueue, or, when every empty sleep wakes late by
 * a random amount, one that simulates each empty poll (phases drift from poll to poll).
 */
export function makePolledQueue(sim: Simulation, name: string, redis: RedisConfig, streams: RandomStreams): PolledQueue {
  const period = emptyPollPeriod(redis);
  if (!hasPollJitter(redis)) return new PolledQueue(sim, name, period);
  return new JitteredPolledQueue(sim, name, period, makeDistribution(redis.emptyPollJitter, streams.stream(`redis.poll_jitter.${name}`)));
}
