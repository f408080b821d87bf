import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Interrupt, Priority, Resource, Signal, Simulation, SimulationError, Store, type Process } from '../../sim/engine/index.ts';
import { throwsKind } from './support/throws.ts';

test('yield <number> sleeps that many seconds', () => {
  const sim = new Simulation();
  const at: number[] = [];
  sim.process((function* () {
    at.push(sim.now);
    yield 2.5;
    at.push(sim.now);
    yield 0;
    at.push(sim.now);
    yield 1;
    at.push(sim.now);
  })());
  sim.run();
  assert.equal(at, [0, 2.5, 2.5, 3.5]);
});

test('a body that is not a native generator (any Generator-like object) also runs', () => {
  const sim = new Simulation();
  let k = 0;
  const body = {
    next: () => (++k < 3 ? { done: false, value: 1.5 } : { done: true, value: 'r' }),
    throw: (e: unknown) => {
      throw e;
    },
    return: (v: unknown) => ({ done: true, value: v }),
    [Symbol.iterator]() {
      return this;
    },
  };
  const p = sim.process(body as unknown as Generator<number, string>);
  sim.run();
  assert.is(p.result, 'r');
  assert.is(sim.now, 3);
});

test('a new process starts after the code that created it, before NORMAL events due now', () => {
  const sim = new Simulation();
  const order: string[] = [];
  sim.at(1, () => {
    sim.schedule(0, () => order.push('normal event'));
    sim.process((function* () {
      order.push('process body');
    })());
    order.push('creator continues');
  });
  sim.run();
  assert.equal(order, ['creator continues', 'process body', 'normal event']);
});

test('yielding a process waits for it and receives its return value', () => {
  const sim = new Simulation();
  const child = sim.process((function* () {
    yield 3;
    return 42;
  })(), 'child');
  let got: unknown;
  sim.process((function* () {
    got = yield child;
    assert.is(sim.now, 3);
    got = [got, yield child]; // joining a finished process returns at once
  })());
  sim.run();
  assert.equal(got, [42, 42]);
  assert.ok(child.done);
  assert.is(child.result, 42);
});

test('interrupt during a sleep throws Interrupt(cause) at the current time', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const p = sim.process((function* () {
    try {
      yield 10;
      log.push('slept');
    } catch (e) {
      assert.instance(e, Interrupt);
      log.push(`interrupted by ${(e as Interrupt).cause} at ${sim.now}`);
      yield 1;
      log.push(`resumed at ${sim.now}`);
    }
  })());
  sim.at(4, () => p.interrupt('preemption'));
  sim.run();
  assert.equal(log, ['interrupted by preemption at 4', 'resumed at 5']);
  assert.is(sim.now, 5, 'the cancelled 10 s wake-up never fired');
});

test('interrupt while waiting on a store removes the process from the takers', () => {
  const sim = new Simulation();
  const store = new Store<string>();
  const log: string[] = [];
  const a = sim.process((function* () {
    try {
      yield store.take();
    } catch {
      log.push('a interrupted');
    }
  })());
  sim.process((function* () {
    log.push(`b got ${yield store.take()}`);
  })());
  sim.at(1, () => a.interrupt('x'));
  sim.at(2, () => store.put('item'));
  sim.run();
  assert.equal(log, ['a interrupted', 'b got item']);
  assert.is(store.waiting, 0);
});

test('interrupt after a wait was satisfied delivers the value first, the interrupt at the next yield', () => {
  const sim = new Simulation();
  const store = new Store<string>();
  const log: string[] = [];
  const p = sim.process((function* () {
    const item = yield store.take();
    log.push(`got ${item}`);
    try {
      yield 5;
    } catch (e) {
      log.push(`interrupt ${(e as Interrupt).cause} at ${sim.now}`);
    }
  })());
  sim.at(1, () => {
    store.put('job'); // hands the item to p (its wake-up is now due)
    p.interrupt('late');
  });
  sim.run();
  assert.equal(log, ['got job', 'interrupt late at 1']);
});

