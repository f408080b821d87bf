/**
 * A small server speaking TF-Serving's REST predict API, backed by a TF.js model: for testing
 * `calibrate serving` and for trying it without a real TF-Serving.
 *
 *   POST /v1/models/NAME:predict  {"instances": [tile, ...]}  ->  {"predictions": [{output: value}, ...]}
 *   GET  /v1/models/NAME          -> model version status
 *
 * Run: npx tsx calibrate/serving/server.ts --model panoptic --port 8501 [--backend tfjs-wasm] [--max-body-mb MB]
 *      [--max-batch-pixels N] [--read-timeout S] [--cache-limit N] [--channels C]
 *
 * Limits (each a flag): the body is capped (413) at what the largest valid request can take, derived
 * below; it must arrive within the read timeout (408); a request is read before it joins the one-at-a-time
 * predict queue; models are kept for a few tile shapes (LRU); SIGTERM/SIGINT exit promptly.
 */
import * as tf from '@tensorflow/tfjs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Predictor } from '../models/load.ts';
import { readBody } from './requestBody.ts';
import { SHAPE_CACHE_LIMIT, ShapeCache } from './shapeCache.ts';

/**
 * Largest valid request, in pixels over the whole batch: 64 tiles of 256x256, the largest batch
 * `calibrate serving` sweeps by default of the Kiosk's 2020 tile (sim/model/REFERENCE.md); it also admits three
 * whole 1280x1080 images (the 2019 kiosk's one-image requests).
 */
export const MAX_BATCH_PIXELS = 64 * 256 * 256;

/**
 * JSON bytes per value, worst case for a float32 written in shortest round-trip form: sign, 9 significant
 * digits with the point, a 4-character exponent and the separator ("-1.23456789e-10," = 16 bytes).
 * A pixel adds its channel list's brackets and separator (3 bytes).
 */
const JSON_BYTES_PER_VALUE = 16;
const JSON_BYTES_PER_PIXEL = 3;
const JSON_ENVELOPE_BYTES = 64 * 1024;

/** The body cap derived from the largest valid request (about 80 MB for one channel). */
export function maxBodyBytes(maxBatchPixels: number, channels: number): number {
  return maxBatchPixels * (channels * JSON_BYTES_PER_VALUE + JSON_BYTES_PER_PIXEL) + JSON_ENVELOPE_BYTES;
}

/** A client that has not sent its whole body by the Kiosk consumer's own gRPC deadline (20 s) has given up on it. */
export const READ_TIMEOUT_MS = 20_000;

export interface PredictServer {
  url: string;
  /** Stops accepting, answers queued requests 503, waits for the running predict, frees the models. */
  close(): Promise<void>;
}

export interface PredictServerOptions {
  modelName: string;
  /** The model for a tile size (the built-in architectures are built per input size). */
  predictorFor: (tileHeight: number, tileWidth: number) => Predictor;
  port?: number;
  host?: string;
  /** Channels per pixel of valid requests (for the body cap); default 1. */
  channels?: number;
  /** Largest batch x tile pixels accepted (413 beyond); default MAX_BATCH_PIXELS. */
  maxBatchPixels?: number;
  /** Body cap in bytes; default maxBodyBytes(maxBatchPixels, channels). */
  maxBodyBytes?: number;
  /** Time allowed to receive a body (408 beyond); default READ_TIMEOUT_MS. */
  readTimeoutMs?: number;
  /** Models kept, one per tile shape; default SHAPE_CACHE_LIMIT. */
  shapeCacheLimit?: number;
}

class RequestError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Batch size and tile height x width of a row-format instances array, checked before any tensor exists. */
function instancesShape(body: unknown, maxBatchPixels: number): { batch: number; height: number; width: number } {
  const instances = (body as { instances?: unknown } | null)?.instances;
  if (!Array.isArray(instances) || instances.length === 0) throw new RequestError(400, 'body must have a non-empty "instances" array');
  const first: unknown = instances[0];
  const height = Array.isArray(first) ? first.length : 0;
  const row: unknown = height ? (first as unknown[])[0] : undefined;
  const width = Array.isArray(row) ? row.length : 0;
  if (!height || !width) throw new RequestError(400, 'instances must be height x width x channels tiles');
  if (instances.length * height * width > maxBatchPixels) {
    throw new RequestError(413, `${instances.length} tiles of ${height}x${width} exceed this server's limit of ${maxBatchPixels} pixels per request (--max-batch-pixels)`);
  }
  return { batch: instances.length, height, width };
}

/** Runs one predict request body; returns TF-Serving's row-format response. Every tensor it makes is freed, also on failure. */
export async function predictInstances(body: unknown, predictorFor: PredictServerOptions['predictorFor'], maxBatchPixels = MAX_BATCH_PIXELS): Promise<unknown> {
  instancesShape(body, maxBatchPixels);
  const instances = (body as { instances: number[][][][] }).instances;
  let input: tf.Tensor;
  try {
    input = tf.tensor(instances);
  } catch (e) {
    throw new RequestError(400, `instances are not a regular numeric array: ${(e as Error).message}`);
  }
  let outputs: tf.Tensor[] = [];
  try {
    if (input.rank !== 4) throw new RequestError(400, `instances must be height x width x channels tiles, got rank ${input.rank - 1}`);
    const [, h, w] = input.shape as [number, number, number, number];
    const predictor = predictorFor(h, w);
    outputs = predictor.predict(input as tf.Tensor4D);
    const arrays = await Promise.all(outputs.map((o) => o.array() as Promise<unknown[]>));
    const predictions = instances.map((_, i) =>
      Object.fromEntries(predictor.outputNames.map((name, k) => [name, arrays[k]![i]])));
    return { predictions };
  } finally {
    tf.dispose([input, ...outputs]);
  }
}

