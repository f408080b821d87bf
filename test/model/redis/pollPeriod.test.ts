import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../sim/engine/index.ts';
import { aleaFor } from '../../../sim/engine/rng.ts';
import type { RedisConfig } from '../../../sim/model/config.ts';
import { JitteredPolledQueue } from '../../../sim/model/redis/jitteredPolledQueue.ts';
import { emptyPollPeriod } from '../../../sim/model/redis/pollPeriod.ts';
import { PolledQueue } from '../../../sim/model/redis/polledQueue.ts';

const redis = (over: Partial<RedisConfig>): RedisConfig => ({
  emptyQueueSleep: 1, putBackSleep: 0.1, opLatency: 0.004, rotationTick: 0,
  janitor: { enabled: false, interval: 1, staleAfter: 3 }, queues: { image: 'i', zip: 'z' },
  emptyPollRoundTrips: 0, emptyPollJitter: { kind: 'constant', value: 0 }, retryInterval: 0, ...over,
});

test('empty-poll period: the sleep exactly when no round trips are set, else sleep + trips x op_latency', () => {
  assert.is(emptyPollPeriod(redis({})), 1);
  assert.ok(Math.abs(emptyPollPeriod(redis({ emptyPollRoundTrips: 2 })) - 1.008) < 1e-15);
});

/** Consumers that take a key, work `work` s and loop; the take times. */
function takes(q: PolledQueue, sim: Simulation, pushTimes: number[], consumers: number, work: number) {
  const taken: [number, number, number][] = [];
  for (let c = 0; c < consumers; c++) {
    sim.process((function* () {
      if (c > 0) yield c * 0.31; // distinct phases: no two consumers poll at one instant
      for (;;) {
        const key: number = yield q.take();
        taken.push([key, c, Math.round(sim.now * 1e9) / 1e9]);
        yield work;
      }
    })());
  }
  pushTimes.forEach((t, k) => sim.at(t, () => q.push(k)));
  sim.run({ until: 1000 });
  return taken;
}

test('a constant jitter c gives the takes of exact polling with period sleep + c (each poll an event vs none)', () => {
  const u = aleaFor(3, 'poll-period-test');
  const pushTimes = Array.from({ length: 60 }, () => Math.round(u() * 200_000) / 1000).sort((a, b) => a - b);
  const simA = new Simulation();
  const exact = takes(new PolledQueue(simA, 'q', 1.25), simA, pushTimes, 3, 0.7);
  const simB = new Simulation();
  const jittered = takes(new JitteredPolledQueue(simB, 'q', 1, () => 0.25), simB, pushTimes, 3, 0.7);
  assert.is(jittered.length, 60);
  assert.equal(jittered, exact);
});

test('random jitter spreads the wait for a key pushed into an idle queue: mean period = sleep + mean jitter', () => {
  // one consumer polling an empty list; a key pushed at a random time waits on average half a period
  const u = aleaFor(4, 'jitter-wait');
  let total = 0;
  const n = 400;
  for (let k = 0; k < n; k++) {
    const sim = new Simulation();
    const q = new JitteredPolledQueue(sim, 'q', 1, () => u() * 0.4); // mean jitter 0.2: mean period 1.2
    const t = 50 + u() * 10;
    const got = takes(q, sim, [t], 1, 1);
    total += got[0]![2] - t;
  }
  // the mean residual of a renewal process with periods uniform on [1, 1.4]: E[P^2] / (2 E[P]) = 0.6056
  const mean = total / n;
  assert.ok(Math.abs(mean - 0.6056) < 0.04, `mean wait ${mean}`);
});

test('a paused queue (Redis down) hands out no key until it is back; a poll made meanwhile is answered then', () => {
  for (const make of [(sim: Simulation) => new PolledQueue(sim, 'q', 1), (sim: Simulation) => new JitteredPolledQueue(sim, 'q', 1, () => 0)]) {
    const sim = new Simulation();
    const q = make(sim);
    sim.at(2, () => q.setPaused(true));
    sim.at(4.5, () => q.setPaused(false));
    const got = takes(q, sim, [0.5, 2.2, 3], 1, 0.1);
    // idle from 1.1: its poll at 2.1 waits for Redis (the client holds the command), is answered at
    // 4.5 with key 1, and key 2 is taken right after (was: polls at 2.1, 3.1, 4.1 found nothing, 5.1)
    assert.equal(got.map((g) => g[2]), [1, 4.5, 4.6], make.toString());
  }
});

test('a held poll is answered at the client\'s first try after Redis is back; with no key then, the consumer sleeps from then on', () => {
  const sim = new Simulation();
  const q = new PolledQueue(sim, 'q', 1);
  sim.at(2, () => q.setPaused(true));
  // tries every 0.35 s from the poll at 2.1: 2.45, ..., 4.2, 4.55: the first at or after 4.5 is 4.55
  sim.at(4.5, () => q.setPaused(false, (issued) => issued + Math.ceil((4.5 - issued) / 0.35 - 1e-9) * 0.35));
  const got = takes(q, sim, [0.5, 2.2, 4.6], 1, 0.1);
  // key 1 at 4.55, and key 2 (pushed at 4.6) when the consumer is back at the top of its loop
  assert.equal(got.map((g) => g[2]), [1, 4.55, 4.65]);
  const sim2 = new Simulation();
  const q2 = new PolledQueue(sim2, 'q', 1);
  sim2.at(2, () => q2.setPaused(true));
  sim2.at(4.5, () => q2.setPaused(false));
  // nothing queued at 4.5: the held poll finds the list empty and the consumer's next poll is 5.5
  const got2 = takes(q2, sim2, [0.5, 5.2], 1, 0.1);
  assert.equal(got2.map((g) => g[2]), [1, 5.5]);
});

test.run();
