/**
 * Runs tasks on BullMQ workers: each task becomes a job with a deterministic id (jobId.ts) in this
 * build's queue, and its result comes back as the job's return value (Job.waitUntilFinished on
 * QueueEvents). A job that already exists is not added again: a finished one answers at once, a
 * failed one is retried, one under way is waited for.
 */
import { asRunProgress, type OnRunProgress } from '../runProgress.ts';
import { Queue, QueueEvents, Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { UserError } from '../../scenario/userError.ts';
import type { ReplicationResult } from '../../results/runResult.ts';
import { buildId } from '../build.ts';
import { runJobId } from '../jobId.ts';
import type { Executor, RunTask } from '../task.ts';
import { toWire } from '../wire.ts';
import { encodeTask, decodeResult } from './codec.ts';
import { bullConnection, checkRedis, maskRedisUrl } from './connection.ts';
import { KEEP_FINISHED_S, queueName, resultKey, WORKER_KEY_PREFIX, type WorkerAnnouncement } from './names.ts';

export async function liveWorkers(conn: Redis): Promise<WorkerAnnouncement[]> {
  const out: WorkerAnnouncement[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await conn.scan(cursor, 'MATCH', `${WORKER_KEY_PREFIX}*`, 'COUNT', 200);
    cursor = next;
    for (const k of keys) {
      const v = await conn.get(k);
      if (v) out.push(JSON.parse(v) as WorkerAnnouncement);
    }
  } while (cursor !== '0');
  return out;
}

export class RedisExecutor implements Executor {
  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly conn: Redis,
    private readonly build: string,
    /** BullMQ leaves connections it was given open on close: they are ours to end. */
    private readonly connections: Redis[],
  ) {
    // one listener for every run's progress, not one per run
    events.on('progress', ({ jobId, data }: { jobId: string; data: unknown }) => {
      const p = asRunProgress(data);
      if (p) this.progress.get(jobId)?.(p);
    });
  }

  private readonly progress = new Map<string, OnRunProgress>();

  /** Checks Redis and the workers there before anything is submitted. */
  static async connect(url: string, log: (line: string) => void): Promise<RedisExecutor> {
    const { warnings } = await checkRedis(url);
    for (const w of warnings) log(`warning: ${w}`);
    const b = buildId();
    const name = queueName(b);
    const conn = bullConnection(url);
    conn.on('error', () => {}); // BullMQ reports what matters; ioredis reconnects
    const workers = await liveWorkers(conn);
    const ours = workers.filter((w) => w.build === b.id);
    if (workers.length && !ours.length) {
      conn.disconnect();
      const builds = [...new Set(workers.map((w) => `${w.build} (${workers.filter((x) => x.build === w.build).map((x) => x.host).join(', ')})`))];
      throw new UserError(`--redis ${maskRedisUrl(url)}: the workers there run other kiosk-sim builds (${builds.join('; ')}); this is ${b.id}: start workers of this same version (same package version and source) or use another Redis`);
    }
    if (!workers.length) log(`no kiosk-sim worker is connected to ${maskRedisUrl(url)} yet: runs wait in queue ${name} until one starts (kiosk-sim worker --redis URL)`);
    else log(`${ours.length} worker process${ours.length === 1 ? '' : 'es'} of this build on ${maskRedisUrl(url)} (${ours.reduce((s, w) => s + w.concurrency, 0)} runs at a time)`);
    const connections = [bullConnection(url), bullConnection(url)];
    for (const c of connections) c.on('error', () => {});
    const queue = new Queue(name, { connection: connections[0]! });
    const events = new QueueEvents(name, { connection: connections[1]! });
    queue.on('error', () => {});
    events.on('error', () => {});
    // waitUntilFinished adds listeners per run waited for
    queue.setMaxListeners(0);
    events.setMaxListeners(0);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new RedisExecutor(queue, events, conn, b.id, connections);
  }

  run(task: RunTask, onProgress?: OnRunProgress): Promise<ReplicationResult> {
    return this.runJob(task, onProgress, true);
  }

  /** `again`: whether a finished job whose result key is gone may be run once more. */
  private async runJob(task: RunTask, onProgress: OnRunProgress | undefined, again: boolean): Promise<ReplicationResult> {
    const wire = toWire(task.config);
    const jobId = runJobId(wire, task.seed, task.detail, this.build, task.settle ? JSON.stringify(task.settle) : undefined);
    const existing = await Job.fromId(this.queue, jobId);
    if (existing && (await existing.isFailed())) await existing.retry('failed');
    const job = existing ?? await this.queue.add('run', encodeTask(task, this.build, wire), {
      jobId,
      attempts: 1, // a run that throws throws again (it is deterministic); a dead worker's run is recovered as stalled
      removeOnComplete: { age: KEEP_FINISHED_S },
      removeOnFail: { age: KEEP_FINISHED_S },
    });
    if (onProgress) this.progress.set(jobId, onProgress);
    let text: Buffer | null;
    try {
      const key = (await job.waitUntilFinished(this.events)) as string;
      if (key !== resultKey(jobId)) throw new Error(`the worker answered ${JSON.stringify(String(key).slice(0, 40))}, not the key of the run's result`);
      text = await this.conn.getBuffer(key);
      if (text === null && !again) throw new Error(`its result (${key}) is not in Redis`);
    } catch (e) {
      throw new Error(`run ${jobId} (seed ${task.seed}) failed on a worker: ${(e as Error).message}`);
    } finally {
      this.progress.delete(jobId);
    }
    if (text !== null) return decodeResult(text);
    // a finished job whose result key is gone (removed by hand, or Redis evicted it): run it once more
    await job.remove();
    return this.runJob(task, onProgress, false);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.conn.disconnect();
    for (const c of this.connections) c.disconnect();
  }
}
