/**
 * A small server speaking TF-Serving's REST predict API, backed by a TF.js model: for testing
 * `calibrate serving` and for trying it without a real TF-Serving.
 *
 *   POST /v1/models/NAME:predict  {"instances": [tile, ...]}  ->  {"predictions": [{output: value}, ...]}
 *   GET  /v1/models/NAME          -> model version status
 *
 * Run: npx tsx calibrate/serving/server.ts --model panoptic --port 8501 [--backend tfjs-wasm]
 */
import * as tf from '@tensorflow/tfjs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Predictor } from '../models/load.ts';

export interface PredictServer {
  url: string;
  close(): Promise<void>;
}

export interface PredictServerOptions {
  modelName: string;
  /** The model for a tile size (the built-in architectures are built per input size). */
  predictorFor: (tileHeight: number, tileWidth: number) => Predictor;
  port?: number;
  host?: string;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one predict request body; returns TF-Serving's row-format response. */
export async function predictInstances(body: unknown, predictorFor: PredictServerOptions['predictorFor']): Promise<unknown> {
  const instances = (body as { instances?: unknown }).instances;
  if (!Array.isArray(instances) || instances.length === 0) throw new Error('body must have a non-empty "instances" array');
  const input = tf.tensor(instances as number[][][][]);
  if (input.rank !== 4) {
    input.dispose();
    throw new Error(`instances must be height x width x channels tiles, got rank ${input.rank - 1}`);
  }
  const [, h, w] = input.shape as [number, number, number, number];
  const predictor = predictorFor(h, w);
  const outputs = predictor.predict(input as tf.Tensor4D);
  try {
    const arrays = await Promise.all(outputs.map((o) => o.array() as Promise<unknown[]>));
    const predictions = instances.map((_, i) =>
      Object.fromEntries(predictor.outputNames.map((name, k) => [name, arrays[k]![i]])));
    return { predictions };
  } finally {
    tf.dispose([input, ...outputs]);
  }
}

export async function startPredictServer(o: PredictServerOptions): Promise<PredictServer> {
  const cache = new Map<string, Predictor>();
  const predictorFor = (h: number, w: number) => {
    const key = `${h}x${w}`;
    if (!cache.has(key)) cache.set(key, o.predictorFor(h, w));
    return cache.get(key)!;
  };
  const base = `/v1/models/${o.modelName}`;
  // One request at a time, like a TF-Serving model with batching off: the TF.js backend is single-threaded.
  let queue: Promise<unknown> = Promise.resolve();
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === base) {
      send(res, 200, { model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] });
      return;
    }
    if (req.method !== 'POST' || req.url !== `${base}:predict`) {
      send(res, 404, { error: `Servable not found for request: ${req.method} ${req.url}` });
      return;
    }
    queue = queue.then(async () => {
      try {
        send(res, 200, await predictInstances(JSON.parse(await readBody(req)), predictorFor));
      } catch (e) {
        send(res, 400, { error: (e as Error).message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      cache.forEach((p) => p.dispose());
    }),
  };
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  const { useBackend, isBackendName } = await import('../backends/index.ts');
  const { MODEL_BUILDERS, isModelName } = await import('../models/index.ts');
  const { layersPredictor, loadModelDir } = await import('../models/load.ts');
  const backend = arg('backend', 'tfjs-wasm');
  const model = arg('model', 'panoptic');
  const modelDir = arg('model-dir', '');
  if (!isBackendName(backend)) throw new Error(`unknown backend ${backend}`);
  if (!modelDir && !isModelName(model)) throw new Error(`unknown model ${model} (featurenet | panoptic, or --model-dir DIR)`);
  await useBackend(backend);
  const loaded = modelDir ? await loadModelDir(modelDir) : null;
  const server = await startPredictServer({
    modelName: arg('name', modelDir ? 'model' : model),
    port: Number(arg('port', '8501')),
    host: arg('host', '127.0.0.1'),
    predictorFor: loaded ? () => loaded : (h, w) => layersPredictor(MODEL_BUILDERS[model as 'panoptic'](h, w)),
  });
  process.stderr.write(`TF-Serving REST API on ${server.url}/v1/models/${arg('name', modelDir ? 'model' : model)}:predict\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
