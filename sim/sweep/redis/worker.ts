/**
 * `kiosk-sim worker`: a BullMQ Worker on this build's queue. Runs go to a RunPool of worker threads
 * (one per concurrent job), so this thread stays free to renew BullMQ's job locks while a run
 * computes; a worker killed mid-run stops renewing, and after lockDuration another worker's
 * stalled-job check puts the run back in the queue.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { buildId } from '../build.ts';
import { RunPool } from '../pool.ts';
import { decodeTask, encodeResult, type RunJobData } from './codec.ts';
import { bullConnection, checkRedis, maskRedisUrl } from './connection.ts';
import { DEFAULT_LOCK_MS, DEFAULT_STALLED_MS, KEEP_RESULT_MS, queueName, resultKey, WORKER_KEY_PREFIX, type WorkerAnnouncement } from './names.ts';

export interface WorkerOptions {
  url: string;
  concurrency: number;
  lockMs?: number;
  stalledMs?: number;
  log: (line: string) => void;
}

export interface RunningWorker { close(): Promise<void>; closed: Promise<void> }

export async function serveRuns(o: WorkerOptions): Promise<RunningWorker> {
  const { warnings } = await checkRedis(o.url);
  for (const w of warnings) o.log(`warning: ${w}`);
  const b = buildId();
  const name = queueName(b);
  const pool = new RunPool(o.concurrency);
  const conn = bullConnection(o.url);
  conn.on('error', () => {});
  const key = `${WORKER_KEY_PREFIX}${hostname()}:${process.pid}`;
  const announcement: WorkerAnnouncement = { build: b.id, host: hostname(), pid: process.pid, concurrency: o.concurrency, queue: name };
  const lockMs = o.lockMs ?? DEFAULT_LOCK_MS;
  const announce = () => conn.set(key, JSON.stringify(announcement), 'PX', Math.max(3 * lockMs, 10_000)).catch(() => {});
  await announce();
  const heartbeat = setInterval(announce, Math.max(lockMs / 2, 1000));

  const workerConn = bullConnection(o.url);
  workerConn.on('error', () => {});
  const worker = new Worker<RunJobData, string>(name, async (job: Job<RunJobData, string>) => {
    if (job.data.build !== b.id) {
      throw new UnrecoverableError(`this worker runs kiosk-sim ${b.id}, the run was submitted by ${job.data.build}: workers and submitters must run the same version`);
    }
    o.log(`run ${job.id} started (seed ${job.data.seed})`);
    const t0 = performance.now();
    // the pool's thread already sends progress at most every PROGRESS_INTERVAL_MS: each becomes a BullMQ progress event
    const result = await pool.run(decodeTask(job.data), (p) => { void job.updateProgress({ ...p }).catch(() => {}); });
    o.log(`run ${job.id} done in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    // the result goes to a key of its own; the job's return value names it (see resultKey)
    const key = resultKey(job.id!);
    await conn.set(key, encodeResult(result), 'PX', KEEP_RESULT_MS);
    return key;
  }, {
    connection: workerConn,
    concurrency: o.concurrency,
    lockDuration: lockMs,
    stalledInterval: o.stalledMs ?? DEFAULT_STALLED_MS,
    maxStalledCount: 3, // a run whose worker died is taken up again up to 3 times, then reported failed
  });
  worker.on('error', (e) => o.log(`worker error: ${e.message.split(o.url).join(maskRedisUrl(o.url))}`));
  worker.on('failed', (job, e) => o.log(`run ${job?.id} failed: ${e.message}`));
  await worker.waitUntilReady();
  o.log(`kiosk-sim worker ${b.id} on ${maskRedisUrl(o.url)}, queue ${name}, ${o.concurrency} run${o.concurrency === 1 ? '' : 's'} at a time`);

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => { resolveClosed = r; });
  let closing: Promise<void> | undefined;
  const close = () => closing ??= (async () => {
    clearInterval(heartbeat);
    await worker.close(); // lets runs under way finish
    await pool.close();
    await conn.del(key).catch(() => {});
    conn.disconnect();
    workerConn.disconnect(); // BullMQ leaves a connection it was given open
    resolveClosed();
  })();
  return { close, closed };
}
