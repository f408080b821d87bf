import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import seedrandom from 'seedrandom';
import { fitStage, isFinishedImageJob, stageSamples, thin } from '../../../calibrate/importers/redis.ts';
import { calibrateRedis } from '../../../calibrate/run.ts';
import { startRedis, type TestRedis } from '../../support/redis.ts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { calibrateCommand } from '../../../sim/cli/calibrate.ts';
import { parseProfile } from '../../../sim/model/serving/profile.ts';

let redis: TestRedis;
const N = 300;
// Generating lognormal parameters of each stage (log-seconds): prediction ~ e^-1.5 = 0.22 s, sigma 0.3, etc.
const TRUE = { download: [-2, 0.5], preprocess: [-4, 0.2], prediction: [-1.5, 0.3], postprocess: [-0.5, 0.4], upload: [-3, 0.5] } as const;

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

test.before(async () => {
  redis = await startRedis();
  const client = new Redis(redis.url);
  const random = seedrandom.alea('kiosk-jobs');
  const pipeline = client.pipeline();
  for (let i = 0; i < N; i++) {
    const t = Object.fromEntries(Object.entries(TRUE).map(([k, [mu, s]]) => [k, Math.exp(mu + s * normal(random))])) as Record<keyof typeof TRUE, number>;
    const total = Object.values(t).reduce((a, b) => a + b, 0) + 0.05;
    const created = 1_600_000_000 + i;
    pipeline.hset(`segmentation:image-${i}.tif:${i.toString(16).padStart(8, '0')}`, {
      status: 'done', input_file_name: `uploads/image-${i}.tif`, model_name: 'NuclearSegmentation', model_version: '0',
      download_time: t.download, preprocess_time: t.preprocess, prediction_time: t.prediction,
      postprocess_time: t.postprocess, upload_time: t.upload, total_time: total,
      created_at: String(created), finished_at: String(created + total), output_file_name: `output/image-${i}.zip`,
    });
  }
  // Noise a real kiosk has: a zip parent with comma-joined child timings, jobs still running or failed, other key types.
  pipeline.hset('segmentation-zip:batch.zip:abc', { status: 'done', prediction_time: '0.2,0.3', total_time: '10,11' });
  pipeline.hset('segmentation:running.tif:def', { status: 'predicting', download_time: '0.1' });
  pipeline.hset('segmentation:failed.tif:123', { status: 'failed', reason: 'boom' });
  pipeline.lpush('segmentation', 'segmentation:queued.tif:999');
  pipeline.set('unrelated', '1');
  await pipeline.exec();
  client.disconnect();
});
test.after(async () => { await redis?.stop(); });

test('only finished single-image jobs count', () => {
  assert.ok(isFinishedImageJob({ status: 'done', prediction_time: '0.2' }));
  assert.not.ok(isFinishedImageJob({ status: 'done', prediction_time: '0.2,0.3' }), 'zip parent');
  assert.not.ok(isFinishedImageJob({ status: 'predicting', prediction_time: '0.2' }));
  assert.not.ok(isFinishedImageJob({ status: 'done' }), 'no timings');
  assert.equal(stageSamples([{ status: 'done', prediction_time: '0.5', upload_time: '0.1' }]).prediction, [0.5]);
});

test('thin keeps the extremes and evenly spaced quantiles', () => {
  const values = Array.from({ length: 101 }, (_, i) => i);
  assert.equal(thin(values, 5), [0, 25, 50, 75, 100]);
  assert.is(thin(values, 1000).length, 101);
});

