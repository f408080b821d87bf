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

test('random pushes, lane pushes and removals match a sorted reference', () => {
  // Mixes events at the current time (which go to the FIFO lanes) with heap events, priorities -1..2
  // and cancellations, and checks every pop against the minimum of a plain list under `before`.
  const rnd = aleaFor(7, 'queue-fuzz');
  const q = new EventQueue();
  const live = new Set<ScheduledEvent>();
  let now = 0;
  let pops = 0;
  for (let step = 0; step < 20000; step++) {
    const r = rnd();
    if (r < 0.55) {
      const sameTime = rnd() < 0.5;
      const t = sameTime ? now : now + Math.floor(rnd() * 4); // coarse times: many ties
      const p = Math.floor(rnd() * 4) - 1;
      live.add(q.push(t, p, () => {}));
    } else if (r < 0.65 && live.size > 0) {
      const victims = [...live];
      const v = victims[Math.floor(rnd() * victims.length)]!;
      assert.ok(q.remove(v));
      assert.not.ok(q.remove(v), 'a second removal reports false');
      live.delete(v);
    } else if (live.size > 0) {
      let best: ScheduledEvent | null = null;
      for (const e of live) if (best === null || before(e, best)) best = e;
      const got = q.pop()!;
      assert.is(got, best, `pop ${pops} differs from the reference`);
      assert.ok(got.time >= now, 'time never goes backwards');
      now = got.time;
      live.delete(got);
      pops++;
    }
    assert.is(q.size, live.size);
  }
  assert.ok(pops > 5000);
});

test('peekTime is Infinity when empty and the earliest time otherwise', () => {
  const q = new EventQueue();
  assert.is(q.peekTime(), Infinity);
  q.push(3, 1, () => {});
  q.push(1, 1, () => {});
  assert.is(q.peekTime(), 1);
});

test.run();
