import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation, Deque } from '../../../sim/engine/index.ts';
import { aleaFor } from '../../../sim/engine/rng.ts';
import { PolledQueue } from '../../../sim/model/redis/polledQueue.ts';

/** Runs `consumers` polling consumers that each take a key, work `work(key)` s, and loop. */
function withPolledQueue(pushTimes: number[], consumers: number, sleep: number, work: (k: number) => number, startTimes: number[]) {
  const sim = new Simulation();
  const q = new PolledQueue(sim, 'q', sleep);
  const taken: [number, number, number][] = [];
  for (let c = 0; c < consumers; c++) {
    sim.at(startTimes[c]!, () => {
      sim.process(
        (function* () {
          for (;;) {
            const key: number = yield q.take();
            taken.push([key, c, sim.now]);
            yield work(key);
          }
        })(),
      );
    });
  }
  pushTimes.forEach((t, k) => sim.at(t, () => q.push(k)));
  sim.run({ until: 10_000 });
  return { taken, emptyPolls: q.emptyPolls };
}

/** The literal loop of kiosk-redis-consumer: look, and if the list is empty sleep `sleep` s. */
function withNaivePolling(pushTimes: number[], consumers: number, sleep: number, work: (k: number) => number, startTimes: number[]) {
  const sim = new Simulation();
  const keys = new Deque<number>();
  const taken: [number, number, number][] = [];
  let emptyPolls = 0;
  for (let c = 0; c < consumers; c++) {
    sim.at(startTimes[c]!, () => {
      sim.process(
        (function* () {
          for (;;) {
            const key = keys.popFront();
            if (key === undefined) {
              emptyPolls++;
              yield sleep;
              continue;
            }
            taken.push([key, c, sim.now]);
            yield work(key);
          }
        })(),
      );
    });
  }
  // pushes run before polls at the same instant in both models (pushes are scheduled first)
  pushTimes.forEach((t, k) => sim.at(t, () => keys.pushBack(k)));
  sim.run({ until: 10_000 });
  return { taken, emptyPolls };
}

test('polling without an event per empty poll gives exactly the takes of the literal 5 s polling loop', () => {
  const u = aleaFor(1, 'polled-queue-test');
  const pushTimes: number[] = [];
  let t = 0;
  for (let k = 0; k < 400; k++) {
    t += u() < 0.3 ? u() * 40 : u() * 2; // bursts and lulls
    pushTimes.push(Math.round(t * 1000) / 1000);
  }
  const startTimes = Array.from({ length: 7 }, () => Math.round(u() * 10_000) / 1000);
  const work = (k: number) => 1 + ((k * 7919) % 13) / 2;
  const fast = withPolledQueue(pushTimes, 7, 5, work, startTimes);
  const naive = withNaivePolling(pushTimes, 7, 5, work, startTimes);
  assert.equal(fast.taken.length, naive.taken.length);
  assert.equal(fast.taken, naive.taken);
});

test('emptyPolls counts the polls the real consumers make on an empty list', () => {
  // one consumer from t=0, one key at t=12: polls at 0, 5, 10 are empty; the poll at 15 takes it
  const r = withPolledQueue([12], 1, 5, () => 1, [0]);
  assert.equal(r.taken, [[0, 0, 15]]);
  const n = withNaivePolling([12], 1, 5, () => 1, [0]);
  assert.equal(n.taken, [[0, 0, 15]]);
  assert.is(r.emptyPolls >= 3, true);
});

test('a key waiting when a consumer looks is taken at once (RPOPLPUSH), first in first out', () => {
  const r = withPolledQueue([0, 0, 0], 1, 5, () => 2, [1]);
  assert.equal(r.taken, [[0, 0, 1], [1, 0, 3], [2, 0, 5]]);
});

