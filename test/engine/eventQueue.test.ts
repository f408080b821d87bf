import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EventQueue, before, ScheduledEvent } from '../../sim/engine/eventQueue.ts';
import { aleaFor } from '../../sim/engine/rng.ts';

test('pop returns events in (time, priority, insertion) order', () => {
  const q = new EventQueue();
  const order: string[] = [];
  const add = (t: number, p: number, name: string) => q.push(t, p, () => order.push(name));
  add(2, 1, 'c');
  add(1, 1, 'a');
  add(2, 0, 'b');
  add(2, 1, 'd');
  add(3, -1, 'e');
  for (let ev = q.pop(); ev; ev = q.pop()) ev.action!();
  assert.equal(order, ['a', 'b', 'c', 'd', 'e']);
});

test('same time and priority run first-in first-out (1000 ties)', () => {
  const q = new EventQueue();
  const order: number[] = [];
  for (let i = 0; i < 1000; i++) q.push(5, 1, () => order.push(i));
  for (let ev = q.pop(); ev; ev = q.pop()) ev.action!();
  assert.equal(order, Array.from({ length: 1000 }, (_, i) => i));
});

/**
 * 20000 random steps on `q`: a new event from `add(now)` (55%), the removal of a random live event (10%), or
 * a peek and a pop (35%), each checked against the minimum of a plain list under `before`. Returns the pops.
 */
function fuzzAgainstReference(q: EventQueue, rnd: () => number, add: (now: number) => ScheduledEvent): number {
  const live = new Set<ScheduledEvent>();
  let now = 0;
  let pops = 0;
  for (let step = 0; step < 20000; step++) {
    const r = rnd();
    if (r < 0.55) {
      live.add(add(now));
    } else if (r < 0.65 && live.size > 0) {
      const victims = [...live];
      const v = victims[Math.floor(rnd() * victims.length)]!;
      assert.ok(q.remove(v));
      assert.not.ok(q.remove(v), 'a second removal reports false');
      live.delete(v);
    } else if (live.size > 0) {
      let best: ScheduledEvent | null = null;
      for (const e of live) if (best === null || before(e, best)) best = e;
      assert.is(q.peek(), best, `peek ${pops} differs from the reference`);
      const got = q.pop()!;
      assert.is(got, best, `pop ${pops} differs from the reference`);
      assert.ok(got.time >= now, 'time never goes backwards');
      now = got.time;
      live.delete(got);
      pops++;
    }
    assert.is(q.size, live.size);
  }
  return pops;
}

test('random pushes, lane pushes and removals match a sorted reference', () => {
  // Mixes events at the current time (which go to the FIFO lanes) with heap events, priorities -1..2
  // and cancellations.
  const rnd = aleaFor(7, 'queue-fuzz');
  const q = new EventQueue();
  const pops = fuzzAgainstReference(q, rnd, (now) => {
    const sameTime = rnd() < 0.5;
    const t = sameTime ? now : now + Math.floor(rnd() * 4); // coarse times: many ties
    return q.push(t, Math.floor(rnd() * 4) - 1, () => {});
  });
  assert.ok(pops > 5000);
});

test('with a fixed-delay lane: pushes, lane sleeps, other delays and removals match a sorted reference', () => {
  // Sleeps of the lane's delay (1) at its priority (1) go through the lane; they tie in time with heap
  // events (coarse times) and with events due now. Some sleeps have other priorities or delays (heap),
  // and a few are queued from an earlier `now` (out of the lane's order: those must go to the heap).
  const rnd = aleaFor(8, 'delay-lane-fuzz');
  const q = new EventQueue();
  q.useDelayLane(1, 1);
  let backdated = 0;
  const pops = fuzzAgainstReference(q, rnd, (now) => {
    if (rnd() < 0.45) return q.push(rnd() < 0.5 ? now : now + Math.floor(rnd() * 4), Math.floor(rnd() * 3), () => {});
    const ev = new ScheduledEvent(() => {}, null);
    // a sleep from half a second back (still due after now), else one from now
    if (rnd() < 0.05) {
      const laneCount = q.delayed;
      q.insertAfter(ev, now - 0.5, 1, 1);
      if (q.delayed === laneCount) backdated++; // behind the lane's tail: to the heap
    } else q.insertAfter(ev, now, rnd() < 0.8 ? 1 : Math.floor(rnd() * 3), rnd() < 0.8 ? 1 : 0);
    return ev;
  });
  assert.ok(pops > 5000);
  assert.ok(q.delayed > 3000, `${q.delayed} events went through the lane`);
  assert.ok(backdated > 50, `${backdated} backdated sleeps went to the heap`);
});

test('pop(until) leaves a delay-lane head due after until', () => {
  const q = new EventQueue();
  q.useDelayLane(2, 1);
  const ev = new ScheduledEvent(() => {}, null);
  q.insertAfter(ev, 0, 2, 1);
  assert.is(q.delayed, 1);
  assert.is(q.pop(1.5), undefined);
  assert.is(q.size, 1);
  assert.is(q.peekTime(), 2);
  assert.is(q.pop(2), ev);
});

test('useDelayLane needs a positive finite delay, and keeps its delay while events wait in the lane', () => {
  const q = new EventQueue();
  for (const bad of [0, -1, NaN, Infinity]) assert.throws(() => q.useDelayLane(bad, 1), /positive finite delay/);
  q.useDelayLane(1, 1);
  q.insertAfter(new ScheduledEvent(() => {}, null), 0, 1, 1);
  assert.throws(() => q.useDelayLane(2, 1), /cannot change/);
  q.useDelayLane(1, 1); // the same lane again is fine
  q.pop();
  q.useDelayLane(2, 1); // empty again: a new delay
});

test('peekTime is Infinity when empty and the earliest time otherwise', () => {
  const q = new EventQueue();
  assert.is(q.peekTime(), Infinity);
  q.push(3, 1, () => {});
  q.push(1, 1, () => {});
  assert.is(q.peekTime(), 1);
});

test.run();
