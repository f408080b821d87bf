import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { KioskContext } from '../../sim/model/kiosk.ts';
import { IMAGE_STATUS } from '../../sim/model/record.ts';
import { deriveReplicationSeeds } from '../../sim/engine/rng.ts';
import type { DistributionSpec } from '../../sim/engine/distributions.ts';
import { idealConfig } from '../support/idealConfig.ts';

// two-sided 99% Student-t quantile for 11 degrees of freedom (12 replications)
const T_995_DF11 = 3.106;

/** Erlang C probability of waiting for c servers at offered load a = lambda / mu. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c;
  const rho = a / c;
  const top = last / (1 - rho);
  return top / (sum + top);
}

/** Mean queue wait per replication of the serving stage reduced to a textbook queue. */
function meanWaits(c: number, lambda: number, service: DistributionSpec, images: number, reps: number) {
  return deriveReplicationSeeds(2021, reps).map((seed) => {
    const ctx = new KioskContext(idealConfig({ images, rate: lambda, service, servers: c, consumers: c }), seed);
    const out = ctx.run();
    assert.ok(out.completed);
    const r = ctx.record;
    let w = 0;
    // discard the first 10% as warm-up (the system starts empty)
    const from = Math.floor(images / 10);
    for (let i = from; i < images; i++) w += r.popped[i]! - r.enqueued[i]!;
    return w / (images - from);
  });
}

function assertInsideCi(values: number[], theory: number, label: string) {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (T_995_DF11 * sd) / Math.sqrt(n);
  assert.ok(Math.abs(mean - theory) <= half, `${label}: mean ${mean.toFixed(4)} vs theory ${theory.toFixed(4)} (99% CI half-width ${half.toFixed(4)})`);
}

test('serving stage reduces to M/M/1: mean wait rho/(mu - lambda)', () => {
  const lambda = 0.7;
  const waits = meanWaits(1, lambda, { kind: 'exponential', mean: 1 }, 20000, 12);
  assertInsideCi(waits, lambda / (1 - lambda), 'M/M/1');
});

test('serving stage reduces to M/M/c (c = 4, rho = 0.8): mean wait from Erlang C', () => {
  const c = 4;
  const lambda = 3.2;
  const waits = meanWaits(c, lambda, { kind: 'exponential', mean: 1 }, 20000, 12);
  assertInsideCi(waits, erlangC(c, lambda) / (c - lambda), 'M/M/4');
});

test('serving stage reduces to M/D/1: Pollaczek-Khinchine mean wait rho/(2 mu (1 - rho))', () => {
  const lambda = 0.7;
  const waits = meanWaits(1, lambda, { kind: 'constant', value: 1 }, 20000, 12);
  assertInsideCi(waits, lambda / (2 * (1 - lambda)), 'M/D/1');
});

test("Little's law on the Redis image queue: time-weighted length = arrival rate x mean wait", () => {
  const ctx = new KioskContext(idealConfig({ images: 30000, rate: 3.2, service: { kind: 'exponential', mean: 1 }, servers: 4, consumers: 4 }), 5);
  ctx.run();
  const r = ctx.record;
  const T = ctx.sim.now;
  let waitSum = 0;
  for (let i = 0; i < r.count; i++) waitSum += r.popped[i]! - r.enqueued[i]!;
  const L = ctx.imageQueue.lengthIntegral() / T;
  const lambdaHat = r.count / T;
  const W = waitSum / r.count;
  // every key that entered also left before T, so the identity holds up to floating-point error
  assert.ok(Math.abs(L - lambdaHat * W) < 1e-9 * Math.max(1, L), `L=${L} lambda*W=${lambdaHat * W}`);
});

test('conservation: submitted = completed + failed + in the system, no image counted twice', () => {
  // stop half-way: some images are still queued or in service
  const cfg = idealConfig({ images: 5000, rate: 2, service: { kind: 'exponential', mean: 1 }, servers: 1, consumers: 3 });
  cfg.timeLimit = 1500;
  const ctx = new KioskContext(cfg, 3);
  const out = ctx.run();
  assert.is(out.completed, false);
  assert.match(out.reason ?? '', /time limit/);
  const r = ctx.record;
  let done = 0, failed = 0, inSystem = 0, notArrived = 0;
  for (let i = 0; i < r.count; i++) {
    const s = r.status[i];
    if (s === IMAGE_STATUS.done) done++;
    else if (s === IMAGE_STATUS.failed) failed++;
    else if (s === IMAGE_STATUS.pending) notArrived++;
    else inSystem++;
    if (s === IMAGE_STATUS.done) assert.is(r.attempts[i], 1);
  }
  assert.is(done, r.completed);
  assert.is(failed, r.failed);
  assert.is(done + failed + inSystem + notArrived, r.count);
  assert.ok(inSystem > 0 && done > 0);
});

function recordHash(ctx: KioskContext): string {
  const h = createHash('sha256');
  const r = ctx.record;
  for (const a of [r.enqueued, r.popped, r.serving, r.finished]) h.update(new Uint8Array(a.buffer));
  h.update(String(ctx.sim.eventsProcessed));
  return h.digest('hex');
}

test('determinism: the same seed gives a byte-identical record; another seed does not', () => {
  const cfg = () => idealConfig({ images: 3000, rate: 3, service: { kind: 'lognormal', mean: 1, cv: 0.5 }, servers: 4, consumers: 6, routing: 'random' });
  const a = new KioskContext(cfg(), 11);
  a.run();
  const b = new KioskContext(cfg(), 11);
  b.run();
  const c = new KioskContext(cfg(), 12);
  c.run();
  assert.is(recordHash(a), recordHash(b));
  assert.is.not(recordHash(a), recordHash(c));
});

test.run();