test('a process interrupted before it starts runs to its first yield, then gets the interrupt', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const p = sim.process((function* () {
    log.push('started');
    try {
      yield 5;
    } catch (e) {
      log.push(`interrupt ${(e as Interrupt).cause} at ${sim.now}`);
    }
  })());
  p.interrupt('early');
  sim.run();
  assert.equal(log, ['started', 'interrupt early at 0']);
});

test('several interrupts arrive one per yield, in order', () => {
  const sim = new Simulation();
  const causes: unknown[] = [];
  const p = sim.process((function* () {
    for (;;) {
      try {
        yield 100;
        return;
      } catch (e) {
        causes.push((e as Interrupt).cause);
      }
    }
  })());
  sim.at(1, () => {
    p.interrupt(1);
    p.interrupt(2);
    p.interrupt(3);
  });
  sim.run();
  assert.equal(causes, [1, 2, 3]);
  assert.is(sim.now, 101);
});

test('interrupting a finished process does nothing', () => {
  const sim = new Simulation();
  const p = sim.process((function* () {
    yield 1;
  })());
  sim.run();
  p.interrupt('late');
  assert.is(sim.run(), 'empty');
});

test('an uncaught interrupt ends the run with the Interrupt', () => {
  const sim = new Simulation();
  const p = sim.process((function* () {
    yield 10;
  })());
  sim.at(1, () => p.interrupt('boom'));
  throwsKind(() => sim.run(), Interrupt, /boom/);
  assert.ok(p.done);
  assert.instance(p.error, Interrupt);
});

test('kill runs finally blocks, releases joiners with undefined and cancels the pending wake-up', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const worker = sim.process((function* () {
    try {
      yield 100;
    } finally {
      log.push(`cleanup at ${sim.now}`);
    }
  })());
  sim.process((function* () {
    const r = yield worker;
    log.push(`joined: ${r}`);
  })());
  sim.at(3, () => worker.kill());
  sim.run();
  assert.equal(log, ['cleanup at 3', 'joined: undefined']);
  assert.is(sim.now, 3);
  assert.ok(worker.done);
});

test('a process cannot kill or resume itself', () => {
  const sim = new Simulation();
  let self: Process<unknown> | null = null;
  const errors: string[] = [];
  self = sim.process((function* () {
    try {
      self!.kill();
    } catch (e) {
      errors.push((e as Error).message);
    }
    yield 1;
  })(), 'p');
  sim.run();
  assert.equal(errors, ["process 'p' cannot kill itself; return from its body instead"]);
});

test('a failure is thrown into processes that joined it, and out of run() when nobody did', () => {
  const sim = new Simulation();
  const failing = sim.process((function* () {
    yield 1;
    throw new Error('disk full');
  })());
  let caught = '';
  sim.process((function* () {
    try {
      yield failing;
    } catch (e) {
      caught = (e as Error).message;
    }
  })());
  sim.run();
  assert.is(caught, 'disk full');

  const sim2 = new Simulation();
  sim2.process((function* () {
    yield 1;
    throw new Error('unhandled');
  })());
  assert.throws(() => sim2.run(), /unhandled/);
});

test('yielding a negative delay or a non-waitable throws a SimulationError into the body', () => {
  const sim = new Simulation();
  const messages: string[] = [];
  sim.process((function* () {
    try {
      yield -1;
    } catch (e) {
      assert.instance(e, SimulationError);
      messages.push((e as Error).message);
    }
    try {
      yield 'soon' as never;
    } catch (e) {
      assert.instance(e, SimulationError);
      messages.push((e as Error).message);
    }
  })(), 'p');
  sim.run();
  assert.equal(messages, [
    "process 'p' yielded a negative or NaN delay: -1",
    "process 'p' yielded soon; yield a delay in seconds or a Waitable",
  ]);
});

test('resumeNow resumes a waiting process inside the current event', () => {
  const sim = new Simulation();
  const log: string[] = [];
  let waiter: Process<unknown> | null = null;
  const gate = {
    subscribe(proc: Process<unknown>) {
      waiter = proc;
      return false;
    },
    unsubscribe() {},
  };
  sim.process((function* () {
    const v = yield gate;
    log.push(`woke with ${v} at ${sim.now}`);
  })());
  sim.at(2, () => {
    waiter!.resumeNow('go');
    log.push('after resumeNow');
  });
  sim.run();
  assert.equal(log, ['woke with go at 2', 'after resumeNow']);
  throwsKind(() => waiter!.resumeNow('again'), SimulationError, /not waiting/);
});

