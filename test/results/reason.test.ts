import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runReplications } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { idealConfig } from '../support/idealConfig.ts';

// 300 images at 3/s take ~100 s to arrive: a 60 s limit stops every replication part-way
const cfg = (timeLimit: number) => ({ ...idealConfig({ images: 300, rate: 3, service: { kind: 'exponential', mean: 1 }, servers: 4, consumers: 4 }), timeLimit });

test('an unfinished multi-replication run says how many replications stopped, why, and the range of images done', () => {
  const reps = runReplications(cfg(60), 3);
  const s = summarize('ideal', reps);
  assert.not.ok(s.completed);
  const done = reps.map((r) => r.record.completed);
  const lo = Math.min(...done);
  const hi = Math.max(...done);
  assert.ok(lo < 300);
  assert.is(s.reason, `3 of 3 replications hit the time limit of 1 min: ${lo === hi ? lo : `${lo}-${hi}`} of 300 images done`);
});

test('one replication keeps its own reason', () => {
  const reps = runReplications(cfg(60), 1);
  assert.is(summarize('ideal', reps).reason, reps[0]!.reason);
  assert.match(reps[0]!.reason!, /^time limit of 60 s reached/);
});

test('only the unfinished replications are counted', () => {
  // 101 s: arrivals end near 100 s, so some replications of these seeds finish and some do not
  const reps = runReplications(cfg(101), 6);
  const unfinished = reps.filter((r) => !r.completed);
  assert.ok(unfinished.length > 0 && unfinished.length < 6, `split ${unfinished.length} of 6`);
  const done = unfinished.map((r) => r.record.completed);
  assert.is(summarize('ideal', reps).reason, `${unfinished.length} of 6 replications hit the time limit of 101 s: ${Math.min(...done)}-${Math.max(...done)} of 300 images done`);
});

test.run();