test('calibrate redis reads the kiosk job hashes from a real redis-server and fits every stage', async () => {
  const profile = await calibrateRedis({
    url: redis.url, match: 'segmentation*', model: 'panoptic', tilesPerImage: 42, tileHeight: 256, tileWidth: 256,
    hardware: 'test', name: 'redis-test', command: 'kiosk-sim calibrate redis --url test', maxSamples: 10_000,
  }, () => {});
  assert.is(profile.provenance, 'imported');
  assert.is(profile.samples.length, 1);
  assert.is(profile.samples[0]!.seconds.length, N, 'zip parent, running and failed jobs are skipped');
  assert.is(profile.samples[0]!.batchSize, 42);
  assert.is(profile.postprocess!.seconds.length, N);
  for (const [stage, [mu, sigma]] of Object.entries(TRUE)) {
    const fit = profile.stages![stage as keyof typeof TRUE]!;
    assert.is(fit.n, N);
    // MLE of mu has standard error sigma / sqrt(N); 4 standard errors keeps a false failure below 1e-4.
    const se = sigma / Math.sqrt(N);
    assert.ok(Math.abs(fit.lognormal!.mu - mu) < 4 * se, `${stage}: mu ${fit.lognormal!.mu} vs ${mu}`);
    // sigma's standard error is about sigma / sqrt(2N).
    assert.ok(Math.abs(fit.lognormal!.sigma - sigma) < 4 * sigma / Math.sqrt(2 * N), `${stage}: sigma ${fit.lognormal!.sigma} vs ${sigma}`);
  }
  assert.ok(profile.stages!.total!.quantiles.p50 > profile.stages!.prediction!.quantiles.p50);
  // The fit maps one image's prediction time onto a 42-tile batch: t(42 tiles) = median prediction time.
  const median = profile.stages!.prediction!.quantiles.p50;
  assert.ok(Math.abs(profile.fit.a + profile.fit.b * 42 - median) < 1e-9);
});

test('`kiosk-sim calibrate redis` writes the profile file with the exact command', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kiosk-redis-profile-'));
  const out = path.join(dir, 'v100', 'panoptic', 'from-redis.json');
  const write = process.stdout.write;
  let stdout = '';
  process.stdout.write = ((chunk: string) => { stdout += chunk; return true; }) as typeof process.stdout.write;
  const stderr = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    await yargs(['calibrate', 'redis', '--url', redis.url, '--match', 'segmentation:*', '--hardware', 'V100', '--out', out])
      .command(calibrateCommand).strict().parseAsync();
  } finally {
    process.stdout.write = write;
    process.stderr.write = stderr;
  }
  try {
    assert.is(stdout.trim(), out);
    const profile = parseProfile(JSON.parse(await readFile(out, 'utf8')), out);
    assert.is(profile.name, 'from-redis');
    assert.is(profile.hardware.device, 'V100');
    assert.is(profile.command, `kiosk-sim calibrate redis --url ${redis.url} --match 'segmentation:*' --model panoptic --hardware V100 --max-samples 10000 --out ${out}`);
    assert.is(profile.samples[0]!.seconds.length, N);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('fitStage caps the stored sample but not n', () => {
  const f = fitStage(Array.from({ length: 50 }, (_, i) => 1 + i), 10);
  assert.is(f.n, 50);
  assert.is(f.seconds.length, 10);
  assert.is(f.quantiles.p50, 25.5);
});

test('no matching jobs is a user error', async () => {
  try {
    await calibrateRedis({
      url: redis.url, match: 'predict:*', model: 'featurenet', tilesPerImage: 1, tileHeight: 1080, tileWidth: 1280,
      hardware: 'x', name: 'x', command: 'x', maxSamples: 10,
    }, () => {});
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'UserError');
    assert.match((e as Error).message, 'no finished kiosk image jobs');
  }
});

test('an unreachable redis is a user error', async () => {
  try {
    await calibrateRedis({
      url: 'redis://127.0.0.1:9', match: '*', model: 'featurenet', tilesPerImage: 1, tileHeight: 1080, tileWidth: 1280,
      hardware: 'x', name: 'x', command: 'x', maxSamples: 10,
    }, () => {});
    assert.unreachable('should throw');
  } catch (e) {
    assert.is((e as Error).name, 'UserError');
    assert.match((e as Error).message, 'cannot connect to Redis');
  }
});

test.run();