test('Signal wakes every waiter with its value; later waiters get it at once', () => {
  const sim = new Simulation();
  const sig = new Signal<string>();
  const got: string[] = [];
  for (let i = 0; i < 3; i++) {
    sim.process((function* () {
      got.push(`${i}:${yield sig}@${sim.now}`);
    })());
  }
  sim.at(5, () => sig.succeed('ready'));
  sim.at(6, () => sim.process((function* () {
    got.push(`late:${yield sig}@${sim.now}`);
  })()));
  sim.run();
  assert.equal(got, ['0:ready@5', '1:ready@5', '2:ready@5', 'late:ready@6']);
  assert.throws(() => sig.succeed('twice'), /only be triggered once/);
});

test('processes and plain events interleave deterministically at equal times', () => {
  const trace = () => {
    const sim = new Simulation();
    const res = new Resource(1);
    const log: string[] = [];
    for (let i = 0; i < 4; i++) {
      sim.process((function* () {
        yield res.acquire();
        log.push(`p${i} in @${sim.now}`);
        yield 1;
        res.release();
      })());
    }
    sim.every(1, (t) => log.push(`tick @${t}`), 0, Priority.NORMAL);
    sim.run({ until: 4 });
    return log;
  };
  const a = trace();
  assert.equal(a, trace());
  // At t = 1: p0's wake-up (queued at t = 0) runs before the tick queued after it, and p0's release
  // queues p1's wake-up behind that tick.
  assert.equal(a.slice(0, 4), ['p0 in @0', 'tick @0', 'tick @1', 'p1 in @1']);
});


test('a finished process hands its queue entry to a new one; the old handle then changes nothing', () => {
  const sim = new Simulation();
  const log: string[] = [];
  const first = sim.process((function* () {
    yield 1;
    log.push(`first done ${sim.now}`);
    return 'one';
  })());
  let second: Process<string> | null = null;
  sim.at(2, () => {
    // `first` has ended: its entry is spare, and this process takes it
    second = sim.process((function* () {
      try {
        yield 3;
        log.push(`second woke ${sim.now}`);
      } catch (e) {
        log.push(`second interrupted ${String(e)}`);
      }
      return 'two';
    })());
  });
  sim.at(3, () => {
    // the finished process's interrupt and kill must not reach the entry it used to own
    first.interrupt('stale');
    first.kill();
    log.push(`first still done ${first.done} ${first.result}`);
  });
  sim.run();
  assert.equal(log, ['first done 1', 'first still done true one', 'second woke 5']);
  assert.is(second!.result, 'two');
  assert.is(first.error, undefined);
});

test('processes served one after another reuse entries: memory follows live processes, not processes served', () => {
  const sim = new Simulation();
  let served = 0;
  sim.process((function* () {
    for (let i = 0; i < 10_000; i++) {
      yield 1;
      sim.process((function* () {
        yield 0.5;
        served++;
      })());
    }
  })());
  sim.run();
  assert.is(served, 10_000);
  // at most two processes were ever alive at once, so the kernel made at most three entries
  assert.ok(sim.eventQueue.entriesMade <= 3, `entries made: ${sim.eventQueue.entriesMade}`);
});

test('waking a process after it ended is reported, not delivered to whichever process reuses its entry', () => {
  const sim = new Simulation();
  const ended = sim.process((function* () {
    yield 1;
  })());
  sim.run();
  const reuser = sim.process((function* () {
    yield 5;
  })());
  throwsKind(() => ended.wake('late'), SimulationError, /woken after it ended/);
  throwsKind(() => ended.wakeThrow(new Error('late')), SimulationError, /woken after it ended/);
  sim.run();
  assert.is(sim.now, 6); // started at 1, slept 5: the stray wake-ups did not reach it
  assert.ok(reuser.done);
});

test.run();
