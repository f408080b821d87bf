/**
 * The live kiosk's model server: a thin TF-Serving stand-in with TF-Serving's batching semantics
 * (batcher.ts) running a small convolutional network in TF.js on real float32 tiles, computed on
 * its own thread (modelWorker.ts) so that the HTTP thread keeps receiving and queueing requests.
 *
 *   GET  /v1/models/NAME            AVAILABLE once the model is loaded and warmed up, else 503
 *   POST /v1/models/NAME:predict    body: float32 little-endian tiles, header x-shape "n,h,w,c";
 *                                   answer: the output tiles, same encoding (503 = UNAVAILABLE)
 *   GET  /v1/models/NAME/stats      every batch run: [size, seconds it held the runner, epoch seconds it
 *                                   started], busy and compute seconds, and every client request that
 *                                   reached it: [epoch seconds the client sent it, epoch seconds it arrived]
 *
 * A request whose client has gone (deadline passed) is still computed: TF-Serving does not cancel
 * (REFERENCE.md "Tiling, batching and the gRPC call"). Binary bodies instead of TF-Serving's JSON
 * keep the HTTP cost small next to the compute, as gRPC's protobuf does for the real kiosk.
 *
 * Run as a child process: node --import tsx sim/live/modelServer.ts '<ModelServerSettings JSON>'.
 */
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LIVE_DIR } from './processes.ts';
import { BatchScheduler, type BatchingSettings, type Task } from './batcher.ts';

/** One batch the runner ran: its size, the seconds it held the runner, and when it started (epoch seconds). */
export type BatchRecord = [size: number, seconds: number, startedAt: number];

export interface ModelServerSettings {
  port: number;
  modelName: string;
  tileSize: number;
  /** Convolution filters per hidden layer: the knob that sets the compute per tile. */
  filters: number;
  batching: BatchingSettings;
  seed: number;
}

interface Pending {
  input: Float32Array;
  res: http.ServerResponse;
  /** performance.now() when the request reached the server. */
  received: number;
}

function parseShape(header: string | string[] | undefined): number[] | null {
  if (typeof header !== 'string') return null;
  const dims = header.split(',').map(Number);
  return dims.length === 4 && dims.every((d) => Number.isInteger(d) && d > 0) ? dims : null;
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    n += (c as Buffer).length;
    if (n > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(res: http.ServerResponse, status: number, body: string | Uint8Array, type = 'application/json', shape?: string, received?: number): void {
  if (res.destroyed || res.writableEnded) return; // the client gave up (deadline): the work was done anyway
  // x-server-seconds: arrival to answer inside the server, so the client can tell its transport cost apart
  // and the wall-clock instants (epoch seconds; one machine, one clock) of the arrival and the answer, so
  // it can also tell the part before the server (connect, send) from the part after (receive, wake-up)
  const now = performance.now();
  const epoch = (t: number) => ((performance.timeOrigin + t) / 1000).toFixed(6);
  const server = received === undefined ? {} : { 'x-server-seconds': ((now - received) / 1000).toFixed(6), 'x-server-received-at': epoch(received), 'x-server-replied-at': epoch(now) };
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...(shape ? { 'x-shape': shape } : {}), ...server });
  res.end(body);
}

/** Marks the server's own warm-up requests: the only ones it serves before it reports AVAILABLE. */
const WARMUP_HEADER = 'x-warmup';

/** Rounds of warm-up requests (each: one request of every size up to the largest batch, all at once). */
const WARMUP_ROUNDS = 5;

/** One round of warm-up requests to the server's own predict route, through HTTP as a client sends them. */
async function warmUpRound(port: number, base: string, tile: number, maxBatch: number): Promise<void> {
  await Promise.all(Array.from({ length: maxBatch }, async (_, k) => {
    const n = k + 1;
    const res = await fetch(`http://127.0.0.1:${port}${base}:predict`, {
      method: 'POST', headers: { 'x-shape': `${n},${tile},${tile},1`, [WARMUP_HEADER]: '1' }, body: new Uint8Array(n * tile * tile * 4),
    });
    await res.arrayBuffer();
  }));
}

