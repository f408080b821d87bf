/**
 * The three calibrations behind `kiosk-sim calibrate`: a local TF.js model, a live TF-Serving endpoint,
 * and a Kiosk's Redis job records. Each returns a validated serving profile; the CLI writes it.
 */
import os from 'node:os';
import type { ServingProfile } from '../sim/model/serving/profile.ts';
import { parseProfile, PROFILE_SCHEMA_ID } from '../sim/model/serving/profile.ts';
import { isUserError, UserError } from '../sim/cli/errors.ts';
import { useBackend, type BackendName } from './backends/index.ts';
import { fitLatency, multiplicativeResiduals } from './fit.ts';
import type { Clock } from './clock.ts';
import { localTimer } from './localTimer.ts';
import { sweep, type SweepPlan } from './measure.ts';
import { MODEL_BUILDERS, MODEL_DESCRIPTIONS, type ModelName } from './models/index.ts';
import { layersPredictor, loadModelDir } from './models/load.ts';
import { KIOSK_IMAGE, timePostprocess } from './postprocess/timing.ts';
import { buildMeasuredProfile } from './profileBuilder.ts';
import { checkServing, SERVING_TIMEOUT_S, servingClient, servingTimer } from './importers/serving.ts';
import { fitSortedStage, scanJobs, skippedByField, skippedCount } from './importers/redis.ts';
import { connectRedis, redisError } from './importers/redisConnect.ts';
import { redact } from './redact.ts';

export type Progress = (line: string) => void;

const today = () => new Date().toISOString();

export interface PostprocessPlan { images: number; seed: number; clock?: Clock }

function postprocessBlock(plan: PostprocessPlan, command: string, progress: Progress): ServingProfile['postprocess'] {
  if (plan.images <= 0) return undefined;
  return {
    imageHeight: KIOSK_IMAGE.height,
    imageWidth: KIOSK_IMAGE.width,
    seconds: timePostprocess({ images: plan.images, seed: plan.seed, clock: plan.clock }, progress),
    algorithm: 'deep watershed (calibrate/postprocess/deepWatershed.ts) on synthetic 1280x1080 model-shaped outputs, 100-600 nuclei',
    hardware: `${os.cpus()[0]?.model.trim() ?? 'CPU'}, one Node.js thread, ${plan.clock === 'cpu' ? 'CPU-time clock' : 'wall clock'}`,
    command,
  };
}

export interface ModelCalibration {
  model: ModelName;
  modelDir?: string;
  backend: BackendName;
  clock: Clock;
  plan: SweepPlan;
  postprocess: PostprocessPlan;
  name: string;
  description?: string;
  command: string;
}

export async function calibrateModel(o: ModelCalibration, progress: Progress): Promise<ServingProfile> {
  if (o.clock === 'cpu' && o.backend !== 'tfjs-wasm' && o.backend !== 'tfjs-cpu') {
    throw new UserError(`--clock cpu measures one thread's CPU time: only for tfjs-wasm and tfjs-cpu, not ${o.backend}`);
  }
  const backend = await useBackend(o.backend);
  progress(`backend ${backend.name} (${backend.tfName}) on ${backend.device}, ${backend.threads} thread(s)`);
  const loaded = o.modelDir ? await loadModelDir(o.modelDir) : null;
  const channels = loaded ? (loaded.inputShape[2] ?? 1) : 1;
  if (loaded) {
    const [h, w] = loaded.inputShape;
    const bad = o.plan.tiles.find(([th, tw]) => (h != null && h !== th) || (w != null && w !== tw));
    if (bad) throw new UserError(`${o.modelDir} expects ${h ?? 'any'}x${w ?? 'any'} inputs; --tile ${bad[0]}x${bad[1]} does not fit it`);
  }
  const timer = localTimer(loaded ? () => loaded : (h, w) => layersPredictor(MODEL_BUILDERS[o.model](h, w)), channels, o.clock);
  const loadBefore = os.loadavg()[0]!;
  let samples;
  try {
    samples = await sweep(timer.time, o.plan, progress);
  } finally {
    timer.dispose();
  }
  const [tileHeight, tileWidth] = o.plan.tiles[0]!;
  return buildMeasuredProfile({
    name: o.name,
    description: o.description ?? `${MODEL_DESCRIPTIONS[o.model]}; measured with ${o.backend}`,
    model: o.model,
    weights: o.modelDir ?? 'random',
    provenance: 'measured',
    hardware: { device: backend.device, cores: os.cpus().length },
    backend: o.backend,
    created: today(),
    command: redact(o.command),
    input: { tileHeight, tileWidth, channels, dtype: 'float32' },
    postprocess: postprocessBlock(o.postprocess, redact(o.command), progress),
    notes: [
      o.modelDir ? `weights loaded from ${o.modelDir}` : 'random weights: the architecture only; inference time does not depend on weight values',
      `${o.backend} computes on ${backend.threads} thread(s) of this ${os.cpus().length}-core machine`,
      o.clock === 'cpu'
        ? 'seconds are CPU time of the (single-threaded) calibration process, not wall time: a proxy for uncontended time on a shared machine'
        : 'seconds are wall-clock time',
      `warm-up: ${o.plan.warmup} untimed batch(es) before each point; timing stops after every output is read back`,
      `1-minute load average ${loadBefore.toFixed(2)} before and ${os.loadavg()[0]!.toFixed(2)} after the sweep (other work on the machine inflates times)`,
    ],
  }, samples, tileHeight * tileWidth);
}

export interface ServingCalibration {
  url: string;
  servable: string;
  model: ModelName;
  channels: number;
  hardware: string;
  plan: SweepPlan;
  postprocess: PostprocessPlan;
  name: string;
  command: string;
  /** Limit per request in seconds (default SERVING_TIMEOUT_S). */
  timeoutS?: number;
}

