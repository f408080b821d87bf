/**
 * `kiosk-sim calibrate model|serving|redis`: measure inference and write a serving profile
 * (calibrate/profiles/<device>/<model>/<name>.json). Progress goes to stderr; stdout gets the
 * profile's path (or the profile itself when --out is not given).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { ServingProfile } from '../model/serving/profile.ts';
import { UserError } from './errors.ts';
import { redact } from '../../calibrate/redact.ts';
import { REDIS_TIMEOUT_S, SERVING_TIMEOUT_S } from '../../calibrate/timeouts.ts';

const progress = (line: string) => process.stderr.write(`${line}\n`);

/** "1,2,4" -> [1, 2, 4]; positive integers only. */
export function parseIntList(text: string, what: string): number[] {
  const values = String(text).split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v <= 0)) {
    throw new UserError(`--${what} expects comma-separated positive integers, got "${text}"`);
  }
  return values;
}

/** "256" -> 256x256, "1080x1280" -> height 1080 x width 1280; comma-separated. */
export function parseTiles(text: string): Array<[number, number]> {
  return String(text).split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(\d+)(?:x(\d+))?$/.exec(s);
    if (!m || Number(m[1]) <= 0) throw new UserError(`--tile expects sizes like 256 or 1080x1280 (height x width), got "${s}"`);
    return [Number(m[1]), Number(m[2] ?? m[1])] as [number, number];
  });
}

interface SweepArgs { tile: string; batch: string; repeats: number; warmup: number; 'postprocess-images': number; seed: number; out?: string; name?: string }

const sweepOptions = (y: Argv) =>
  y
    .option('tile', { type: 'string', default: '256', describe: 'tile sizes, comma-separated: 256 or HxW (1080x1280)' })
    .option('batch', { type: 'string', default: '1,2,4,8,16,32,64', describe: 'batch sizes, comma-separated' })
    .option('repeats', { type: 'number', default: 5, describe: 'timed batches per (tile, batch) point' })
    .option('warmup', { type: 'number', default: 1, describe: 'untimed batches before each point' })
    .option('postprocess-images', { type: 'number', default: 20, describe: 'time the deep watershed on this many synthetic 1280x1080 images (0: skip)' })
    .option('seed', { type: 'number', default: 1, describe: 'seed of the synthetic post-processing images' })
    .option('name', { type: 'string', describe: 'profile name (default: from --out)' })
    .option('out', { type: 'string', describe: 'write the profile here (calibrate/profiles/<device>/<model>/<name>.json)' });

function sweepPlan(a: SweepArgs) {
  if (!(a.repeats >= 1) || !(a.warmup >= 0)) throw new UserError('--repeats must be >= 1 and --warmup >= 0');
  return { tiles: parseTiles(a.tile), batchSizes: parseIntList(a.batch, 'batch'), repeats: a.repeats, warmup: a.warmup };
}

const profileName = (a: { out?: string; name?: string }, fallback: string) =>
  a.name ?? (a.out ? path.basename(a.out, path.extname(a.out)) : fallback);

/** Quotes a word for a POSIX shell when it holds anything beyond plain characters. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The exact command, rebuilt from the parsed options so that it reproduces the profile (passwords masked). */
function commandLine(sub: string, a: Record<string, unknown>, keys: string[]): string {
  const parts = ['kiosk-sim', 'calibrate', sub];
  for (const k of keys) if (a[k] !== undefined && a[k] !== '') parts.push(`--${k}`, shellQuote(redact(String(a[k]))));
  return parts.join(' ');
}

function timeoutSeconds(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new UserError(`--timeout expects seconds > 0, got ${value}`);
  return value;
}

async function emit(profile: ServingProfile, out: string | undefined): Promise<void> {
  const { profileToJson } = await import('../../calibrate/profileBuilder.ts');
  const text = profileToJson(profile);
  if (!out) { process.stdout.write(text); return; }
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, text);
  process.stdout.write(`${out}\n`);
}

