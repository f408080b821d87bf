import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { TRANSFER_STEPS } from '../../../sim/model/config.ts';
import { idealConfig } from '../../support/idealConfig.ts';

/** One zip of 3 images; every storage transfer takes exactly 1 s; GPU 10 s per request; Redis ideal. */
function oneZip(putBackSleep: number, rotationTick: number, opLatency = 0) {
  const cfg = idealConfig({ images: 3, rate: 1, service: { kind: 'constant', value: 10 }, servers: 3, consumers: 3 });
  cfg.workload.imagesPerZip = 3;
  cfg.workload.arrival = { kind: 'paced', startDelay: 1 };
  cfg.storage.enabled = true;
  for (const s of TRANSFER_STEPS) cfg.storage.steps[s] = { latency: 1, bandwidthBps: Infinity };
  cfg.autoscaling.fixed.zipConsumers = 1;
  cfg.redis.putBackSleep = putBackSleep;
  cfg.redis.rotationTick = rotationTick;
  cfg.redis.opLatency = opLatency;
  const ctx = new KioskContext(cfg, 1);
  assert.ok(ctx.run().completed);
  return ctx;
}

test('zip consumer: download, then each image uploaded and pushed in turn, parent waits, cleanup', () => {
  const ctx = oneZip(0.7, 0);
  const r = ctx.record;
  // zip down 0-1 s; image uploads 1-2, 2-3, 3-4: children enter the image queue one by one
  assert.equal(Array.from(r.enqueued), [2, 3, 4]);
  // each child: download 1 s + GPU 10 s + result upload 1 s
  assert.equal(Array.from(r.finished), [14, 15, 16]);
  assert.is(ctx.zips.expanded[0], 4);
  // the parent goes back at 4 and is popped every 0.7 s: 4.7, 5.4, ... the first pop at or after 16 is
  // 4 + 17 x 0.7 = 15.9 < 16, so 16.6; cleanup = 3 result downloads + 1 zip upload = 4 s
  assert.ok(Math.abs(ctx.zips.finished[0]! - 20.6) < 1e-9, `parent done at ${ctx.zips.finished[0]}`);
  assert.ok(Math.abs(ctx.lastFinish - 20.6) < 1e-9);
  // cycles over the unfinished parent: pops at 4.7 ... 15.9
  assert.is(ctx.zipRotation.cycles, 17);
});

test('2019: no sleep after a put-back, so the parent is noticed within a few Redis round trips', () => {
  const op = 0.001;
  const ctx = oneZip(0, 0, op);
  // the loop's round trips (each image 3 + several per cycle) shift the timeline by milliseconds only
  assert.ok(ctx.zips.finished[0]! >= 20 && ctx.zips.finished[0]! < 20.2, `parent done at ${ctx.zips.finished[0]}`);
  assert.ok(ctx.zipRotation.cycles > 1000, 'it spins: thousands of re-checks');
});

test('put_back_sleep 0 with zero-time Redis calls is refused (it would spin without time passing)', () => {
  assert.throws(() => oneZip(0, 0, 0), /putBackSleep or redis.opLatency/);
});

test('the pooled rotation notices the same parent within one step', () => {
  const ctx = oneZip(0.7, 0.25);
  assert.ok(ctx.zips.finished[0]! >= 20 && ctx.zips.finished[0]! <= 20.6 + 0.7, `parent done at ${ctx.zips.finished[0]}`);
});

test.run();
