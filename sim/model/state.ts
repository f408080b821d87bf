/**
 * The run state the kiosk's components share, as an interface: the composition root (kiosk.ts) builds
 * and implements it, components take it (or a narrower part of it) as an argument. This file imports
 * only types of leaf modules, so no component needs kiosk.ts.
 */
import type { ModelTracer } from './trace.ts';
import type { DeadlineQueue, ProcessBody, RandomStreams, Sampler, Simulation } from '../engine/index.ts';
import type { KioskConfig } from './config.ts';
import type { ImageRecord, LoggedEvent } from './record.ts';
import type { PolledQueue } from './redis/polledQueue.ts';
import type { ParentChecks, ZipCycling } from './redis/zipRotation.ts';
import type { TfServingServer } from './serving/tfServingPod.ts';
import type { PredictCall } from './serving/predictCall.ts';
import type { ConsumerPod } from './cluster/pod.ts';

export interface ZipState {
  status: Uint8Array;
  created: Float64Array;
  expanded: Float64Array;
  finished: Float64Array;
  childrenFinished: Int32Array;
  /** Time the last child finished (Infinity until then). */
  allChildrenFinishedAt: Float64Array;
  /** Children whose finished status a zip consumer has already read (cached in the parent hash). */
  childrenSeenFinished: Int32Array;
}

/**
 * Where a zip's status and its children's finished count change: through here, so that what the
 * pooled rotation's scan reads of the zip follows (redis/waitingParents.ts).
 */
export interface ZipProgress {
  /** The zip's status becomes `status` (ZIP_STATUS). */
  setStatus(zip: number, status: number): void;
  /** One more child of `zip` finished, at `t`. */
  childFinished(zip: number, t: number): void;
}

export interface RunCounters {
  retries: number;
  requeued: number;
  crashes: number;
  preemptions: number;
  duplicateJobs: number;
}

/** Appends to the run's event log (what `events.csv` records). */
export type EventLog = (kind: string, target: string, detail?: string) => void;

/** The clock, the configuration, randomness and the log: what nearly every component needs. */
export interface RunBasics {
  readonly sim: Simulation;
  readonly config: KioskConfig;
  readonly streams: RandomStreams;
  readonly counters: RunCounters;
  log: EventLog;
  /** run --trace only (sim/model/trace.ts). */
  readonly tracer?: ModelTracer | null;
}

/** Redis as the consumers see it: the two queues, the zip rotation, the processing lists. */
export interface RedisState {
  readonly imageQueue: PolledQueue;
  readonly zipQueue: PolledQueue;
  readonly zipRotation: ZipCycling;
  /** Keys in processing lists (held by consumer pods, alive or not): the exporter's in-flight counts. */
  readonly inFlightImage: number;
  readonly inFlightZip: number;
  /** RPOPLPUSH into `pod`'s processing list. */
  hold(pod: ConsumerPod, key: number): void;
  /** LREM from `pod`'s processing list. */
  release(pod: ConsumerPod): void;
  /** Puts a key taken out of a processing list back onto its queue, unless its job has finished. */
  requeueUnlessFinished(kind: ConsumerPod['kind'], key: number): void;
  /** A Redis round trip from a consumer (nothing when Redis is ideal). */
  redisRoundTrip(): ProcessBody<void>;
}

/** The jobs: images and zips, their record and their bookkeeping. */
export interface JobState {
  readonly record: ImageRecord;
  readonly zips: ZipState;
  readonly zipCount: number;
  /** What a pop of a parent reads (redis/waitingParents.ts): for the zip consumers and the rotations. */
  readonly parentChecks: ParentChecks & ZipProgress;
  /** True when this run uses zips (zip jobs and zip consumers); false when images arrive on their own. */
  readonly usesZips: boolean;
  firstImageOfZip(zip: number): number;
  imagesInZip(zip: number): number;
  submitZip(zip: number): void;
  submitImage(image: number): void;
  enqueueChild(image: number): void;
  isFinished(image: number): boolean;
  imageFinished(image: number, t: number): void;
  zipFinished(zip: number): void;
}

/** What an image consumer needs of serving: the endpoints, the samplers of the work around a call. */
export interface ServingAccess {
  /** Serving endpoints: servers whose container is up (loaded or not: the kiosk has no readiness probe). */
  readonly endpoints: TfServingServer[];
  readonly requestSizes: number[];
  /** The Predict calls' deadlines (serving.grpc.deadline; null when there is none). */
  readonly callDeadlines: DeadlineQueue<PredictCall> | null;
  readonly preprocessTime: Sampler;
  readonly postprocessTime: Sampler;
  pickServer(): TfServingServer | null;
}

/** The consumer pods the kiosk knows (alive, or gone with a key still in their processing list). */
export interface ConsumerPods {
  readonly imagePods: ConsumerPod[];
  readonly zipPods: ConsumerPod[];
  /** Consumer pods that were deleted: the janitor watches their processing lists. */
  readonly stoppedConsumers: ConsumerPod[];
  /** Starts (or restarts) the consumer loop of a pod whose container is up. */
  startConsumer(pod: ConsumerPod): void;
}

/** Everything the components share. */
export interface KioskState extends RunBasics, RedisState, JobState, ServingAccess, ConsumerPods {}