async function summarize(profile: ServingProfile) {
  const { median, quantile } = await import('../../calibrate/fit.ts');
  const { kioskThroughput } = await import('../../calibrate/throughput.ts');
  const f = profile.fit;
  progress(`fit: t = ${f.a.toFixed(5)} s + ${f.b.toFixed(5)} s x batch x pixels/${f.tilePixels}; RMSE ${f.rmseSeconds.toFixed(5)} s, max relative error ${(100 * f.maxRelativeError).toFixed(1)}%`);
  const t = kioskThroughput(profile);
  progress(`implied for 1280x1080 kiosk images: ${t.imagesPerSecond.toFixed(4)} images/s, ${t.megapixelsPerSecond.toFixed(4)} Mpx/s`);
  if (profile.postprocess) {
    const s = profile.postprocess.seconds;
    progress(`post-processing per 1280x1080 image: median ${median(s).toFixed(3)} s, p10 ${quantile(s, 0.1).toFixed(3)}, p90 ${quantile(s, 0.9).toFixed(3)}`);
  }
}

type ModelArgs = SweepArgs & { model: string; backend: string; clock: string; 'model-dir'?: string; description?: string };
type ServingArgs = SweepArgs & { url: string; model: string; arch: string; channels: number; hardware?: string; timeout: number };
type RedisArgs = { url: string; match: string; model: string; 'tiles-per-image'?: number; tile?: string; hardware?: string; 'max-samples': number; timeout: number; out?: string; name?: string };

const modelSub: CommandModule<object, ModelArgs> = {
  command: 'model',
  describe: 'Time a TF.js model (featurenet | panoptic, or your own) on this machine and write a profile',
  builder: (y: Argv) =>
    sweepOptions(y)
      .option('model', { type: 'string', default: 'panoptic', choices: ['featurenet', 'panoptic'], describe: 'architecture (with --model-dir: what your model is)' })
      .option('model-dir', { type: 'string', describe: 'a TF.js model directory (model.json + weights) to time instead of random weights' })
      .option('backend', { type: 'string', default: 'tfjs-wasm', choices: ['tfjs-wasm', 'tfjs-cpu', 'tfjs-node', 'tfjs-node-gpu'] })
      .option('clock', { type: 'string', default: 'wall', choices: ['wall', 'cpu'], describe: 'wall time, or CPU time of this process (single-threaded backends on a shared machine)' })
      .option('description', { type: 'string' }) as unknown as Argv<ModelArgs>,
  handler: async (a) => {
    const { calibrateModel } = await import('../../calibrate/run.ts');
    const command = commandLine('model', a, ['model', 'model-dir', 'backend', 'clock', 'tile', 'batch', 'repeats', 'warmup', 'postprocess-images', 'seed', 'out']);
    const profile = await calibrateModel({
      model: a.model as 'panoptic', modelDir: a['model-dir'], backend: a.backend as 'tfjs-wasm', clock: a.clock as 'wall', plan: sweepPlan(a),
      postprocess: { images: a['postprocess-images'], seed: a.seed, clock: a.clock as 'wall' }, name: profileName(a, `${a.model}-${a.backend}`),
      description: a.description, command,
    }, progress);
    await summarize(profile);
    await emit(profile, a.out);
  },
};