export async function calibrateServing(o: ServingCalibration, progress: Progress): Promise<ServingProfile> {
  const client = servingClient(o.url, o.timeoutS);
  await checkServing(client, o.servable);
  progress(`TF-Serving ${client.shown}, servable ${o.servable}`);
  const samples = await sweep(servingTimer(client, o.servable, o.channels), o.plan, progress);
  const [tileHeight, tileWidth] = o.plan.tiles[0]!;
  return buildMeasuredProfile({
    name: o.name,
    description: `TF-Serving REST predict round trips for ${o.servable} at ${client.shown} (${MODEL_DESCRIPTIONS[o.model]})`,
    model: o.model,
    weights: `as served by ${client.shown}/v1/models/${o.servable}`,
    provenance: 'measured',
    hardware: { device: redact(o.hardware) },
    backend: 'tf-serving-rest',
    created: today(),
    command: redact(o.command),
    input: { tileHeight, tileWidth, channels: o.channels, dtype: 'float32' },
    postprocess: postprocessBlock(o.postprocess, redact(o.command), progress),
    notes: [
      'each sample is one REST predict call as a client sees it: JSON encoding on the server, transfer and JSON parsing included; the request body is built before the clock starts',
      'the Kiosk itself calls gRPC with gzip; REST adds JSON cost, so these times are an upper bound on the gRPC path',
      `each request had a limit of ${o.timeoutS ?? SERVING_TIMEOUT_S} s`,
    ],
  }, samples, tileHeight * tileWidth);
}

export interface RedisCalibration {
  url: string;
  match: string;
  model: ModelName;
  /** Batch that one image's prediction_time covers: 42 tiles of 256x256 (2020) or 1 whole image (2019). */
  tilesPerImage: number;
  tileHeight: number;
  tileWidth: number;
  hardware: string;
  name: string;
  command: string;
  maxSamples: number;
  /** Connect and per-command limit (default REDIS_TIMEOUT_MS). */
  timeoutMs?: number;
}

export async function calibrateRedis(o: RedisCalibration, progress: Progress): Promise<ServingProfile> {
  const url = redact(o.url);
  const redis = await connectRedis(o.url, o.timeoutMs);
  let scan;
  try {
    scan = await scanJobs(redis, o.match, progress);
  } catch (e) {
    throw isUserError(e) ? e : redisError(o.url, e, 'read job records from');
  } finally {
    redis.disconnect();
  }
  const skipped = skippedCount(scan);
  if (skipped > 0) {
    const by = skippedByField(scan);
    progress(`skipped ${skipped} finished image job(s) with a zero or negative timing (${by})`);
  }
  const prediction = Array.from(scan.stages.prediction);
  if (prediction.length === 0) {
    throw new UserError(`no finished kiosk image jobs with prediction_time among ${scan.hashes} hashes matching "${o.match}" at ${url}` +
      (skipped ? ` (${skipped} skipped for a zero or negative timing)` : ''));
  }
  progress(`${prediction.length} finished image jobs with prediction_time (of ${scan.hashes} hashes read)`);
  const samples = [{ batchSize: o.tilesPerImage, tileHeight: o.tileHeight, tileWidth: o.tileWidth, seconds: prediction }];
  const fit = fitLatency(samples, o.tileHeight * o.tileWidth);
  const fitted = Object.fromEntries(
    (Object.entries(scan.stages) as Array<[string, Float64Array]>).filter(([, v]) => v.length > 0).map(([k, v]) => [k, fitSortedStage(v, o.maxSamples)]),
  );
  const postprocess = scan.stages.postprocess.length
    ? {
      imageHeight: KIOSK_IMAGE.height,
      imageWidth: KIOSK_IMAGE.width,
      seconds: fitted.postprocess!.seconds,
      algorithm: "the Kiosk consumer's own post-processing (postprocess_time of its job records)",
      hardware: o.hardware,
      command: redact(o.command),
    }
    : undefined;
  return parseProfile({
    schema: PROFILE_SCHEMA_ID,
    name: o.name,
    description: `Imported from ${prediction.length} finished kiosk image jobs in Redis at ${url} (keys "${o.match}")`,
    model: o.model,
    weights: 'as deployed in the Kiosk',
    provenance: 'imported',
    hardware: { device: o.hardware },
    backend: 'kiosk (tf-serving via consumer)',
    created: today(),
    command: redact(o.command),
    input: { tileHeight: o.tileHeight, tileWidth: o.tileWidth, channels: 1, dtype: 'float32' },
    samples: [{ ...samples[0]!, seconds: fitted.prediction!.seconds }],
    fit,
    residuals: { kind: 'multiplicative-empirical', values: multiplicativeResiduals([{ ...samples[0]!, seconds: fitted.prediction!.seconds }], fit) },
    postprocess,
    stages: fitted,
    notes: [
      `one sample = one image's prediction_time, taken as one batch of ${o.tilesPerImage} tile(s) of ${o.tileHeight}x${o.tileWidth}; ` +
        'it includes queueing and batching inside TF-Serving and, for tiled models, several sequential requests, so the fit has no separate fixed cost (a = 0)',
      'stages holds the empirical distributions (capped by evenly spaced quantiles) and lognormal fits of every timing field found',
      `${scan.hashes} hashes read, ${scan.jobs} finished image jobs used; ${skipped} finished image job(s) skipped for a zero or negative timing` +
        (skipped ? ` (${skippedByField(scan)})` : ''),
    ],
  }, `Redis import from ${url}`);
}
