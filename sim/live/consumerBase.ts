/**
 * What the zip and image consumers share (kiosk-redis-consumer base_consumer.py, REFERENCE.md
 * "Queue semantics"): they poll, never block; at the top of every iteration a pod first returns
 * the keys left in its own processing list (a previous life of the pod died holding them), then
 * RPOPLPUSHes one key from the queue into that list, and sleeps EMPTY_QUEUE_TIMEOUT when there
 * was none. A finished key is LREMed; an unfinished one is put back (LPUSH, the back of the line:
 * consumers RPOP from the other end) and followed by DO_NOTHING_TIMEOUT.
 */
import { Redis } from 'ioredis';
import { moveBackOnce } from './onceCommands.ts';
import { nowSeconds, processingList, REDIS_RECONNECT_S, stamp, startKey, type ProcessSettings } from './protocol.ts';

export const sleep = (seconds: number) => new Promise<void>((r) => setTimeout(r, seconds * 1000));

export function readSettings(argv: readonly string[]): ProcessSettings {
  const text = argv[2];
  if (!text) throw new Error('expected the process settings as a JSON argument');
  return JSON.parse(text) as ProcessSettings;
}

/** A connection that waits out a Redis restart (commands queue until it is back) instead of failing the job. */
export function connect(url: string): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: () => REDIS_RECONNECT_S * 1000, lazyConnect: false });
  redis.on('error', () => {}); // refused while Redis restarts: ioredis reconnects and replays
  return redis;
}

export class QueueWorker {
  readonly processing: string;

  constructor(readonly redis: Redis, readonly queue: string, readonly pod: string) {
    this.processing = processingList(queue, pod);
  }

  /** Moves every key left in this pod's processing list back onto the queue. */
  async returnStranded(): Promise<number> {
    let n = 0;
    while ((await this.redis.rpoplpush(this.processing, this.queue)) !== null) n++;
    return n;
  }

  /** One poll: a key moved into the processing list, or null when the queue was empty. */
  async pop(): Promise<string | null> {
    return this.redis.rpoplpush(this.queue, this.processing);
  }

  async finish(key: string): Promise<void> {
    await this.redis.lrem(this.processing, 1, key);
  }

  /** LREM from the processing list, LPUSH to the back of the queue, then the put-back sleep. */
  async putBack(key: string, sleepSeconds: number): Promise<void> {
    await moveBackOnce(this.redis, this.processing, this.queue, key);
    if (sleepSeconds > 0) await sleep(sleepSeconds);
  }

  async update(key: string, fields: Record<string, string | number>): Promise<void> {
    await this.redis.hset(key, { ...fields, updated_at: stamp(nowSeconds()) });
  }
}

/**
 * The empty-queue sleep, timed: how much later than asked the timer woke the consumer (a loaded
 * host's lateness) goes to the harness on stdout ("poll <seconds>"); the simulator's empty-poll
 * jitter is calibrated from these (sim/live/calibration.ts). The loop's round trips around the
 * sleep are not in it: the simulator counts them as op_latency each.
 */
export async function timedEmptySleep(seconds: number): Promise<void> {
  const t = performance.now();
  await sleep(seconds);
  process.stdout.write(`poll ${Math.max(0, (performance.now() - t) / 1000 - seconds).toFixed(6)}\n`);
}

/** Runs a consumer loop until the process is killed; an uncaught error ends the process (the kubelet's business). */
export function runForever(name: string, loop: () => Promise<void>): void {
  process.on('SIGTERM', () => process.exit(0));
  loop().catch((e: Error) => {
    process.stderr.write(`${name}: ${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}

/**
 * Says "ready" to the harness, then waits for the run's start time (the harness sets it once every
 * pod is ready) and sleeps until it: the pods begin polling together at t0, as the scenario's pods
 * do at t = 0 with startup 0, so their empty-queue phases are the simulator's and not an accident
 * of process start-up. A pod started later (a replacement) finds the time past and starts at once.
 */
export async function startTogether(redis: Redis, s: ProcessSettings): Promise<void> {
  await redis.ping();
  process.stdout.write('ready\n');
  let at: string | null;
  while ((at = await redis.get(startKey(s.queues))) === null) await sleep(0.002);
  const wait = Number(at) - nowSeconds();
  if (wait > 0) await sleep(wait);
}
