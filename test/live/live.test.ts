/**
 * The live mini-kiosk for real: a private redis-server, a model server, zip and image consumer
 * processes. One short run with an image consumer SIGKILLed mid-prediction: the janitor must
 * requeue its job, a replacement pod must finish it, and every image must end done exactly once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stageSamples } from '../../calibrate/importers/redis.ts';
import { calibrate } from '../../sim/live/calibration.ts';
import { runLive } from '../../sim/live/liveRun.ts';
import { liveSettings } from '../../sim/live/settings.ts';
import { summarizeLive } from '../../sim/live/summary.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { startRedis } from '../support/redis.ts';

const SMOKE = path.resolve('sim/live/scenarios/smoke.yaml');

test('consumer killed mid-job: the janitor requeues it and every image finishes exactly once', async () => {
  const redis = await startRedis();
  const tmpBefore = new Set(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('kiosk-live-')));
  try {
    const { config } = loadScenario(SMOKE);
    const settings = liveSettings(config);
    const r = await runLive({ settings, imageQueue: 'segmentation', redisUrl: redis.url, fault: 'consumer-kill', filters: 4, seed: 1 });
    const images = r.records.images;
    assert.is(images.length, 12, 'one job hash per image');
    assert.equal(images.filter((i) => i.status !== 'done').map((i) => i.key), [], 'every image done');
    assert.equal(images.filter((i) => i.doneCount !== 1).map((i) => [i.key, i.doneCount]), [], 'each image marked done by exactly one consumer');
    assert.is(r.records.zips.filter((z) => z.status === 'done').length, 2, 'both zips done');
    assert.is(r.faults.length, 1);
    const killed = /holding (\S+)/.exec(r.faults[0]!.detail)![1]!;
    assert.ok(r.janitorRequeued >= 1, 'the janitor requeued the killed pod\'s job');
    const again = images.find((i) => i.key === killed)!;
    assert.is(again.status, 'done', 'the killed job was finished by another pod');
    // queue wait of the killed job covers the janitor's stale age (3 s) after the kill
    assert.ok(again.finished - again.created - again.total >= 3, `requeued job waited ${again.finished - again.created - again.total} s`);
    // the hashes carry what `kiosk-sim calibrate redis` reads
    const stages = stageSamples(r.records.imageHashes);
    assert.is(stages.prediction.length, 12);
    assert.ok(stages.total.every((t) => t > 0));
    const summary = summarizeLive('smoke', [r]);
    assert.is(summary.images.completed, 12);
    assert.ok(summary.makespan_s.mean >= 1 && summary.makespan_s.mean < 40, `makespan ${summary.makespan_s.mean}`);
    assert.ok(r.server.batches.length > 0 && r.server.busy_s > 0, 'the model server ran batches');
    // what the calibration of the simulator's mechanisms reads: each call's client-side cost and
    // the part before the server, the empty sleeps' lateness, the fault's time
    for (const i of images) {
      assert.is(i.callTransport.length, i.calls, `${i.key}: one transport time per call`);
      assert.ok(i.callSend.every((x, k) => x >= 0 && x <= i.callTransport[k]! + 1e-9), `${i.key}: send part within the call's transport`);
    }
    assert.ok(r.pollPeriods.length > 0 && r.pollPeriods.every((x) => x >= 0), 'the consumers reported their empty sleeps');
    const cal = calibrate([r]);
    assert.equal((cal.overlay.faults as unknown[]).length, 1);
    assert.is((cal.overlay.faults as Array<{ kind: string }>)[0]!.kind, 'consumer-kill');
    assert.is((cal.overlay.consumers as { image: { status_updates: number } }).image.status_updates, 6);
    // nothing left behind: no temp dir, no processing list holding a key
    const tmpAfter = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('kiosk-live-') && !tmpBefore.has(f));
    assert.equal(tmpAfter, [], 'temp dir removed');
  } finally {
    await redis.stop();
  }
});

test.run();
