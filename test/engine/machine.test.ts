import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  FINISHED, Interrupt, Resource, type Finished, Simulation, SimulationError, Store, type Process, type StepMachine, type Yieldable,
} from '../../sim/engine/index.ts';
import { throwsKind } from './support/throws.ts';

/** The error `fn` throws (fails when it returns). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.unreachable('expected a throw');
}

/**
 * A machine that yields the given items one per step, logs what each yield gave back, and returns
 * `result`; with `catchErrors` its throwIn logs the error and goes on with the next item (a generator
 * whose every yield sits in a try/catch). `stop` logs the kill.
 */
class Script implements StepMachine<string> {
  readonly log: string[] = [];
  private next = 0;
  result: string | undefined = undefined;
  throwIn: ((e: unknown) => Yieldable | Finished) | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly items: Yieldable[],
    private readonly answer: string,
    catchErrors = false,
  ) {
    this.throwIn = catchErrors
      ? (e) => {
        this.log.push(`caught ${e instanceof Error ? e.name : String(e)} at ${this.sim.now}`);
        return this.advance();
      }
      : undefined;
  }

  step(received: unknown): Yieldable | Finished {
    if (this.next > 0) this.log.push(`got ${String(received)} at ${this.sim.now}`);
    return this.advance();
  }

  stop(): void {
    this.log.push(`stopped at ${this.sim.now}`);
  }

  private advance(): Yieldable | Finished {
    if (this.next < this.items.length) return this.items[this.next++]!;
    this.result = this.answer;
    return FINISHED;
  }
}

test('a machine sleeps for the delays it returns and ends with its result', () => {
  const sim = new Simulation();
  const m = new Script(sim, [2.5, 0, 1], 'r');
  const p = sim.process(m);
  sim.run();
  assert.equal(m.log, ['got undefined at 2.5', 'got undefined at 2.5', 'got undefined at 3.5']);
  assert.ok(p.done);
  assert.is(p.result, 'r');
  assert.is(sim.now, 3.5);
});

test('a machine waits on a store and a resource, and receives what they hand it', () => {
  const sim = new Simulation();
  const store = new Store<string>();
  const res = new Resource(1);
  sim.schedule(4, () => store.put('job'));
  const m = new Script(sim, [store.take(), res.acquire()], 'r');
  sim.process(m);
  sim.run();
  assert.equal(m.log, ['got job at 4', 'got undefined at 4']);
  assert.is(res.inUse, 1);
});

test('a machine joins a generator and a generator joins a machine, each receiving the return value', () => {
  const sim = new Simulation();
  const child = sim.process((function* () {
    yield 3;
    return 'from generator';
  })());
  const m = new Script(sim, [child], 'from machine');
  const mp = sim.process(m);
  let got: unknown;
  sim.process((function* () {
    got = yield mp;
  })());
  sim.run();
  assert.equal(m.log, ['got from generator at 3']);
  assert.is(got, 'from machine');
});

test('the first step runs in an URGENT event: after the creating code, before NORMAL events due now', () => {
  const sim = new Simulation();
  const order: string[] = [];
  sim.at(1, () => {
    sim.schedule(0, () => order.push('normal event'));
    sim.process({
      step: () => {
        order.push('machine step');
        return FINISHED;
      },
    });
    order.push('creator continues');
  });
  sim.run();
  assert.equal(order, ['creator continues', 'machine step', 'normal event']);
});

test('an interrupt is thrown in at the current time: throwIn catches it, or the process fails with it', () => {
  const sim = new Simulation();
  const catching = new Script(sim, [10, 1], 'r', true);
  const p = sim.process(catching);
  sim.at(4, () => p.interrupt('why'));
  sim.run();
  assert.equal(catching.log, ['caught Interrupt at 4', 'got undefined at 5']);
  assert.is(p.result, 'r');

  const sim2 = new Simulation();
  const plain = new Script(sim2, [10], 'r');
  const q = sim2.process(plain);
  sim2.at(4, () => q.interrupt('why'));
  const err = thrownBy(() => sim2.run());
  assert.instance(err, Interrupt);
  assert.is((err as Interrupt).cause, 'why');
  assert.is(q.error, err);
  assert.equal(plain.log, []);
  assert.is(sim2.now, 4);
});

test('an interrupted machine waiting on a store leaves the takers: the item goes to the next taker', () => {
  const sim = new Simulation();
  const store = new Store<string>();
  const first = new Script(sim, [store.take()], 'a', true);
  const p = sim.process(first);
  let second: unknown;
  sim.process((function* () {
    yield 1;
    second = yield store.take();
  })());
  sim.at(2, () => p.interrupt('stop'));
  sim.at(3, () => store.put('item'));
  sim.run();
  assert.equal(first.log, ['caught Interrupt at 2']);
  assert.is(second, 'item');
});