export async function serve(s: ModelServerSettings): Promise<http.Server> {
  const tile = s.tileSize;
  const tileValues = tile * tile;
  // a worker does not inherit tsx's loader: register it, then load the TypeScript entry
  const entry = pathToFileURL(path.join(LIVE_DIR, 'modelWorker.ts')).href; // the source, also from dist/
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { tileSize: tile, filters: s.filters, seed: s.seed } });
  worker.on('error', (e) => {
    process.stderr.write(`model server: compute thread failed: ${e.message}\n`);
    process.exit(1);
  });
  const answers = new Map<number, (r: { data: Float32Array; seconds: number }) => void>();
  let nextId = 0;
  let warmed: () => void = () => {};
  worker.on('message', (m: { kind: 'warm' } | { kind: 'done'; id: number; data: Float32Array; seconds: number }) => {
    if (m.kind === 'warm') return warmed();
    answers.get(m.id)?.(m);
    answers.delete(m.id);
  });
  const compute = (data: Float32Array, size: number) => new Promise<{ data: Float32Array; seconds: number }>((resolve) => {
    const id = nextId++;
    answers.set(id, resolve);
    worker.postMessage({ kind: 'run', id, size, data }, [data.buffer as ArrayBuffer]);
  });
  let loaded = false;
  /** Warm-up requests through the whole path are served before the model is reported loaded. */
  let warming = false;
  const batches: BatchRecord[] = [];
  /** Every client request that reached the server: [client's send time, arrival], epoch seconds. */
  const arrivals: Array<[number, number]> = [];
  let busy = 0;
  let computeSeconds = 0;

  const runBatch = async (tasks: Task<Pending>[], size: number): Promise<void> => {
    const started = performance.now();
    const joined = new Float32Array(size * tileValues);
    let at = 0;
    for (const t of tasks) {
      joined.set(t.payload.input, at);
      at += t.payload.input.length;
    }
    const { data: values, seconds } = await compute(joined, size);
    computeSeconds += seconds;
    at = 0;
    for (const t of tasks) {
      const part = values.subarray(at, at + t.size * tileValues);
      at += t.size * tileValues;
      reply(t.payload.res, 200, new Uint8Array(part.buffer, part.byteOffset, part.byteLength), 'application/octet-stream', `${t.size},${tile},${tile},1`, t.payload.received);
    }
    // what the simulator calls a batch's GPU time is how long the batch holds the one runner: the
    // compute plus handing the tensors to the compute thread and back and answering (on a loaded
    // host the thread wake-ups are a good part of it); the compute alone is kept as compute_s
    const held = (performance.now() - started) / 1000;
    // the start instant (epoch seconds, the job hashes' clock) lets the calibration see the gaps
    // between batches: how long slow spells last in time, and what an idle gap does to the next batch
    batches.push([size, held, (performance.timeOrigin + started) / 1000]);
    busy += held;
  };
  const scheduler = new BatchScheduler<Pending>(s.batching, runBatch);
  const base = `/v1/models/${s.modelName}`;
  const bodyLimit = s.batching.maxBatchSize * tileValues * 4 + 1024;

  const server = http.createServer((req, res) => {
    const received = performance.now();
    if (req.method === 'GET' && req.url === base) {
      if (!loaded) return reply(res, 503, JSON.stringify({ error: 'model is loading' }));
      return reply(res, 200, JSON.stringify({ model_version_status: [{ version: '1', state: 'AVAILABLE' }] }));
    }
    if (req.method === 'GET' && req.url === `${base}/stats`) {
      return reply(res, 200, JSON.stringify({ batches, busy_s: busy, compute_s: computeSeconds, arrivals }));
    }
    if (req.method !== 'POST' || req.url !== `${base}:predict`) return reply(res, 404, JSON.stringify({ error: `no route ${req.method} ${req.url}` }));
    readBody(req, bodyLimit).then((body) => {
      // TF-Serving serves a model version only once its warm-up has run (until then a client gets
      // UNAVAILABLE); this server used to compute clients' requests alongside its warm-up rounds, so
      // the restarted server answered ~2.5 s before it reported AVAILABLE (server-restart fault, issue 17)
      if (!loaded && !(warming && req.headers[WARMUP_HEADER] === '1')) return reply(res, 503, JSON.stringify({ error: 'model is loading' }));
      const shape = parseShape(req.headers['x-shape']);
      if (!shape || shape[1] !== tile || shape[2] !== tile || shape[3] !== 1 || body.length !== shape[0]! * tileValues * 4) {
        return reply(res, 400, JSON.stringify({ error: `expected x-shape "n,${tile},${tile},1" matching a float32 body of n x ${tileValues * 4} bytes` }));
      }
      const input = new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length));
      const sentAt = Number(req.headers['x-client-sent-at']);
      if (loaded && Number.isFinite(sentAt)) arrivals.push([sentAt, (performance.timeOrigin + received) / 1000]);
      const refused = scheduler.submit({ size: shape[0]!, payload: { input, res, received } });
      if (refused === 'too-large') reply(res, 400, JSON.stringify({ error: `Task size ${shape[0]} is larger than maximum input batch size ${s.batching.maxBatchSize}` }));
      else if (refused) reply(res, 503, JSON.stringify({ error: 'the batch queue is full' }));
    }, (e: Error) => reply(res, 413, JSON.stringify({ error: e.message })));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(s.port, '127.0.0.1', () => resolve());
  });
  await new Promise<void>((resolve) => { warmed = resolve; worker.postMessage({ kind: 'warmup', maxBatch: s.batching.maxBatchSize }); });
  // TF-Serving can replay recorded requests through the whole server at load (the SavedModel's
  // assets.extra/tf_serving_warmup_requests) so the first real calls do not pay for cold paths.
  // Here the cold paths are V8's: the compute thread's kernels were built above, but the request
  // parsing, batching, copying and answering code runs unoptimised for its first calls, and the
  // run's first batches held the runner 2-4x their usual time (live batch log, issue 17).
  warming = true;
  for (let round = 0; round < WARMUP_ROUNDS; round++) await warmUpRound(s.port, base, tile, s.batching.maxBatchSize);
  warming = false;
  batches.length = 0;
  busy = 0;
  computeSeconds = 0;
  loaded = true;
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const settings = JSON.parse(process.argv[2] ?? '{}') as ModelServerSettings;
  serve(settings).catch((e: Error) => {
    process.stderr.write(`model server: ${e.message}\n`);
    process.exit(1);
  });
}
