import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runReplications } from '../../../sim/results/runScenario.ts';
import { summarize } from '../../../sim/results/summary.ts';
import { configFrom } from '../../support/configFrom.ts';

const run = (variation: Record<string, unknown>) =>
  summarize('t', runReplications(configFrom({ workload: { images: 400 }, storage: { variation }, cluster: { pools: { gpu: { max: 1 } } } }), 1));

test('with the default storage model the per-image transfer time is a distribution, not one bar', () => {
  const t = run({ kind: 'lognormal', latency_sigma: 0.61, bandwidth_sigma: 0 }).latency_s.transfer;
  assert.ok(t.p99 > 1.5 * t.p50, `p50 ${t.p50} p99 ${t.p99}`);
  // 2 x (download + upload) with both latencies at their 100 ms median: ~0.52 s
  assert.ok(Math.abs(t.p50 - 0.52) < 0.08, `p50 ${t.p50}`);
});

test('the constant model keeps the single 0.52 s bar', () => {
  const t = run({ kind: 'constant' }).latency_s.transfer;
  assert.ok(Math.abs(t.p50 - 0.520448) < 1e-9 && Math.abs(t.p99 - 0.520448) < 1e-9, `p50 ${t.p50} p99 ${t.p99}`);
});

test.run();
