import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fixedPolicyWarning, limitsFrom, meanFigures, type LimitCause, type LimitFigures } from '../../sim/results/limits.ts';
import { runReplications } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { configFrom } from '../support/configFrom.ts';

/** A run with nothing wrong: GPUs 80% busy, short ramp, work arriving early, no retries or preemptions. */
const base: LimitFigures = {
  window_s: 10_000, ramp_s: 500, gpu_busy_post_ramp: 0.8, image_queue_empty_frac: 0.4, consumers_at_max_frac: 0.2,
  consumer_max: 40, arrivals_end_s: 3000, images: 100_000, retries: 0, preemptions: 0, requeued: 0,
  images_per_gpu_busy_s: 7, consumer_seconds_per_image: 4, fixed_serving: null,
};

const cases: [string, Partial<LimitFigures>, LimitCause[]][] = [
  ['nothing dominates', {}, []],
  ['GPUs busy 95% after the ramp', { gpu_busy_post_ramp: 0.95 }, ['gpus']],
  ['GPUs busy exactly 90% is not "> 90%"', { gpu_busy_post_ramp: 0.9 }, []],
  ['queue empty, GPUs idle, the client submitting to the end: upload', { image_queue_empty_frac: 0.8, arrivals_end_s: 9500 }, ['upload']],
  ['queue holding work, GPUs idle, the client submitting to the end: still upload', { image_queue_empty_frac: 0.1, arrivals_end_s: 9900 }, ['upload']],
  ['the client submitting to the end but the GPUs saturated: GPUs', { gpu_busy_post_ramp: 0.95, arrivals_end_s: 9900 }, ['gpus']],
  ['queue empty, GPUs idle, all work submitted early: zip consumers', { image_queue_empty_frac: 0.8, arrivals_end_s: 2000 }, ['consumers']],
  ['queue full, GPUs idle, consumers at their max: image consumers', { image_queue_empty_frac: 0.1, consumers_at_max_frac: 0.9, gpu_busy_post_ramp: 0.04 }, ['consumers']],
  ['queue full, GPUs idle, consumers below their max: no consumer limit', { image_queue_empty_frac: 0.1, consumers_at_max_frac: 0.3 }, []],
  ['queue full but GPUs saturated: GPUs, not consumers', { image_queue_empty_frac: 0.1, consumers_at_max_frac: 0.9, gpu_busy_post_ramp: 0.97 }, ['gpus']],
  ['slow ramp', { ramp_s: 3000 }, ['ramp-up']],
  ['many retries', { retries: 6000 }, ['retries']],
  ['a few retries', { retries: 4000 }, []],
  ['preemptions that requeued work', { preemptions: 3, requeued: 6000 }, ['preemption']],
  ['preemptions that requeued little (the headline: 1.2%)', { preemptions: 2, requeued: 1200 }, []],
  ['several at once', { gpu_busy_post_ramp: 0.95, ramp_s: 4000, retries: 9000 }, ['gpus', 'ramp-up', 'retries']],
];

for (const [name, change, causes] of cases) {
  test(`limits: ${name}`, () => {
    const got = limitsFrom({ ...base, ...change });
    assert.equal(got.map((l) => l.cause), causes);
    for (const l of got) assert.match(l.detail, /\d/); // every cause carries figures
  });
}

test('fixed-policy warning: consumers that cannot feed the GPUs, with the numbers', () => {
  const f = { ...base, fixed_serving: 8, gpu_busy_post_ramp: 0.04, consumer_seconds_per_image: 4, images_per_gpu_busy_s: 7 };
  const w = fixedPolicyWarning(f, 10);
  assert.ok(w);
  assert.match(w!, '10 image consumers x 0.250 images/s each = 2.50 images/s');
  assert.match(w!, "8 GPUs' 56.00 images/s");
  assert.match(w!, 'at least 224');
  assert.is(fixedPolicyWarning({ ...f, fixed_serving: null }, 10), null);
  assert.is(fixedPolicyWarning(f, 300), null);
});

test('meanFigures averages each figure over replications', () => {
  const m = meanFigures([{ ...base, gpu_busy_post_ramp: 0.5 }, { ...base, gpu_busy_post_ramp: 0.7 }]);
  assert.ok(Math.abs(m.gpu_busy_post_ramp - 0.6) < 1e-12);
  assert.is(m.fixed_serving, null);
});

test('a fixed policy with 8 GPUs and the default 10 image consumers is named consumer-limited and warned about', () => {
  const cfg = configFrom({ workload: { images: 2000 }, autoscaling: { policy: 'fixed', fixed: { serving: 8 } }, cluster: { pools: { gpu: { max: 8 } } } });
  const s = summarize('fixed', runReplications(cfg, 1));
  assert.ok(s.gpu.mean_utilization.mean < 0.2, `utilisation ${s.gpu.mean_utilization.mean}`);
  // (pods still loading their model at t = 0 also cost retries in so short a run)
  const consumers = s.limited_by.find((l) => l.cause === 'consumers');
  assert.ok(consumers, JSON.stringify(s.limited_by));
  assert.match(consumers!.detail, 'maximum of 10');
  assert.not.ok(s.limited_by.some((l) => l.cause === 'gpus'));
  assert.is(s.warnings.length, 1);
  assert.match(s.warnings[0]!, /^autoscaling.policy fixed: 10 image consumers/);
});

test('an upload-limited run (150 MB zips over 20 Mbps, one every 60 s) is named upload-limited', () => {
  const cfg = configFrom({ workload: { images: 3000, arrival: { kind: 'upload', bandwidth: '20Mbps' } }, cluster: { pools: { gpu: { max: 4 } } } });
  const s = summarize('upload', runReplications(cfg, 1));
  assert.ok(s.completed);
  const upload = s.limited_by.find((l) => l.cause === 'upload');
  assert.ok(upload, JSON.stringify(s.limited_by));
  assert.not.ok(s.limited_by.some((l) => l.cause === 'gpus'));
});

test.run();
