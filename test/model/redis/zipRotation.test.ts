import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { ZipRotation } from '../../../sim/model/redis/zipRotation.ts';
import { BulkZipRotation } from '../../../sim/model/redis/bulkZipRotation.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';
import type { KioskConfig } from '../../../sim/model/config.ts';

/** A small kiosk with many zip consumers cycling over waiting parents (fixed replicas, 2 GPUs). */
function cyclingKiosk(rotationTick: number): KioskConfig {
  const cfg = dynamicConfig({ images: 4000, startDelay: 1, gpuMax: 2 });
  cfg.redis.rotationTick = rotationTick;
  cfg.autoscaling.policy = 'fixed';
  cfg.autoscaling.fixed = { serving: 2, imageConsumers: 30, zipConsumers: 25 };
  return cfg;
}

function zipDelays(ctx: KioskContext) {
  // time from a parent's last child finishing to the parent being done: the detection delay + cleanup
  const z = ctx.zips;
  const d: number[] = [];
  for (let i = 0; i < ctx.zipCount; i++) d.push(z.finished[i]! - z.allChildrenFinishedAt[i]!);
  return d;
}

function expansionDelays(ctx: KioskContext) {
  const z = ctx.zips;
  const d: number[] = [];
  for (let i = 0; i < ctx.zipCount; i++) d.push(z.expanded[i]! - z.created[i]!);
  return d;
}

const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;

test('rotation_tick 0 simulates every cycle over a waiting parent exactly; > 0 pools them', () => {
  const exact = new KioskContext(cyclingKiosk(0), 5);
  const bulk = new KioskContext(cyclingKiosk(0.25), 5);
  assert.instance(exact.zipRotation, ZipRotation);
  assert.instance(bulk.zipRotation, BulkZipRotation);
});

test('pooled rotation reproduces the exact rotation: makespan, parent detection and expansion delays', () => {
  const seeds = [1, 2, 3, 4];
  const rows = seeds.map((seed) => {
    const e = new KioskContext(cyclingKiosk(0), seed);
    assert.ok(e.run().completed);
    const b = new KioskContext(cyclingKiosk(0.25), seed);
    assert.ok(b.run().completed);
    return { e, b };
  });
  for (const { e, b } of rows) {
    assert.ok(e.zipRotation.cycles > 10_000, `the scenario exercises the rotation (${e.zipRotation.cycles} cycles)`);
    // with fewer parents than consumers the pool sends the surplus to sleep, where exact consumers
    // sometimes still catch a parent between two checks: the pool never pops more, and not far fewer
    const ratio = b.zipRotation.cycles / e.zipRotation.cycles;
    assert.ok(ratio <= 1 && ratio > 0.75, `cycles exact ${e.zipRotation.cycles} vs pooled ${b.zipRotation.cycles}`);
    assert.ok(b.sim.eventsProcessed < 0.6 * e.sim.eventsProcessed, 'the pool saves events');
    // the makespan moves by far less than one put-back sleep per zip
    assert.ok(Math.abs(b.lastFinish - e.lastFinish) < 0.005 * e.lastFinish, `makespan exact ${e.lastFinish} vs pooled ${b.lastFinish}`);
  }
  // per-seed mean delays (last child -> parent done; created -> expanded) agree within the pooled
  // model's stated resolution, one put-back sleep (0.5 s)
  for (const { e, b } of rows) {
    const de = mean(zipDelays(e));
    const db = mean(zipDelays(b));
    assert.ok(Math.abs(db - de) < 0.5, `mean detection delay exact ${de} vs pooled ${db}`);
    const ee = mean(expansionDelays(e));
    const eb = mean(expansionDelays(b));
    assert.ok(Math.abs(eb - ee) < 0.5, `mean expansion delay exact ${ee} vs pooled ${eb}`);
  }
});

test.run();