/** One predict at a time, like a TF-Serving model with batching off: the TF.js backend is single-threaded. */
class PredictQueue {
  private readonly waiting: Array<{ run: () => Promise<void>; drop: () => void }> = [];
  private running: Promise<void> | null = null;
  private closed = false;

  push(run: () => Promise<void>, drop: () => void): void {
    if (this.closed) { drop(); return; }
    this.waiting.push({ run, drop });
    if (!this.running) this.running = this.drain();
  }

  private async drain(): Promise<void> {
    for (let job = this.waiting.shift(); job; job = this.waiting.shift()) await job.run();
    this.running = null;
  }

  /** Drops everything queued and resolves when the predict in progress (if any) is done. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.splice(0).forEach((j) => j.drop());
    await this.running;
  }
}

export async function startPredictServer(o: PredictServerOptions): Promise<PredictServer> {
  const maxBatchPixels = o.maxBatchPixels ?? MAX_BATCH_PIXELS;
  const limits = { maxBytes: o.maxBodyBytes ?? maxBodyBytes(maxBatchPixels, o.channels ?? 1), timeoutMs: o.readTimeoutMs ?? READ_TIMEOUT_MS };
  const cache = new ShapeCache(o.predictorFor, o.shapeCacheLimit ?? SHAPE_CACHE_LIMIT);
  const queue = new PredictQueue();
  const base = `/v1/models/${o.modelName}`;
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === base) {
      send(res, 200, { model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] });
      return;
    }
    if (req.method !== 'POST' || req.url !== `${base}:predict`) {
      send(res, 404, { error: `Servable not found for request: ${req.method} ${req.url}` });
      return;
    }
    // The body is read here, outside the queue: a slow client holds its own socket, not every other predict.
    void readBody(req, limits).then((body) => {
      if (!body.ok) {
        send(res, body.status, { error: body.message });
        if (body.status === 408) res.once('finish', () => req.destroy());
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch (e) {
        send(res, 400, { error: `body is not JSON: ${(e as Error).message}` });
        return;
      }
      queue.push(async () => {
        if (res.destroyed) return; // the client left while queued
        try {
          send(res, 200, await predictInstances(parsed, (h, w) => cache.get(h, w), maxBatchPixels));
        } catch (e) {
          send(res, e instanceof RequestError ? e.status : 400, { error: (e as Error).message });
        }
      }, () => send(res, 503, { error: 'server shutting down' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
      server.closeAllConnections();
      await closed;
      cache.dispose();
    },
  };
}

/** After SIGTERM/SIGINT, the running predict gets this long to finish before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 2000;

/** Exit promptly on SIGTERM/SIGINT: stop accepting, answer queued requests 503, free the models. */
export function exitOnSignals(server: PredictServer, log: (line: string) => void): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(0); // a second signal: do not wait any more
    stopping = true;
    log(`${signal}: shutting down`);
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    server.close().then(() => process.exit(0), () => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  const positive = (name: string, fallback: number) => {
    const v = Number(arg(name, String(fallback)));
    if (!(v > 0) || !Number.isFinite(v)) throw new Error(`--${name} expects a number > 0, got ${arg(name, '')}`);
    return v;
  };
  const { useBackend, isBackendName } = await import('../backends/index.ts');
  const { MODEL_BUILDERS, isModelName } = await import('../models/index.ts');
  const { layersPredictor, loadModelDir } = await import('../models/load.ts');
  const backend = arg('backend', 'tfjs-wasm');
  const model = arg('model', 'panoptic');
  const modelDir = arg('model-dir', '');
  if (!isBackendName(backend)) throw new Error(`unknown backend ${backend}`);
  if (!modelDir && !isModelName(model)) throw new Error(`unknown model ${model} (featurenet | panoptic, or --model-dir DIR)`);
  const maxBatchPixels = Math.floor(positive('max-batch-pixels', MAX_BATCH_PIXELS));
  const readTimeoutMs = positive('read-timeout', READ_TIMEOUT_MS / 1000) * 1000;
  const shapeCacheLimit = Math.floor(positive('cache-limit', SHAPE_CACHE_LIMIT));
  await useBackend(backend);
  const loaded = modelDir ? await loadModelDir(modelDir) : null;
  const channels = Math.floor(positive('channels', loaded?.inputShape[2] ?? 1));
  const maxBody = positive('max-body-mb', maxBodyBytes(maxBatchPixels, channels) / 1e6) * 1e6;
  const name = arg('name', modelDir ? 'model' : model);
  const server = await startPredictServer({
    modelName: name,
    port: Number(arg('port', '8501')),
    host: arg('host', '127.0.0.1'),
    channels, maxBatchPixels, maxBodyBytes: maxBody, readTimeoutMs, shapeCacheLimit,
    predictorFor: loaded ? () => loaded : (h, w) => layersPredictor(MODEL_BUILDERS[model as 'panoptic'](h, w)),
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  exitOnSignals(server, log);
  log(`TF-Serving REST API on ${server.url}/v1/models/${name}:predict ` +
    `(body cap ${(maxBody / 1e6).toFixed(1)} MB, ${maxBatchPixels} pixels per request, read timeout ${readTimeoutMs / 1000} s, ${shapeCacheLimit} tile shapes cached)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
