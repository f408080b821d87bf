/**
 * The engine against queueing theory. Each check runs R independent replications (seeds from
 * deriveReplicationSeeds), deletes a warm-up from each (the queue starts empty, which biases early
 * waits low), and requires the theoretical value inside the replications' Student-t 99% confidence
 * interval. The warm-up is far longer than the relaxation time, so no slack is added for its bias:
 * the relaxation time of M/M/c is about 1 / (c mu (1 - sqrt(rho))^2) (Morse), 38 s for M/M/1 at
 * rho 0.7 and 22 s for M/M/4 at rho 0.8, against warm-ups of 2000 customers (about 2900 s and 625 s).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RandomStreams, deriveReplicationSeeds } from '../../sim/engine/rng.ts';
import { exponential, constant } from '../../sim/engine/distributions.ts';
import { TimeWeighted } from '../../sim/engine/stats/timeWeighted.ts';
import { summarize, tHalfWidth } from '../../sim/engine/stats/replications.ts';
import { runQueue } from './support/queues.ts';
import { mmcWait, pkWait } from './support/queueTheory.ts';

const R = 12; // replications
const CUSTOMERS = 30_000; // per replication
const WARMUP = 2_000; // customers deleted from the start of each replication
const LEVEL = 0.99;

/** Mean wait (s) after the warm-up, one value per replication. */
function meanWaits(seed: number, c: number, interarrivalMean: number, service: (s: RandomStreams) => () => number): number[] {
  return deriveReplicationSeeds(seed, R).map((repSeed) => {
    const streams = new RandomStreams(repSeed);
    let k = 0;
    let sum = 0;
    runQueue({
      servers: c,
      customers: CUSTOMERS,
      interarrival: exponential(streams.stream('arrivals'), interarrivalMean),
      service: service(streams),
      onStart: (arrived, started) => {
        if (k++ >= WARMUP) sum += started - arrived;
      },
    });
    return sum / (CUSTOMERS - WARMUP);
  });
}

function assertInside(values: number[], theory: number, what: string): void {
  const s = summarize(values);
  const h = tHalfWidth(s.sd, values.length, LEVEL);
  assert.ok(Math.abs(s.mean - theory) <= h, `${what}: theory ${theory} outside ${s.mean} +/- ${h}`);
  // The check must be able to fail: the interval is narrower than 10% of the value.
  assert.ok(h < 0.1 * theory, `${what}: interval too wide to test anything (${h})`);
}

test('M/M/1 (rho 0.7): mean wait matches rho / (mu - lambda)', () => {
  const lambda = 0.7;
  const waits = meanWaits(101, 1, 1 / lambda, (s) => exponential(s.stream('service'), 1));
  assertInside(waits, mmcWait(1, lambda, 1), 'M/M/1 Wq');
  assert.ok(Math.abs(mmcWait(1, 0.7, 1) - 0.7 / 0.3) < 1e-12, 'Erlang C with c = 1 reduces to rho / (mu - lambda)');
});

test('M/M/4 (rho 0.8): mean wait matches Erlang C', () => {
  const lambda = 3.2;
  const theory = mmcWait(4, lambda, 1); // C(4, 3.2) = 0.5964, Wq = 0.7455 s
  assert.ok(Math.abs(theory - 0.74548) < 1e-4, `Erlang C ${theory}`);
  const waits = meanWaits(202, 4, 1 / lambda, (s) => exponential(s.stream('service'), 1));
  assertInside(waits, theory, 'M/M/4 Wq');
});

test('M/D/1 (rho 0.7): mean wait matches Pollaczek-Khinchine', () => {
  const lambda = 0.7;
  const theory = pkWait(lambda, 1, 1); // 0.7 / (2 x 0.3) = 1.1667 s, half the M/M/1 wait
  const waits = meanWaits(303, 1, 1 / lambda, () => constant(1));
  assertInside(waits, theory, 'M/D/1 Wq');
});

test("Little's law: time-average number in system = arrival rate x mean time in system", () => {
  // On one run that starts and ends empty, L = (N / T) W holds exactly for the sample path (the area
  // under N(t) is the sum of the times in system); across replications, L matches rho / (1 - rho).
  // No warm-up is deleted here: the start-up transient (~38 s) is under 0.1% of each run (~43 000 s),
  // far inside the interval's half-width.
  const lambda = 0.7;
  const Ls: number[] = [];
  for (const seed of deriveReplicationSeeds(404, R)) {
    const streams = new RandomStreams(seed);
    const inSystem = new TimeWeighted(0, 0);
    const arrivals: number[] = [];
    let sojournSum = 0;
    const run = runQueue({
      servers: 1,
      customers: CUSTOMERS,
      interarrival: exponential(streams.stream('arrivals'), 1 / lambda),
      service: exponential(streams.stream('service'), 1),
      onCount: (now, n) => {
        if (n > inSystem.value) arrivals.push(now);
        else sojournSum += now - arrivals.shift()!; // FIFO single server: departures in arrival order
        inSystem.update(now, n);
      },
    });
    const T = run.sim.now;
    const L = inSystem.mean(T);
    const W = sojournSum / CUSTOMERS;
    assert.ok(Math.abs(L - (CUSTOMERS / T) * W) <= 1e-9 * L, `sample path: L ${L} vs lambda W ${(CUSTOMERS / T) * W}`);
    Ls.push(L);
  }
  assertInside(Ls, 0.7 / 0.3, 'M/M/1 L');
});

test.run();
