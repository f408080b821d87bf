import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Priority, Simulation, SimulationError } from '../../sim/engine/index.ts';
import { throwsKind } from './support/throws.ts';

test('at and schedule run actions at their times; now follows', () => {
  const sim = new Simulation();
  const seen: [string, number][] = [];
  sim.at(5, () => seen.push(['at5', sim.now]));
  sim.schedule(2, () => {
    seen.push(['s2', sim.now]);
    sim.schedule(1, () => seen.push(['s2+1', sim.now]));
  });
  assert.is(sim.run(), 'empty');
  assert.equal(seen, [['s2', 2], ['s2+1', 3], ['at5', 5]]);
  assert.is(sim.eventsProcessed, 3);
});

test('same-time events: priority first, then first-in first-out', () => {
  const sim = new Simulation();
  const order: string[] = [];
  sim.at(1, () => order.push('n1'));
  sim.at(1, () => order.push('late'), Priority.LATE);
  sim.at(1, () => {
    order.push('n2');
    sim.schedule(0, () => order.push('n2-child')); // same time, scheduled later: after n3
    sim.schedule(0, () => order.push('urgent-child'), Priority.URGENT); // before the remaining NORMAL ones
  });
  sim.at(1, () => order.push('n3'));
  sim.at(1, () => order.push('urgent'), Priority.URGENT);
  sim.run();
  assert.equal(order, ['urgent', 'n1', 'n2', 'urgent-child', 'n3', 'n2-child', 'late']);
});

test('time never goes backwards over a random schedule', () => {
  const sim = new Simulation();
  let last = -1;
  let x = 12345;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const spawn = (depth: number) => {
    assert.ok(sim.now >= last, `now ${sim.now} after ${last}`);
    last = sim.now;
    if (depth < 6) for (let i = 0; i < 3; i++) sim.schedule(Math.floor(rand() * 3), () => spawn(depth + 1));
  };
  sim.schedule(0, () => spawn(0));
  sim.run();
  assert.ok(sim.eventsProcessed > 1000);
});

test('scheduling in the past or at NaN throws a SimulationError saying why', () => {
  const sim = new Simulation();
  sim.at(10, () => {});
  sim.run();
  assert.throws(() => sim.at(9, () => {}), (e: unknown) => e instanceof SimulationError && /in the past: t=9 < now=10/.test(e.message));
  assert.throws(() => sim.schedule(-1, () => {}), (e: unknown) => e instanceof SimulationError && /negative/.test(e.message));
  assert.throws(() => sim.at(NaN, () => {}), (e: unknown) => e instanceof SimulationError && /NaN/.test(e.message));
  throwsKind(() => sim.schedule(NaN, () => {}), SimulationError);
  throwsKind(() => sim.schedule(1, () => {}, NaN), SimulationError, /priority/);
});

test('post runs like schedule (same order, same sequence numbers) and reuses its fired entries', () => {
  const trace = (usePost: boolean) => {
    const sim = new Simulation();
    const seen: string[] = [];
    const seqs: number[] = [];
    sim.onEvent = (_t, seq) => seqs.push(seq);
    let k = 0;
    const fire = (name: string) => () => {
      seen.push(`${name}@${sim.now}`);
      if (k++ < 200) {
        const delay = (k * 7919) % 5; // ties at the same time, including 0 (a lane)
        const priority = k % 3;
        if (usePost) sim.post(delay, fire(`p${k}`), priority);
        else sim.schedule(delay, fire(`p${k}`), priority);
        if (k % 4 === 0) sim.schedule(delay, fire(`s${k}`), Priority.NORMAL); // handles mixed in
      }
    };
    for (let i = 0; i < 3; i++) usePost ? sim.post(i, fire(`start${i}`)) : sim.schedule(i, fire(`start${i}`));
    sim.run();
    return { seen, seqs, sim };
  };
  const a = trace(false);
  const b = trace(true);
  assert.equal(b.seen, a.seen);
  assert.equal(b.seqs, a.seqs);
  assert.ok(a.seen.length > 250, `${a.seen.length} events`);
  // a chain of posts, one pending at a time, runs in one recycled entry
  const sim = new Simulation();
  const made = new Set<unknown>();
  const q = sim.eventQueue as unknown as { spareOneShots: unknown[] };
  let n = 0;
  const tick = () => {
    if (q.spareOneShots.length) made.add(q.spareOneShots[q.spareOneShots.length - 1]);
    if (++n < 1000) sim.post(1, tick);
  };
  sim.post(1, tick);
  sim.run();
  assert.is(n, 1000);
  assert.is(made.size, 1, 'one entry served every event of the chain');
  throwsKind(() => sim.post(-1, tick), SimulationError, /negative/);
});

