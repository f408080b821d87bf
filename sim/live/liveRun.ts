/**
 * One live replication: build the scaled-down kiosk for real, run the workload through it, read
 * the job hashes back, take everything down. Every wait has a time limit and a crashed process
 * ends the run with its name and stderr; the temp dir (bucket, model-server files) is removed and
 * every child killed whatever happens.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Bucket, packBundle } from './bucket.ts';
import { runClient, type ClientResult } from './client.ts';
import { syntheticImage } from './imaging.ts';
import { Janitor } from './janitor.ts';
import type { BatchRecord, ModelServerSettings } from './modelServer.ts';
import { freePort, removeOnExit, Supervisor, waitFor } from './processes.ts';
import { nowSeconds, processingList, REDIS_RECONNECT_S, runQueues, stamp, startKey, type ProcessSettings, type Queues } from './protocol.ts';
import { readRunRecords, type LiveRecords } from './records.ts';
import { startLiveRedis, type LiveRedis } from './redisServer.ts';
import type { LiveSettings } from './settings.ts';

export type FaultKind = 'consumer-kill' | 'server-restart' | 'redis-restart';
export const FAULT_KINDS: readonly FaultKind[] = ['consumer-kill', 'server-restart', 'redis-restart'];

export interface LiveRunOptions {
  settings: LiveSettings;
  /** Image queue name from the scenario; the run tags it. */
  imageQueue: string;
  /** A Redis to use; absent: a private redis-server with AOF is started (needed for redis-restart). */
  redisUrl?: string;
  fault?: FaultKind;
  /** Convolution filters of the live model (compute per tile). */
  filters: number;
  seed: number;
  log?: (line: string) => void;
}

export interface FaultReport {
  kind: FaultKind;
  /** Seconds after t0. */
  at: number;
  /** How long the part was out (server: kill to model loaded again; Redis: kill to serving again); 0 for a consumer kill. */
  duration: number;
  detail: string;
}

export interface LiveRunResult {
  tag: string;
  queues: Queues;
  client: ClientResult;
  records: LiveRecords;
  /** The model server's log: its batches, busy seconds, and every client request's [send, arrival] (epoch seconds; absent before it was logged). */
  server: { batches: BatchRecord[]; busy_s: number; arrivals?: Array<[number, number]> };
  /** Median Redis round trip seen from the harness (seconds). */
  redisRoundTrip: number;
  /** Every consumer's empty-queue sleeps: how much longer than asked each took (seconds), as the consumers reported them. */
  pollPeriods: number[];
  janitorRequeued: number;
  faults: FaultReport[];
  wallSeconds: number;
}

async function pingSeconds(redis: Redis, n = 30): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = performance.now();
    await redis.ping();
    t.push((performance.now() - a) / 1000);
  }
  t.sort((x, y) => x - y);
  return t[Math.floor(n / 2)]!;
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) return null;
  return res.json();
}

