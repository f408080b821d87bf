import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { directoryHandler } from '../../calibrate/models/load.ts';
import { MODEL_BUILDERS } from '../../calibrate/models/index.ts';
import { useBackend } from '../../calibrate/backends/index.ts';
import { calibrateModel, type ModelCalibration } from '../../calibrate/run.ts';

const base = (over: Partial<ModelCalibration> = {}): ModelCalibration => ({
  model: 'featurenet', backend: 'tfjs-wasm', clock: 'wall',
  plan: { tiles: [[32, 32], [64, 64]], batchSizes: [1, 2], repeats: 2, warmup: 1 },
  postprocess: { images: 0, seed: 1 }, name: 'test', command: 'kiosk-sim calibrate model --model featurenet', ...over,
});

test('calibrate model sweeps tiles x batches, keeps every sample, fits and documents the run', async () => {
  const lines: string[] = [];
  const p = await calibrateModel(base(), (l) => lines.push(l));
  assert.equal(p.samples.map((g) => `${g.batchSize}@${g.tileHeight}:${g.seconds.length}`), ['1@32:2', '2@32:2', '1@64:2', '2@64:2']);
  assert.is(p.provenance, 'measured');
  assert.is(p.weights, 'random');
  assert.is(p.fit.tilePixels, 32 * 32);
  assert.ok(p.fit.b > 0 && Number.isFinite(p.fit.maxRelativeError));
  assert.is(p.residuals.values.length, 8);
  assert.is(p.command, 'kiosk-sim calibrate model --model featurenet');
  assert.ok(p.notes!.some((n) => n.includes('random weights')));
  assert.ok(p.notes!.some((n) => n.includes('wall-clock')));
  assert.is(lines.filter((l) => /^\[\d\/4\]/.test(l)).length, 4);
});

test('the CPU-time clock is refused for multi-threaded backends', async () => {
  try {
    await calibrateModel(base({ clock: 'cpu', backend: 'tfjs-node-gpu' }), () => {});
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'UserError');
    assert.match((e as Error).message, 'only for tfjs-wasm and tfjs-cpu');
  }
});

test("a user's model directory is timed instead of random weights, and its input size is enforced", async () => {
  await useBackend('tfjs-wasm');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-user-model-'));
  try {
    const m = MODEL_BUILDERS.featurenet(32, 32);
    await m.save(directoryHandler(dir));
    m.dispose();
    const p = await calibrateModel(base({ modelDir: dir, clock: 'cpu', plan: { tiles: [[32, 32]], batchSizes: [1], repeats: 2, warmup: 0 } }), () => {});
    assert.is(p.weights, dir);
    assert.is(p.samples[0]!.seconds.length, 2);
    try {
      await calibrateModel(base({ modelDir: dir }), () => {});
      assert.unreachable('64x64 tiles do not fit a 32x32 model');
    } catch (e) {
      assert.is((e as Error).name, 'UserError');
      assert.match((e as Error).message, 'expects 32x32 inputs');
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