test('cancel removes a pending event and reports whether it did', () => {
  const sim = new Simulation();
  const ran: number[] = [];
  const a = sim.schedule(1, () => ran.push(1));
  const b = sim.schedule(2, () => ran.push(2));
  const c = sim.schedule(0, () => ran.push(0));
  assert.ok(b.pending);
  assert.ok(sim.cancel(b));
  assert.not.ok(b.pending);
  assert.not.ok(sim.cancel(b), 'cancelling twice');
  assert.not.ok(sim.cancel(null));
  assert.is(sim.pending, 2);
  sim.run();
  assert.equal(ran, [0, 1]);
  assert.not.ok(sim.cancel(a), 'cancelling after it ran');
  assert.not.ok(c.pending);
});

test('an event can cancel another due at the same time', () => {
  const sim = new Simulation();
  const ran: string[] = [];
  let later: ReturnType<Simulation['at']> | null = null;
  sim.at(3, () => {
    ran.push('first');
    sim.cancel(later);
  });
  later = sim.at(3, () => ran.push('second'));
  sim.run();
  assert.equal(ran, ['first']);
});

test('run(until) stops after events at until, sets the clock, and resumes exactly', () => {
  const run = (splits: number[]) => {
    const sim = new Simulation();
    const seen: number[] = [];
    sim.every(1.5, (t) => seen.push(t));
    for (const u of splits) assert.is(sim.run({ until: u }), 'until');
    return { seen, now: sim.now };
  };
  const once = run([30]);
  const pieces = run([3, 4.5, 10, 10, 30]);
  assert.equal(pieces, once);
  assert.is(once.now, 30);
  assert.ok(once.seen.includes(30), 'an event at exactly until runs');
  assert.is(once.seen.length, 20);
});

test('run(until) in the past throws', () => {
  const sim = new Simulation();
  sim.schedule(5, () => {});
  sim.run({ until: 5 });
  assert.throws(() => sim.run({ until: 4 }), (e: unknown) => e instanceof SimulationError && /in the past/.test(e.message));
});

test('run stops on stopWhen, maxEvents and stop(), and each can resume', () => {
  const sim = new Simulation();
  let n = 0;
  sim.every(1, () => {
    n++;
    if (n === 20) sim.stop();
  });
  assert.is(sim.run({ stopWhen: () => n === 5 }), 'condition');
  assert.is(n, 5);
  assert.is(sim.run({ maxEvents: 3 }), 'maxEvents');
  assert.is(n, 8);
  assert.is(sim.run(), 'stopped');
  assert.is(n, 20);
  assert.is(sim.now, 20);
  assert.is(sim.run({ until: 25 }), 'until');
  assert.is(n, 25);
});

test('every ticks at a fixed interval from firstIn and stops when cancelled', () => {
  const sim = new Simulation();
  const ticks: number[] = [];
  const timer = sim.every(10, (t) => ticks.push(t), 5);
  sim.at(40, () => timer.cancel());
  sim.run();
  assert.equal(ticks, [5, 15, 25, 35]);
  throwsKind(() => sim.every(0, () => {}), SimulationError, /positive interval/);
});

test('onEvent sees every executed event in order', () => {
  const sim = new Simulation();
  const seen: number[] = [];
  sim.onEvent = (t) => seen.push(t);
  sim.schedule(2, () => {});
  const x = sim.schedule(1, () => {});
  sim.schedule(3, () => {});
  sim.cancel(x);
  sim.run();
  assert.equal(seen, [2, 3]);
});

test('step executes one event at a time', () => {
  const sim = new Simulation();
  sim.schedule(1, () => {});
  sim.schedule(2, () => {});
  assert.ok(sim.step());
  assert.is(sim.now, 1);
  assert.ok(sim.step());
  assert.not.ok(sim.step());
});

test.run();