const servingSub: CommandModule<object, ServingArgs> = {
  command: 'serving',
  describe: 'Time a live TF-Serving REST predict endpoint (POST /v1/models/NAME:predict) and write a profile',
  builder: (y: Argv) =>
    sweepOptions(y)
      .option('url', { type: 'string', demandOption: true, describe: 'TF-Serving REST base URL, e.g. http://localhost:8501' })
      .option('model', { type: 'string', demandOption: true, describe: 'servable name, as in /v1/models/NAME' })
      .option('arch', { type: 'string', default: 'panoptic', choices: ['featurenet', 'panoptic'], describe: 'which kiosk architecture the servable is' })
      .option('channels', { type: 'number', default: 1 })
      .option('hardware', { type: 'string', describe: 'what the server runs on (e.g. "V100"), recorded in the profile' })
      .option('timeout', { type: 'number', default: SERVING_TIMEOUT_S, describe: 'seconds allowed per request, the whole reply included (default: the Kiosk\'s gRPC deadline)' }) as unknown as Argv<ServingArgs>,
  handler: async (a) => {
    const { calibrateServing } = await import('../../calibrate/run.ts');
    const command = commandLine('serving', a, ['url', 'model', 'arch', 'channels', 'hardware', 'timeout', 'tile', 'batch', 'repeats', 'warmup', 'postprocess-images', 'seed', 'out']);
    const profile = await calibrateServing({
      url: a.url, servable: a.model, model: a.arch as 'panoptic', channels: a.channels,
      hardware: a.hardware ?? `unknown (TF-Serving at ${redact(a.url)})`, plan: sweepPlan(a), timeoutS: timeoutSeconds(a.timeout),
      postprocess: { images: a['postprocess-images'], seed: a.seed }, name: profileName(a, `serving-${a.model}`), command,
    }, progress);
    await summarize(profile);
    await emit(profile, a.out);
  },
};

const redisSub: CommandModule<object, RedisArgs> = {
  command: 'redis',
  describe: "Fit stage-time distributions from a Kiosk's Redis job records and write a profile",
  builder: (y: Argv) =>
    y
      .option('url', { type: 'string', demandOption: true, describe: 'redis://host:port of the Kiosk' })
      .option('match', { type: 'string', default: '*', describe: 'key pattern of the image job hashes (e.g. "segmentation:*")' })
      .option('model', { type: 'string', default: 'panoptic', choices: ['featurenet', 'panoptic'], describe: 'kiosk era of the jobs' })
      .option('tiles-per-image', { type: 'number', describe: 'tiles one prediction_time covers (default: 42 for panoptic, 1 for featurenet)' })
      .option('tile', { type: 'string', describe: 'tile size (default: 256 for panoptic, 1080x1280 for featurenet)' })
      .option('hardware', { type: 'string', describe: 'the Kiosk\'s GPU, recorded in the profile' })
      .option('max-samples', { type: 'number', default: 10000, describe: 'keep at most this many samples per stage (evenly spaced quantiles)' })
      .option('timeout', { type: 'number', default: REDIS_TIMEOUT_S, describe: 'seconds allowed to connect and for each Redis command' })
      .option('name', { type: 'string' })
      .option('out', { type: 'string' }) as unknown as Argv<RedisArgs>,
  handler: async (a) => {
    const { calibrateRedis } = await import('../../calibrate/run.ts');
    if (!Number.isInteger(a['max-samples']) || a['max-samples'] < 2) throw new UserError(`--max-samples expects an integer >= 2, got ${a['max-samples']}`);
    const panoptic = a.model === 'panoptic';
    // sim/model/REFERENCE.md: 1280x1080 -> 42 tiles of 256x256 (2020); the whole image in one request (2019).
    const [tileHeight, tileWidth] = parseTiles(a.tile ?? (panoptic ? '256' : '1080x1280'))[0]!;
    const command = commandLine('redis', a, ['url', 'match', 'model', 'tiles-per-image', 'tile', 'hardware', 'max-samples', 'out']);
    const profile = await calibrateRedis({
      url: a.url, match: a.match, model: a.model as 'panoptic', tilesPerImage: a['tiles-per-image'] ?? (panoptic ? 42 : 1),
      tileHeight, tileWidth, hardware: a.hardware ?? 'unknown (Kiosk GPU)', name: profileName(a, 'kiosk-redis'),
      command, maxSamples: a['max-samples'], timeoutMs: timeoutSeconds(a.timeout) * 1000,
    }, progress);
    await summarize(profile);
    await emit(profile, a.out);
  },
};

export const calibrateCommand: CommandModule = {
  command: 'calibrate',
  describe: 'Measure inference (model | serving | redis) and write a serving profile',
  builder: (y: Argv) =>
    y
      .command(modelSub as unknown as CommandModule)
      .command(servingSub as unknown as CommandModule)
      .command(redisSub as unknown as CommandModule)
      .demandCommand(1, 'choose one of: model, serving, redis'),
  handler: () => {},
};
