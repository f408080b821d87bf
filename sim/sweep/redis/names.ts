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
