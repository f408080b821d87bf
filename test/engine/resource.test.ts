import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runQueue, runQueueCallbacks, runQueueMachines } from './support/queues.ts';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { Resource, Simulation } from '../../sim/engine/index.ts';

function worker(sim: Simulation, res: Resource, name: string, hold: number, log: string[]) {
  return (function* () {
    yield res.acquire();
    log.push(`${name} start ${sim.now}`);
    yield hold;
    res.release();
  })();
}

test('at most `capacity` holders; waiters are admitted first-in first-out', () => {
  const sim = new Simulation();
  const res = new Resource(2);
  const log: string[] = [];
  ['a', 'b', 'c', 'd', 'e'].forEach((n) => sim.process(worker(sim, res, n, 10, log)));
  sim.at(1, () => {
    assert.is(res.inUse, 2);
    assert.is(res.queueLength, 3);
  });
  sim.run();
  assert.equal(log, ['a start 0', 'b start 0', 'c start 10', 'd start 10', 'e start 20']);
  assert.is(res.inUse, 0);
});

test('raising the capacity admits waiters at once; lowering it lets holders finish', () => {
  const sim = new Simulation();
  const res = new Resource(1);
  const log: string[] = [];
  ['a', 'b', 'c'].forEach((n) => sim.process(worker(sim, res, n, 10, log)));
  sim.at(2, () => res.setCapacity(3));
  sim.at(3, () => res.setCapacity(1));
  sim.run();
  assert.equal(log, ['a start 0', 'b start 2', 'c start 2']);
  assert.is(res.inUse, 0);
  assert.is(res.capacity, 1);
});

test('tryAcquire takes a free unit without waiting; release without acquire throws', () => {
  const res = new Resource(1);
  assert.ok(res.tryAcquire());
  assert.not.ok(res.tryAcquire());
  res.release();
  assert.throws(() => res.release(), /without a matching acquire/);
});

test('an interrupted waiter leaves the queue and does not take a unit', () => {
  const sim = new Simulation();
  const res = new Resource(1);
  const log: string[] = [];
  sim.process(worker(sim, res, 'a', 5, log));
  const b = sim.process((function* () {
    try {
      yield res.acquire();
      log.push('b got it');
    } catch {
      log.push(`b gave up ${sim.now}`);
    }
  })());
  sim.process(worker(sim, res, 'c', 1, log));
  sim.at(1, () => b.interrupt('timeout'));
  sim.run();
  assert.equal(log, ['a start 0', 'b gave up 1', 'c start 5']);
});

test('request(sim, granted): callbacks and processes share one first-come first-served line', () => {
  const sim = new Simulation();
  const res = new Resource(1);
  const log: string[] = [];
  res.request(sim, () => log.push(`a@${sim.now}`)); // free: granted at once
  sim.process(
    (function* () {
      yield res.acquire();
      log.push(`p@${sim.now}`);
      yield 2;
      res.release();
    })(),
  );
  sim.schedule(0.5, () => res.request(sim, () => log.push(`b@${sim.now}`)));
  sim.schedule(1, () => res.release()); // a releases at 1: the process (queued first) gets the unit
  sim.schedule(3.5, () => res.release()); // b releases
  sim.run();
  assert.equal(log, ['a@0', 'p@1', 'b@3']);
  assert.is(res.inUse, 0);
});

test('the callback M/M/c matches the process M/M/c customer for customer', () => {
  const run = (f: typeof runQueue) => {
    const s = new RandomStreams(3);
    const a = s.stream('a');
    const b = s.stream('s');
    return f({ servers: 3, customers: 5000, interarrival: () => -Math.log(1 - a.next()) / 2.4, service: () => -Math.log(1 - b.next()) });
  };
  const p = run(runQueue);
  const c = run(runQueueCallbacks);
  assert.is(c.served, p.served);
  assert.ok(Math.abs(c.meanWait - p.meanWait) < 1e-9, `${c.meanWait} vs ${p.meanWait}`);
});

test('the M/M/c with StepMachine customers is the process M/M/c event for event', () => {
  const run = (f: typeof runQueue) => {
    const s = new RandomStreams(5);
    const a = s.stream('a');
    const b = s.stream('s');
    const starts: number[] = [];
    const r = f({
      servers: 3, customers: 3000, interarrival: () => -Math.log(1 - a.next()) / 2.4, service: () => -Math.log(1 - b.next()),
      onStart: (arrived, started) => starts.push(arrived, started),
    });
    return { r, starts };
  };
  const p = run(runQueue);
  const m = run(runQueueMachines);
  assert.is(m.r.served, 3000);
  assert.is(m.r.sim.eventsProcessed, p.r.sim.eventsProcessed);
  assert.is(m.r.meanWait, p.r.meanWait);
  assert.equal(m.starts, p.starts);
});

test.run();
