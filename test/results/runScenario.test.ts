import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOne, runReplications } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { deriveReplicationSeeds } from '../../sim/engine/rng.ts';
import { idealConfig } from '../support/idealConfig.ts';

const cfg = () => idealConfig({ images: 2000, rate: 3, service: { kind: 'exponential', mean: 1 }, servers: 4, consumers: 4, routing: 'random' });

test('a replication is the same whether run among others or alone, in any order', () => {
  const reps = runReplications(cfg(), 3);
  const seeds = deriveReplicationSeeds(cfg().seed, 3);
  assert.equal(reps.map((r) => r.seed), seeds);
  const alone = [runOne(cfg(), seeds[2]!), runOne(cfg(), seeds[0]!)];
  assert.equal(Array.from(alone[0]!.record.finished), Array.from(reps[2]!.record.finished));
  assert.equal(Array.from(alone[1]!.record.finished), Array.from(reps[0]!.record.finished));
});

test('summary: replication statistics and per-image quantiles', () => {
  // least-loaded routing with 4 consumers and 4 servers: a request never queues at a server
  const reps = runReplications({ ...cfg(), serving: { ...cfg().serving, routing: 'least-loaded' } }, 4);
  const s = summarize('ideal', reps);
  assert.is(s.replications, 4);
  assert.is(s.images.submitted, 8000);
  assert.is(s.images.completed, 8000);
  const m = reps.map((r) => r.makespan);
  const mean = m.reduce((a, b) => a + b, 0) / 4;
  assert.ok(Math.abs(s.makespan_s.mean - mean) < 1e-9);
  assert.ok(s.makespan_s.ci95[0] < mean && mean < s.makespan_s.ci95[1]);
  assert.is(s.makespan_s.min, Math.min(...m));
  const q = s.latency_s.serving;
  assert.ok(q.p50 <= q.p90 && q.p90 <= q.p95 && q.p95 <= q.p99 && q.p99 <= q.max);
  // exponential service with mean 1 s: the median of 8000 draws is near ln 2
  assert.ok(Math.abs(q.p50 - Math.LN2) < 0.05, `p50 ${q.p50}`);
});

test.run();
