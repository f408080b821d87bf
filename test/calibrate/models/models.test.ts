import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useBackend } from '../../../calibrate/backends/index.ts';
import { featureNetPlan, planReceptiveField } from '../../../calibrate/models/featurenet.ts';
import { HEADS } from '../../../calibrate/models/heads.ts';
import { MODEL_BUILDERS } from '../../../calibrate/models/index.ts';
import { buildPanopticNet, RESNET50_STAGES } from '../../../calibrate/models/panoptic.ts';
import { directoryHandler, layersPredictor, loadModelDir } from '../../../calibrate/models/load.ts';

test.before(async () => { await useBackend('tfjs-wasm'); });

test('the feature-net recipe has a 41 px receptive field', () => {
  const plan = featureNetPlan(41);
  assert.is(planReceptiveField(plan), 41);
  assert.equal(plan.map((l) => (l.kind === 'conv' ? `c${l.kernel}d${l.dilation}` : `p${l.dilation}`)).join(' '),
    'c4d1 c3d1 p1 c3d2 c3d2 p2 c4d4 c4d4');
  assert.is(planReceptiveField(featureNetPlan(61)), 61);
});

test('ResNet50 has 16 bottleneck blocks', () => {
  assert.is(RESNET50_STAGES.reduce((n, s) => n + s.blocks, 0), 16);
});

for (const name of ['featurenet', 'panoptic'] as const) {
  test(`${name}: outputs are inner distance, outer distance and fgbg at the input's resolution`, () => {
    const model = MODEL_BUILDERS[name](64, 64);
    assert.equal(model.outputNames, HEADS.map((h) => h.name));
    const out = model.predict(tf.randomUniform([2, 64, 64, 1])) as tf.Tensor[];
    assert.equal(out.map((o) => o.shape), [[2, 64, 64, 1], [2, 64, 64, 1], [2, 64, 64, 2]]);
    const fgSum = out[2]!.sum(-1);
    assert.ok(Math.abs(fgSum.mean().dataSync()[0]! - 1) < 1e-4, 'fgbg is a softmax over 2 classes');
    tf.dispose([...out, fgSum]);
    model.dispose();
  });
}

test('panoptic: ResNet50 + FPN has the expected size (~25 M parameters) and rejects tiles not divisible by 32', () => {
  const model = buildPanopticNet({ height: 64, width: 64 });
  // ResNet50 without its classifier has 23.5 M parameters; FPN and the three heads add ~2 M.
  assert.ok(model.countParams() > 23.5e6 && model.countParams() < 28e6, String(model.countParams()));
  model.dispose();
  assert.throws(() => buildPanopticNet({ height: 100, width: 64 }), /multiples of 32/);
});

test('a model saved to a directory loads back through the file IOHandler with identical outputs', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-model-'));
  try {
    const model = MODEL_BUILDERS.featurenet(32, 32);
    await model.save(directoryHandler(dir));
    const loaded = await loadModelDir(dir);
    assert.equal(loaded.inputShape, [32, 32, 1]);
    assert.equal(loaded.outputNames, model.outputNames);
    const x = tf.randomUniform([1, 32, 32, 1]) as tf.Tensor4D;
    const a = layersPredictor(model).predict(x), b = loaded.predict(x);
    for (let i = 0; i < a.length; i++) {
      assert.ok(tf.max(tf.abs(tf.sub(a[i]!, b[i]!))).dataSync()[0]! < 1e-5);
    }
    loaded.dispose();
    model.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('loading a directory without model.json is a user error naming the file', async () => {
  try {
    await loadModelDir('/nonexistent/model-dir');
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'UserError');
    assert.match((e as Error).message, '/nonexistent/model-dir/model.json');
  }
});

test.run();