export async function runLive(o: LiveRunOptions): Promise<LiveRunResult> {
  const s = o.settings;
  const log = o.log ?? (() => {});
  const started = performance.now();
  const tag = randomBytes(4).toString('hex');
  const queues = runQueues(o.imageQueue, tag);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kiosk-live-'));
  const forget = removeOnExit(tmp);
  const bucket = new Bucket(path.join(tmp, 'bucket'));
  const sup = new Supervisor();
  let redis: Redis | null = null;
  let janitor: Janitor | null = null;
  let timer: NodeJS.Timeout | null = null;
  try {
    let liveRedis: LiveRedis | null = null;
    if (o.fault === 'redis-restart' && o.redisUrl) throw new Error('the redis-restart fault needs the harness\'s own redis-server: leave out --redis');
    if (!o.redisUrl) liveRedis = await startLiveRedis(sup, tmp);
    const redisUrl = o.redisUrl ?? liveRedis!.url;
    redis = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: () => REDIS_RECONNECT_S * 1000 });
    redis.on('error', () => {}); // a Redis restart (fault): ioredis reconnects
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`live run did not finish within time_limit (${s.timeLimit} s)`)), s.timeLimit * 1000);
    });
    const abort = Promise.race([sup.crashed, limit]);
    abort.catch(() => {});

    // the workload: zips of synthetic images, in the bucket before t0 (the benchmark skips the upload)
    const zipFiles: string[] = [];
    for (let z = 0, i = 0; i < s.images; z++) {
      const entries = [];
      for (let k = 0; k < s.imagesPerZip && i < s.images; k++, i++) entries.push({ name: `img${String(i).padStart(5, '0')}.raw`, bytes: syntheticImage(s.width, s.height, o.seed * 100_003 + i) });
      const file = `uploads/zip${String(z).padStart(4, '0')}.zip`;
      await bucket.put(file, await packBundle(entries));
      zipFiles.push(file);
    }

    // the model server
    const port = await freePort();
    const modelName = 'live';
    const serverSettings: ModelServerSettings = { port, modelName, tileSize: s.tileSize, filters: o.filters, batching: s.batching, seed: o.seed };
    const startServer = () => sup.start('model-server', { ts: 'modelServer.ts', args: [JSON.stringify(serverSettings)] });
    const servingUrl = `http://127.0.0.1:${port}`;
    const serverReady = () => waitFor('the model server to load its model', () => getJson(`${servingUrl}/v1/models/${modelName}`), 90, abort, 100);
    startServer();
    await serverReady();
    log(`model server up on ${servingUrl}`);

    // the consumers, each its own process
    const base: Omit<ProcessSettings, 'pod'> = {
      redisUrl, queues, bucketDir: bucket.dir, emptyQueueSleep: s.emptyQueueSleep, putBackSleep: s.putBackSleep,
      serving: { url: servingUrl, modelName, ...s.grpc },
      image: { width: s.width, height: s.height, tileSize: s.tileSize, stride: s.stride, tilesPerRequest: s.tilesPerRequest },
    };
    const ready = new Set<string>();
    const pollPeriods: number[] = [];
    const startPod = (script: string, pod: string) =>
      sup.start(pod, { ts: script, args: [JSON.stringify({ ...base, pod })] }, (line) => {
        if (line === 'ready') ready.add(pod);
        else if (line.startsWith('poll ')) pollPeriods.push(Number(line.slice(5)));
      });
    const imagePods = Array.from({ length: s.imageConsumers }, (_, k) => `image-consumer-${k}`);
    const zipPods = Array.from({ length: s.zipConsumers }, (_, k) => `zip-consumer-${k}`);
    for (const p of imagePods) startPod('imageConsumer.ts', p);
    for (const p of zipPods) startPod('zipConsumer.ts', p);
    await waitFor('every consumer to poll its queue', async () => ready.size === imagePods.length + zipPods.length, 90, abort, 50);
    log(`${imagePods.length} image and ${zipPods.length} zip consumers polling`);
    const redisRoundTrip = await pingSeconds(redis);

    janitor = new Janitor(redis, [queues.image, queues.zip], s.janitor, (pod) => sup.isRunning(pod), (e) => log(`janitor: ${e.message}`));
    janitor.start();

    const faults: FaultReport[] = [];
    // the pods start polling as soon as zip 0 is in its queue: in the simulator the client's push at
    // t = 0 comes before the pods' first poll at t = 0 (a pod that polled first would sleep a whole
    // empty-queue timeout, which the simulated one never does)
    const clientRun = runClient(redis, bucket, queues, zipFiles, s.startDelay, () => redis!.set(startKey(queues), stamp(nowSeconds())));
    let t0 = 0;
    const faultRun = o.fault ? injectFault(o.fault) : Promise.resolve();
    async function injectFault(kind: FaultKind): Promise<void> {
      const r = redis!;
      t0 = (performance.timeOrigin + performance.now()) / 1000;
      if (kind === 'consumer-kill') {
        // SIGKILL the first image consumer found mid-prediction; a new pod (new name) replaces it
        const victim = await waitFor('an image consumer mid-job', async () => {
          for (const pod of imagePods) {
            const [key] = await r.lrange(processingList(queues.image, pod), 0, 0);
            if (key && (await r.hget(key, 'status')) === 'predicting') return { pod, key };
          }
          return null;
        }, s.timeLimit, abort, 10);
        await sup.kill(victim.pod, 'SIGKILL');
        faults.push({ kind, at: (performance.timeOrigin + performance.now()) / 1000 - t0, duration: 0, detail: `SIGKILL ${victim.pod} holding ${victim.key}` });
        const replacement = `${victim.pod}-r`;
        imagePods[imagePods.indexOf(victim.pod)] = replacement;
        startPod('imageConsumer.ts', replacement);
      } else if (kind === 'server-restart') {
        await waitFor('the model server to be busy', async () => (await r.llen(queues.image)) > 0, s.timeLimit, abort, 20);
        await sup.kill('model-server', 'SIGKILL');
        const down = performance.now();
        const report: FaultReport = { kind, at: (performance.timeOrigin + down) / 1000 - t0, duration: 0, detail: 'SIGKILL model-server, restarted at once' };
        faults.push(report);
        startServer();
        await serverReady();
        report.duration = (performance.now() - down) / 1000;
      } else {
        await waitFor('images in flight', async () => (await r.llen(queues.image)) > 0, s.timeLimit, abort, 20);
        const down = performance.now();
        const report: FaultReport = { kind, at: (performance.timeOrigin + down) / 1000 - t0, duration: 0, detail: 'SIGKILL redis-server (AOF, appendfsync always), restarted after 1 s' };
        faults.push(report);
        await liveRedis!.restart(1);
        report.duration = (performance.now() - down) / 1000;
      }
    }
    const [client] = await Promise.race([Promise.all([clientRun, faultRun]), abort]);
    log(`all ${zipFiles.length} zips done`);
    await janitor.stop();
    const stats = (await getJson(`${servingUrl}/v1/models/${modelName}/stats`)) as LiveRunResult['server'];
    const records = await readRunRecords(redis, queues);
    return {
      tag, queues, client, records, server: stats, redisRoundTrip, pollPeriods: pollPeriods.filter(Number.isFinite), janitorRequeued: janitor.requeued, faults,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (timer) clearTimeout(timer);
    await janitor?.stop().catch(() => {});
    if (redis) {
      // on someone else's Redis the run's keys stay an hour (for `kiosk-sim calibrate redis`), as the
      // kiosk expires finished jobs; a private redis-server goes away with the temp dir
      if (o.redisUrl) await withTimeout(expireRunKeys(redis, queues), 5).catch(() => {});
      redis.disconnect();
    }
    await sup.stopAll();
    await fs.rm(tmp, { recursive: true, force: true });
    forget();
  }
}

function withTimeout<T>(p: Promise<T>, seconds: number): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), seconds * 1000).unref())]);
}

async function expireRunKeys(redis: Redis, q: Queues): Promise<void> {
  for (const match of [`${q.image}*`, `processing-${q.image}*`, `start-${q.image}`]) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
      cursor = next;
      const p = redis.pipeline();
      for (const k of keys) p.expire(k, 3600);
      await p.exec();
    } while (cursor !== '0');
  }
}
