import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { useBackend } from '../../../calibrate/backends/index.ts';
import { predictBody, predictUrl } from '../../../calibrate/importers/serving.ts';
import { MODEL_BUILDERS } from '../../../calibrate/models/index.ts';
import { layersPredictor } from '../../../calibrate/models/load.ts';
import { calibrateServing } from '../../../calibrate/run.ts';
import { startPredictServer, type PredictServer } from '../../../calibrate/serving/server.ts';
import seedrandom from 'seedrandom';

let server: PredictServer;
const TILE = 32;

test.before(async () => {
  await useBackend('tfjs-wasm');
  server = await startPredictServer({ modelName: 'segmentation', predictorFor: (h, w) => layersPredictor(MODEL_BUILDERS.featurenet(h, w)) });
});
test.after(async () => { await server.close(); });

test('predictUrl follows the TF-Serving REST layout', () => {
  assert.is(predictUrl('http://h:8501/', 'NuclearSegmentation'), 'http://h:8501/v1/models/NuclearSegmentation:predict');
});

test('the local server answers a predict request in TF-Serving row format', async () => {
  const body = predictBody(2, TILE, TILE, 1, seedrandom.alea('x'));
  const res = await fetch(predictUrl(server.url, 'segmentation'), { method: 'POST', body });
  assert.is(res.status, 200);
  const json = (await res.json()) as { predictions: Array<Record<string, number[][][]>> };
  assert.is(json.predictions.length, 2);
  assert.equal(Object.keys(json.predictions[0]!), ['inner_distance', 'outer_distance', 'fgbg']);
  assert.is(json.predictions[0]!.fgbg!.length, TILE);
  assert.is(json.predictions[0]!.fgbg![0]![0]!.length, 2);
});

test('the server rejects a malformed body with a TF-Serving style error', async () => {
  const res = await fetch(predictUrl(server.url, 'segmentation'), { method: 'POST', body: '{"inputs": 1}' });
  assert.is(res.status, 400);
  assert.match(((await res.json()) as { error: string }).error, 'instances');
});

test('calibrate serving sweeps the endpoint and writes a valid profile', async () => {
  const lines: string[] = [];
  const profile = await calibrateServing({
    url: server.url, servable: 'segmentation', model: 'featurenet', channels: 1, hardware: 'test server (tfjs-wasm)',
    plan: { tiles: [[TILE, TILE]], batchSizes: [1, 2], repeats: 2, warmup: 1 }, postprocess: { images: 0, seed: 1 },
    name: 'serving-test', command: 'kiosk-sim calibrate serving --url test',
  }, (l) => lines.push(l));
  assert.is(profile.backend, 'tf-serving-rest');
  assert.equal(profile.samples.map((g) => [g.batchSize, g.seconds.length]), [[1, 2], [2, 2]]);
  assert.ok(profile.samples.every((g) => g.seconds.every((s) => s > 0 && s < 30)));
  assert.ok(profile.fit.b > 0 && profile.fit.rmseSeconds >= 0);
  assert.is(profile.residuals.values.length, 4);
  assert.is(lines.filter((l) => l.includes('Mpx/s')).length, 2, 'one progress line per point');
});

test('an unknown servable is a user error naming the URL', async () => {
  try {
    await calibrateServing({
      url: server.url, servable: 'nope', model: 'featurenet', channels: 1, hardware: 'x',
      plan: { tiles: [[TILE, TILE]], batchSizes: [1], repeats: 1, warmup: 0 }, postprocess: { images: 0, seed: 1 }, name: 'x', command: 'x',
    }, () => {});
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'UserError');
    assert.match((e as Error).message, `${server.url}/v1/models/nope`);
  }
});

test('an unreachable server is a user error', async () => {
  try {
    await calibrateServing({
      url: 'http://127.0.0.1:9', servable: 'm', model: 'featurenet', channels: 1, hardware: 'x',
      plan: { tiles: [[TILE, TILE]], batchSizes: [1], repeats: 1, warmup: 0 }, postprocess: { images: 0, seed: 1 }, name: 'x', command: 'x',
    }, () => {});
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'UserError');
    assert.match((e as Error).message, 'cannot reach TF-Serving');
  }
});

test.run();
