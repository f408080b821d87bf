/**
 * The kiosk's Redis protocol as the live harness speaks it (sim/model/REFERENCE.md "Data path",
 * "Per-image fields", "Queue semantics"): job hash names, statuses, processing lists and the
 * timestamps the consumers write. Everything that names a key lives here, so the client, the
 * consumers, the janitor and the importer agree.
 */

/** Image-job statuses in the order the segmentation consumer walks through them. */
export const IMAGE_STATUSES = ['new', 'started', 'pre-processing', 'predicting', 'post-processing', 'saving-results', 'done'] as const;
export const FINISHED_STATUSES = new Set(['done', 'failed']);

/**
 * Seconds between the live clients' (ioredis) reconnect tries while Redis is down: their commands
 * wait in ioredis's queue and go out at the first try that connects (the simulator's
 * redis.retry_interval; the kiosk's RedisClient retries each command every REDIS_TIMEOUT, 3 s).
 */
export const REDIS_RECONNECT_S = 0.1;

export interface Queues {
  /** Image queue, e.g. "segmentation-live3f2a". */
  image: string;
  /** Zip queue: the image queue's name + "-zip" (REFERENCE.md "Data path" 1). */
  zip: string;
}

/**
 * Queue names for one live run: the scenario's names with a run tag, so two runs (or a run and
 * someone's data) sharing one Redis never see each other's keys. The tag has no ':' (it would
 * split `processing-{queue}:{pod}`).
 */
export function runQueues(imageQueue: string, tag: string): Queues {
  if (!/^[a-z0-9]+$/i.test(tag)) throw new Error(`run tag must be alphanumeric, got "${tag}"`);
  const image = `${imageQueue}-live${tag}`;
  return { image, zip: `${image}-zip` };
}

/** The run's start time (epoch seconds, a string key): the pods begin polling then. */
export const startKey = (q: Queues) => `start-${q.image}`;

/** `processing-{queue}:{pod}`: the list a pod RPOPLPUSHes its current key into. */
export const processingList = (queue: string, pod: string) => `processing-${queue}:${pod}`;
/** The pod a processing list belongs to, or null if `list` is not one of `queue`'s. */
export function podOfProcessingList(queue: string, list: string): string | null {
  const prefix = `processing-${queue}:`;
  return list.startsWith(prefix) ? list.slice(prefix.length) : null;
}

/** Job hash key `{queue}:{name}:{uuid}` (REFERENCE.md "Data path" 1). */
export const jobKey = (queue: string, name: string, id: string) => `${queue}:${name}:${id}`;

/**
 * Timestamps as the consumers write them: seconds since the Unix epoch with microseconds, from a
 * clock every process on the machine shares (performance.timeOrigin is the wall clock at process
 * start; performance.now() is monotonic from there).
 */
export function nowSeconds(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}
export const stamp = (seconds: number) => seconds.toFixed(6);

/** Settings every live process receives (JSON in argv), all times in seconds. */
export interface ProcessSettings {
  redisUrl: string;
  queues: Queues;
  pod: string;
  bucketDir: string;
  /** Sleep after an empty pop (EMPTY_QUEUE_TIMEOUT). */
  emptyQueueSleep: number;
  /** Sleep after putting an unfinished job back (DO_NOTHING_TIMEOUT). */
  putBackSleep: number;
  serving: {
    url: string;
    modelName: string;
    deadline: number;
    retryBackoff: number;
    /** 0 = retry for ever. */
    maxRetries: number;
  };
  image: { width: number; height: number; tileSize: number; stride: number; tilesPerRequest: number };
}