test('kill calls stop, releases joiners with undefined and cancels the pending wake-up', () => {
  const sim = new Simulation();
  const m = new Script(sim, [10], 'r');
  const p = sim.process(m);
  let joined: unknown = 'not yet';
  sim.process((function* () {
    joined = yield p;
  })());
  sim.at(3, () => p.kill());
  sim.run();
  assert.equal(m.log, ['stopped at 3']);
  assert.is(joined, undefined);
  assert.ok(p.done);
  assert.is(p.result, undefined);
  assert.is(sim.now, 3, 'the 10 s sleep never fired');
  // a machine without stop is killed all the same
  const q = sim.process({ step: () => 5 });
  sim.at(4, () => q.kill());
  sim.run();
  assert.ok(q.done);
  assert.is(sim.now, 4);
});

test('a machine that throws fails: the error goes to its joiners, or out of run() when nobody joined', () => {
  const sim = new Simulation();
  const boom = new Error('boom');
  let n = 0;
  const failing = sim.process({
    step: () => {
      if (n++ === 0) return 1;
      throw boom;
    },
  });
  const joiner = new Script(sim, [failing], 'r', true);
  sim.process(joiner);
  sim.run();
  assert.is(failing.error, boom);
  assert.equal(joiner.log, ['caught Error at 1']);

  const sim2 = new Simulation();
  sim2.process({
    step: () => {
      throw boom;
    },
  });
  assert.is(thrownBy(() => sim2.run()), boom);
});

test('a negative delay or a non-waitable is thrown into the machine as a SimulationError', () => {
  const sim = new Simulation();
  const m = new Script(sim, [-1, { nope: true } as unknown as Yieldable, 2], 'r', true);
  sim.process(m);
  sim.run();
  assert.equal(m.log, ['caught SimulationError at 0', 'caught SimulationError at 0', 'got undefined at 2']);
  const sim2 = new Simulation();
  sim2.process({ step: () => Number.NaN });
  throwsKind(() => sim2.run(), SimulationError);
});

test('resumeNow resumes a waiting machine inside the current event', () => {
  const sim = new Simulation();
  let proc: Process | null = null;
  const waitable = {
    subscribe(p: Process) {
      proc = p;
      return false;
    },
    unsubscribe() {},
  };
  const m = new Script(sim, [waitable], 'r');
  const p = sim.process(m);
  const order: string[] = [];
  sim.at(2, () => {
    proc!.resumeNow('now');
    order.push(`event sees done=${p.done}`);
  });
  sim.run();
  assert.equal(m.log, ['got now at 2']);
  assert.equal(order, ['event sees done=true']);
});

/**
 * An M/M/1-like mix where each customer is either a generator or a machine doing the same thing
 * (acquire, hold, release): the trace must be identical whichever form each customer takes.
 */
function customersTrace(asMachine: (i: number) => boolean): string {
  const sim = new Simulation();
  const res = new Resource(2);
  const trace: string[] = [];
  const holds = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
  function* generatorCustomer(i: number) {
    yield res.acquire();
    trace.push(`${i} start ${sim.now}`);
    yield holds[i]!;
    res.release();
    trace.push(`${i} end ${sim.now}`);
  }
  class MachineCustomer implements StepMachine<void> {
    private at: 0 | 1 | 2 = 0;
    constructor(private readonly i: number) {}
    step(): Yieldable | Finished {
      switch (this.at) {
        case 0:
          this.at = 1;
          return res.acquire();
        case 1:
          trace.push(`${this.i} start ${sim.now}`);
          this.at = 2;
          return holds[this.i]!;
        default:
          res.release();
          trace.push(`${this.i} end ${sim.now}`);
          return FINISHED;
      }
    }
  }
  sim.process((function* () {
    for (let i = 0; i < holds.length; i++) {
      sim.process(asMachine(i) ? new MachineCustomer(i) : generatorCustomer(i));
      yield i % 3 === 0 ? 0 : 1;
    }
  })());
  sim.run();
  return trace.join('\n');
}

test('generators and machines that yield the same things give the same event order', () => {
  const reference = customersTrace(() => false);
  assert.is(customersTrace(() => true), reference);
  assert.is(customersTrace((i) => i % 2 === 0), reference);
  assert.ok(reference.includes('9 end'));
});

test.run();
