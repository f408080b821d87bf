/** The live-validation mechanisms reach the run: off by default (the same result), on when set. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../../sim/scenario/load.ts';
import { runReplications } from '../../../sim/results/runScenario.ts';
import { summarize } from '../../../sim/results/summary.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const quick = path.join(root, 'scenarios/examples/quick.yaml');

/** The run's summary without the wall-clock fields. */
function run(sets: string[]) {
  const cfg = loadScenario(quick, ['workload.images=200', ...sets]).config;
  const s = summarize('q', runReplications(cfg, 1)) as unknown as Record<string, unknown>;
  delete s.engine;
  return s;
}

test('defaults: no warm-up, no correlation time; setting them to their defaults changes nothing', () => {
  const c = loadScenario(quick).config.serving;
  assert.equal(c.idleWarmup, { after: 0, extra: 0 });
  assert.is(c.residualCorrelationTime, 0);
  assert.equal(run(['serving.idle_warmup.extra=0', 'serving.residual_correlation_time=0s']), run([]));
});

test('serving.idle_warmup slows the batches after idle gaps: more GPU-busy time for the same work', () => {
  const base = run([]) as { gpu: { mean_utilization: { mean: number } } };
  const warm = run(['serving.idle_warmup.extra=1', 'serving.idle_warmup.after=0s']) as typeof base;
  assert.ok(warm.gpu.mean_utilization.mean > base.gpu.mean_utilization.mean * 1.3, `${warm.gpu.mean_utilization.mean} vs ${base.gpu.mean_utilization.mean}`);
});

test('serving.residual_correlation_time changes the draws (an OU memory in time)', () => {
  assert.not.equal(run(['serving.residual_correlation_time=5s']), run([]));
});

test('serving.host_drift: off by default (setting it to 0 changes nothing), on it changes the batch times', () => {
  assert.equal(loadScenario(quick).config.serving.hostDrift, { time: 0, sd: 0 });
  assert.equal(run(['serving.host_drift.sd=0', 'serving.host_drift.time=0s']), run([]));
  assert.equal(run(['serving.host_drift.sd=0.3']), run([]), 'time 0: still off');
  assert.not.equal(run(['serving.host_drift.sd=0.3', 'serving.host_drift.time=5s']), run([]));
});

test.run();
