import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeadlineQueue, Priority, Simulation, type EventHandle, type StopReason } from '../../sim/engine/index.ts';
import { aleaFor } from '../../sim/engine/rng.ts';

/** Timeouts as DeadlineQueue replaces them: one event per timeout, cancelled with sim.cancel. */
interface Timeouts {
  arm(id: number): void;
  cancel(id: number): void;
}

function scheduled(sim: Simulation, duration: number, expire: (id: number) => void): Timeouts {
  const handles = new Map<number, EventHandle>();
  return {
    arm: (id) => handles.set(id, sim.schedule(duration, () => expire(id))),
    cancel: (id) => sim.cancel(handles.get(id)),
  };
}

function queued(sim: Simulation, duration: number, expire: (id: number) => void): Timeouts {
  const q = new DeadlineQueue<number>(sim, duration, expire);
  const tickets = new Map<number, number>();
  return {
    arm: (id) => tickets.set(id, q.arm(id)),
    cancel: (id) => q.cancel(tickets.get(id)!),
  };
}

/**
 * A random mix: actions on a coarse time grid (so that expiries tie with other events at the same
 * time and priority), each arming timeouts, cancelling earlier ones (armed or already expired),
 * scheduling plain events, some at exactly now + duration; expiries arm and cancel too. Returns the
 * trace of everything that ran, the event count, the final clock and the stop reason.
 */
function mix(seed: number, make: typeof scheduled, duration: number, until?: number): string {
  const rand = aleaFor(seed, 'deadline-mix');
  const sim = new Simulation();
  const log: string[] = [];
  let nextId = 0;
  const armed: number[] = [];
  const timeouts = make(sim, duration, (id) => {
    log.push(`${sim.now} expire ${id}`);
    if (rand() < 0.3) armed.push(nextId), timeouts.arm(nextId++);
    if (rand() < 0.3 && armed.length > 0) timeouts.cancel(armed[Math.floor(rand() * armed.length)]!);
  });
  const act = (label: string) => {
    log.push(`${sim.now} ${label}`);
    const arms = Math.floor(rand() * 3);
    for (let k = 0; k < arms; k++) armed.push(nextId), timeouts.arm(nextId++);
    const cancels = Math.floor(rand() * 3);
    for (let k = 0; k < cancels && armed.length > 0; k++) timeouts.cancel(armed[Math.floor(rand() * armed.length)]!);
    if (rand() < 0.2) sim.schedule(duration, () => log.push(`${sim.now} tie ${label}`));
    if (rand() < 0.1) sim.schedule(duration, () => log.push(`${sim.now} urgent tie ${label}`), Priority.URGENT);
  };
  for (let i = 0; i < 60; i++) {
    const at = Math.floor(rand() * 40) / 2;
    sim.at(at, () => act(`a${i}`));
  }
  const stop: StopReason = sim.run(until === undefined ? {} : { until });
  return `${log.join('\n')}\nevents ${sim.eventsProcessed} now ${sim.now} stop ${stop} pending>0 ${sim.pending > 0}`;
}

test('a DeadlineQueue fires, ties and counts exactly as one scheduled event per timeout (300 random mixes)', () => {
  let expiries = 0;
  let ties = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const duration = [0, 0.5, 2, 7][seed % 4]!;
    const until = seed % 3 === 0 ? 12 : undefined;
    const want = mix(seed, scheduled, duration, until);
    assert.fixture(mix(seed, queued, duration, until), want, `seed ${seed}, duration ${duration}`);
    expiries += want.split(' expire ').length - 1;
    ties += want.split(' tie ').length - 1;
  }
  // the mixes exercise expiries and ties with other events at the same instant
  assert.ok(expiries > 1000, `${expiries} expiries`);
  assert.ok(ties > 1000, `${ties} ties`);
});

test('cancelled timeouts cost no counted event and leave no event behind', () => {
  const sim = new Simulation();
  const fired: number[] = [];
  const q = new DeadlineQueue<number>(sim, 5, (id) => fired.push(id));
  const a = q.arm(1);
  sim.at(1, () => q.cancel(a));
  sim.at(2, () => {
    const b = q.arm(2); // due at 7
    q.arm(3); // due at 7, after 2
    sim.at(3, () => q.cancel(b));
  });
  assert.is(sim.run(), 'empty');
  assert.equal(fired, [3]);
  assert.is(sim.now, 7);
  assert.is(sim.eventsProcessed, 4); // the actions at 1, 2, 3 and the expiry of 3
  assert.is(q.size, 0);
});

test('a DeadlineQueue grows past its ring and keeps arming order', () => {
  const sim = new Simulation();
  const fired: number[] = [];
  const q = new DeadlineQueue<number>(sim, 1, (id) => fired.push(id));
  const tickets: number[] = [];
  for (let i = 0; i < 1000; i++) tickets.push(q.arm(i));
  for (let i = 0; i < 1000; i += 2) q.cancel(tickets[i]!);
  sim.run();
  assert.equal(fired, Array.from({ length: 500 }, (_, k) => 2 * k + 1));
});

test('a DeadlineQueue refuses a negative, NaN or infinite duration', () => {
  const sim = new Simulation();
  for (const d of [-1, NaN, Infinity]) assert.throws(() => new DeadlineQueue(sim, d, () => {}), /finite duration/);
});

test.run();
