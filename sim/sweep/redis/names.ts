/** Redis names shared by submitters and workers. */
import type { BuildId } from '../build.ts';

/** One queue per build: a worker can only ever take runs its own code computes. */
export const queueName = (b: BuildId) => `kiosk-sim-runs-${b.id.replace(/[^A-Za-z0-9._-]/g, '_')}`;

/** Live workers announce themselves here (a key per worker process, expiring unless refreshed). */
export const WORKER_KEY_PREFIX = 'kiosk-sim:worker:';

export interface WorkerAnnouncement { build: string; host: string; pid: number; concurrency: number; queue: string }

/** A worker's lock on a run: renewed every lockDuration/2 while the run goes on; a killed worker's run is taken up again after it expires. */
export const DEFAULT_LOCK_MS = 30_000;
/** How often workers look for runs whose worker died. */
export const DEFAULT_STALLED_MS = 15_000;
/** How long finished runs' jobs (and their results) are kept: a rerun of the same sweep within it is answered from Redis. */
export const KEEP_FINISHED_S = 24 * 3600;

/**
 * Where a finished run's result waits (a key per job; the job's return value is this name). A 10^6-image
 * result is ~75 MB of wire text: as BullMQ's return value it was copied into the job hash and into the
 * queue's event stream (kept there for the stream's last 10,000 events) and read back from the stream; a
 * key of its own is written once and read once. It outlives the job (an hour past KEEP_FINISHED_S), so a
 * finished job that still answers a rerun always has its result.
 */
export const resultKey = (jobId: string) => `kiosk-sim:result:${jobId}`;
export const KEEP_RESULT_MS = (KEEP_FINISHED_S + 3600) * 1000;