test('cycleFront leaves the queue as popNow then push would: order, pushes, length integral, a woken idle consumer', () => {
  const run = (cycle: (q: PolledQueue) => void) => {
    const sim = new Simulation();
    const q = new PolledQueue(sim, 'q', 0.5);
    const got: string[] = [];
    // one consumer that goes idle on the empty list before the keys come
    sim.process((function* () {
      for (;;) got.push(`${sim.now} took ${yield q.take()}`), yield 3;
    })());
    sim.at(0.2, () => [7, 8, 9].forEach((k) => q.push(k)));
    for (const t of [0.25, 1.7, 2.2, 4.9]) sim.at(t, () => q.length > 0 && cycle(q));
    sim.run({ until: 12 });
    return `${got.join(';')} | left ${[...q.keys]} pushes ${q.pushes} integral ${q.lengthIntegral()}`;
  };
  const cycled = run((q) => q.cycleFront());
  assert.is(cycled, run((q) => q.push(q.popNow()!)));
  assert.ok(cycled.includes('took 7') && cycled.includes('took 9'), cycled);
});

/**
 * Two consumers (take, then 2 s, again) on a queue with 0.5 s empty sleeps, `keys` pushed at 0.3 s and
 * `cycles(q)` at each of `times` while keys wait; the trace and the queue's state at 12 s as one string.
 */
function twoConsumersCycling(keys: number[], times: readonly number[], cycles: (q: PolledQueue, i: number) => void): string {
  const sim = new Simulation();
  const q = new PolledQueue(sim, 'q', 0.5);
  const got: string[] = [];
  for (let c = 0; c < 2; c++)
    sim.process((function* () {
      for (;;) got.push(`${sim.now} c${c} took ${yield q.take()}`), yield 2;
    })());
  sim.at(0.3, () => keys.forEach((k) => q.push(k)));
  times.forEach((t, i) => sim.at(t, () => q.length > 0 && cycles(q, i)));
  sim.run({ until: 12 });
  return `${got.join(';')} | left ${[...q.keys]} pushes ${q.pushes} integral ${q.lengthIntegral()} empty ${q.emptyPolls}`;
}

test('cycleFrontAgain after a cycleFront leaves the queue as cycleFront twice would (order, pushes, integral, wake-ups)', () => {
  // runs of cycles at instants where keys wait and consumers are due or idle
  const run = (again: (q: PolledQueue) => void) =>
    twoConsumersCycling([4, 5, 6, 7], [0.3, 1.1, 2.75, 3.3], (q) => {
      q.cycleFront();
      for (let k = 0; k < 5; k++) again(q);
    });
  const fast = run((q) => q.cycleFrontAgain());
  assert.is(fast, run((q) => q.cycleFront()));
  assert.ok(fast.includes('took 4') && fast.includes('pushes 16'), fast); // the 4 pushes and the cycles
});

test('cycledFront(n) after the n key moves of a scan leaves the queue as cycleFront then n - 1 cycleFrontAgain (or n of them when again), with wake-ups', () => {
  // stretches longer and shorter than the list, the second of each pair right after the first
  const stretches = [3, 7, 1, 12];
  const run = (stretch: (q: PolledQueue, n: number, again: boolean) => void) =>
    twoConsumersCycling([4, 5, 6, 7, 8], [0.3, 1.1, 2.75, 3.3], (q, i) => {
      stretch(q, stretches[i]!, false);
      stretch(q, stretches[i]! + 2, true);
    });
  const bulk = run((q, n, again) => {
    // the scan's key moves (WaitingParents.cycleWaiting), then the queue's bookkeeping for them
    const { buf, mask, length } = q.keys;
    let h = q.keys.head;
    for (let k = 0; k < n; k++) (buf[(h + length) & mask] = buf[h]!), (h = (h + 1) & mask);
    q.keys.rotatedTo(h);
    q.cycledFront(n, again);
  });
  const oneByOne = run((q, n, again) => {
    if (!again) q.cycleFront();
    for (let k = again ? 0 : 1; k < n; k++) q.cycleFrontAgain();
  });
  assert.is(bulk, oneByOne);
  assert.ok(bulk.includes('took 4') && bulk.includes('took 8'), bulk);
});

test.run();
