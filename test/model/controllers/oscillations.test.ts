import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runOne } from '../../../sim/results/runScenario.ts';
import { binnedSeries, dominantPeriod } from '../../support/periodogram.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

test('the instrument: a 23 s cycle buried in noise is found, white noise has no prominent peak', () => {
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const t: number[] = [];
  const v: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < 20000; i++) {
    const ti = rand() * 2000;
    t.push(ti);
    v.push(10 + 3 * Math.sin((2 * Math.PI * ti) / 23) + 4 * (rand() - 0.5));
    w.push(10 + 4 * (rand() - 0.5));
  }
  const cyc = dominantPeriod(binnedSeries(t, v, 0, 2000, 1), 1, 5, 120, 240);
  assert.is(cyc.period, 23);
  assert.ok(cyc.prominence > 20, `prominence ${cyc.prominence}`);
  const noise = dominantPeriod(binnedSeries(t, w, 0, 2000, 1), 1, 5, 120, 240);
  assert.ok(noise.prominence < 15, `noise prominence ${noise.prominence}`);
});

/** 1 GPU, fixed replicas, paced zips; per-image serving time vs finish time. */
function servingRun(consumers: number, deadline: number, crashMtbf = Infinity) {
  const cfg = dynamicConfig({ images: 4000, startDelay: 2, gpuMax: 1, policy: 'fixed', crashMtbf });
  cfg.cluster.autoscaler.enabled = false;
  cfg.autoscaling.fixed = { serving: 1, imageConsumers: consumers, zipConsumers: 20 };
  cfg.serving.grpc.deadline = deadline;
  cfg.timeLimit = 1500;
  const r = runOne(cfg, 1);
  const est = r.record.completed > 100 ? dominantPeriod(binnedSeries(r.record.finished, r.record.serving, 150, r.makespan, 1), 1, 5, 120, 240) : null;
  return { r, est };
}

test('too many consumers + the 20 s deadline: denial of service emerges (work done, never delivered)', () => {
  // 600 consumers x 16 tiles queue ~26 s of GPU work at ~370 tiles/s: every response misses 20 s
  const dos = servingRun(600, 20);
  assert.is(dos.r.record.completed, 0);
  assert.ok(dos.r.counters.retries! > 10 * 600, `retries ${dos.r.counters.retries}`);
  const noDeadline = servingRun(600, Infinity);
  assert.ok(noDeadline.r.completed, 'without the deadline the same load completes');
  const withinLimit = servingRun(150, 20);
  assert.ok(withinLimit.r.completed, 'at the HPA limit of 150 consumers per GPU the deadline is never reached');
});

test('no ~20 s cycle in serving response from the deadline/retry loop, nor from restarts, in these runs', () => {
  // The paper's Fig. 2a shows ~20 s oscillations "from restarts". Measured here: the dominant period of
  // per-image serving time binned by finish time, mechanisms switched on one at a time.
  const base = servingRun(150, 20).est!;
  const restarts = servingRun(150, 20, 120).est!;
  for (const [name, e] of [['deadline + retry', base], ['restarts (MTBF 2 min)', restarts]] as const) {
    const cycle20 = e.period >= 17 && e.period <= 26 && e.prominence > 10;
    assert.not.ok(cycle20, `${name}: a ~20 s cycle appeared (period ${e.period} s, prominence ${e.prominence})`);
  }
});

test.run();
