import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { startArrivals } from '../../../sim/model/workload/arrivals.ts';
import type { ArrivalConfig } from '../../../sim/model/config.ts';
import { idealConfig } from '../../support/idealConfig.ts';

/** Zip (or image) creation times for an arrival setting, with nothing consuming them. */
function creationTimes(arrival: ArrivalConfig, images = 1000): number[] {
  const cfg = idealConfig({ images, rate: 1, service: { kind: 'constant', value: 1 }, servers: 0, consumers: 0 });
  cfg.workload.arrival = arrival;
  cfg.redis.putBackSleep = 0.5;
  const ctx = new KioskContext(cfg, 1);
  startArrivals(ctx);
  ctx.sim.run();
  return !ctx.usesZips ? Array.from(ctx.record.submitted) : Array.from(ctx.zips.created);
}

const zipBits = 100 * 1.5e6 * 8; // 100 images of 1.5 MB

test('paced: zip i is created at i x START_DELAY', () => {
  assert.equal(creationTimes({ kind: 'paced', startDelay: 0.5 }), [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
});

test('upload, one at a time: each zip takes size / bandwidth, back to back', () => {
  const bw = 240e6;
  const t = creationTimes({ kind: 'upload', bandwidthBps: bw, concurrency: 1 });
  t.forEach((x, i) => assert.ok(Math.abs(x - ((i + 1) * zipBits) / bw) < 1e-6, `zip ${i} at ${x}`));
});

test('upload, two at a time: concurrent uploads share the link and finish together', () => {
  const bw = 2.4e9;
  const t = creationTimes({ kind: 'upload', bandwidthBps: bw, concurrency: 2 });
  for (let i = 0; i < t.length; i += 2) {
    const expected = ((i + 2) * zipBits) / bw;
    assert.ok(Math.abs(t[i]! - expected) < 1e-6 && Math.abs(t[i + 1]! - expected) < 1e-6, `pair ${i}: ${t[i]}, ${t[i + 1]}`);
  }
});

test('poisson images: mean gap 1/rate within the 99% interval', () => {
  const n = 20000;
  const t = creationTimes({ kind: 'poisson', rate: 4, unit: 'image' }, n);
  const gaps = t.slice(1).map((x, i) => x - t[i]!);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  // exponential gaps: sd = mean, so the standard error of the mean is 0.25 / sqrt(n - 1)
  assert.ok(Math.abs(mean - 0.25) < 2.576 * (0.25 / Math.sqrt(gaps.length)), `mean gap ${mean}`);
});

test('trace: jobs at the given times; deterministic: at a fixed interval', () => {
  assert.equal(creationTimes({ kind: 'trace', times: [0, 3, 3, 7.5], unit: 'image' }, 4), [0, 3, 3, 7.5]);
  assert.equal(creationTimes({ kind: 'deterministic', interval: 2, unit: 'zip' }, 300), [0, 2, 4]);
});

test.run();
