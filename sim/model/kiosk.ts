import { Simulation, type Process, type ProcessBody } from '../engine/index.ts';
import { RandomStreams, type RandomStream } from '../engine/rng.ts';
import { makeDistribution, type Sampler } from '../engine/distributions.ts';
import type { KioskConfig } from './config.ts';
import { ImageRecord, IMAGE_STATUS, TimeSeries, type LoggedEvent } from './record.ts';
import { PolledQueue } from './redis/polledQueue.ts';
import { transferSeconds } from './bucket/transfer.ts';
import { TfServingServer } from './serving/tfServingPod.ts';
import { makeBatchTimeSampler, makePostprocessSampler } from './serving/profile.ts';
import { requestSizes, tileCount } from './serving/tiling.ts';
import { imageConsumer } from './consumers/imageConsumer.ts';
import { parentCheckSeconds, zipConsumer, ZIP_STATUS } from './consumers/zipConsumer.ts';
import { ZipRotation, type ZipCycling } from './redis/zipRotation.ts';
import { ConsumerCrashes } from './consumers/consumerCrashes.ts';
import { BulkZipRotation } from './redis/bulkZipRotation.ts';
import { startArrivals } from './workload/arrivals.ts';
import { Cluster } from './cluster/cluster.ts';
import type { Pod } from './cluster/pod.ts';

/** A consumer pod: its loop process and its Redis processing list (which outlives the pod). */
export interface ConsumerPod extends Pod {
  kind: 'image-consumer' | 'zip-consumer';
  proc: Process<void> | null;
  /** Key in this pod's processing list, -1 when empty. */
  holding: number;
  /** Last time the consumer touched its key (the janitor's staleness clock). */
  updatedAt: number;
}

export interface ServingPod extends Pod {
  kind: 'tf-serving';
  server: TfServingServer | null;
}

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

export interface RunCounters {
  retries: number;
  requeued: number;
  crashes: number;
  preemptions: number;
  duplicateJobs: number;
}

/**
 * One simulated kiosk: the shared state every component reads (queues, records, samplers) and the
 * wiring between them. Built from a KioskConfig and a seed; `run()` returns when every image has
 * finished or the time limit is reached.
 */
export class KioskContext {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly record: ImageRecord;
  readonly zips: ZipState;
  readonly zipCount: number;
  readonly imageQueue: PolledQueue;
  readonly zipQueue: PolledQueue;
  readonly zipRotation: ZipCycling;
  readonly requestSizes: number[];
  readonly timeseries = new TimeSeries();
  readonly events: LoggedEvent[] = [];
  readonly counters: RunCounters = { retries: 0, requeued: 0, crashes: 0, preemptions: 0, duplicateJobs: 0 };
  readonly cluster: Cluster;
  private readonly consumerCrashes: ConsumerCrashes;
  readonly preprocessTime: Sampler;
  readonly postprocessTime: Sampler;
  readonly batchSeconds: (size: number) => number;
  private readonly pickStream: RandomStream;
  /** Serving endpoints: servers whose container is up (loaded or not: the kiosk has no readiness probe). */
  readonly endpoints: TfServingServer[] = [];
  readonly imagePods: ConsumerPod[] = [];
  readonly zipPods: ConsumerPod[] = [];
  lastFinish = 0;
  private finishedImages = 0;

  /** True when images arrive on their own, without zips. */
  readonly zipsBypassed: boolean;

  constructor(readonly config: KioskConfig, readonly seed: number) {
    this.streams = new RandomStreams(seed);
    const arrival = config.workload.arrival;
    this.zipsBypassed = arrival.kind !== 'paced' && arrival.kind !== 'upload' && arrival.unit === 'image';
    if (!this.zipsBypassed && config.redis.putBackSleep + config.redis.opLatency <= 0) {
      throw new Error('zip consumers need redis.putBackSleep or redis.opLatency > 0: otherwise they re-check waiting parents without simulated time passing');
    }
    const w = config.workload;
    this.record = new ImageRecord(w.images);
    this.zipCount = Math.ceil(w.images / w.imagesPerZip);
    const z = this.zipCount;
    this.zips = {
      status: new Uint8Array(z),
      created: new Float64Array(z).fill(NaN),
      expanded: new Float64Array(z).fill(NaN),
      finished: new Float64Array(z).fill(NaN),
      childrenFinished: new Int32Array(z),
      allChildrenFinishedAt: new Float64Array(z).fill(Infinity),
      childrenSeenFinished: new Int32Array(z),
    };
    for (let i = 0; i < w.images; i++) this.record.zip[i] = Math.floor(i / w.imagesPerZip);
    const names = config.redis.queues ?? { image: 'segmentation', zip: 'segmentation-zip' };
    this.imageQueue = new PolledQueue(this.sim, names.image, config.redis.emptyQueueSleep);
    this.zipQueue = new PolledQueue(this.sim, names.zip, config.redis.emptyQueueSleep);
    const check = parentCheckSeconds.bind(null, this);
    const gap = config.redis.putBackSleep + config.redis.opLatency;
    this.zipRotation =
      config.redis.rotationTick > 0
        ? new BulkZipRotation(this.sim, this.zipQueue, config.redis.rotationTick, check, gap)
        : new ZipRotation(this.sim, this.zipQueue, check, gap);

    const tiling = config.serving.tiling;
    let tileH = w.imageHeight;
    let tileW = w.imageWidth;
    if (tiling.enabled) {
      const tiles = tileCount(w.imageWidth, w.imageHeight, tiling.tileSize, tiling.strideFraction);
      this.requestSizes = requestSizes(tiles, tiling.tilesPerRequest);
      tileH = tileW = tiling.tileSize;
    } else {
      this.requestSizes = [1];
    }
    const st = config.serving.serviceTime;
    if (st.kind === 'profile') {
      const sample = makeBatchTimeSampler(st.profile, this.streams.stream('serving.gpu').next);
      this.batchSeconds = (size) => sample(size, tileH, tileW);
    } else {
      const d = makeDistribution(st.perBatch, this.streams.stream('serving.gpu'));
      this.batchSeconds = () => d();
    }
    const pre = config.consumers.image.preprocess;
    this.preprocessTime = makeDistribution(pre, this.streams.stream('consumer.preprocess'));
    const post = config.consumers.image.postprocess;
    if (post.kind === 'profile') {
      if (st.kind !== 'profile') throw new Error('postprocess: profile needs a serving profile');
      this.postprocessTime = makePostprocessSampler(st.profile, this.streams.stream('consumer.postprocess').next);
    } else {
      this.postprocessTime = makeDistribution(post, this.streams.stream('consumer.postprocess'));
    }
    this.pickStream = this.streams.stream('serving.loadbalance');
    this.cluster = new Cluster(this);
    this.consumerCrashes = new ConsumerCrashes(this);
  }

  /** A Redis round trip from a consumer (nothing when Redis is ideal). */
  *redisRoundTrip(): ProcessBody<void> {
    const t = this.config.redis.opLatency;
    if (t > 0) yield t;
  }

  /** kube-proxy picks a backend at random for each new connection (one gRPC channel per request). */
  pickServer(): TfServingServer | null {
    const n = this.endpoints.length;
    if (n === 0) return null;
    if (this.config.serving.routing === 'least-loaded') {
      let best = this.endpoints[0]!;
      for (let i = 1; i < n; i++) {
        const s = this.endpoints[i]!;
        if (s.state === 'ready' && (best.state !== 'ready' || s.queuedTasks < best.queuedTasks)) best = s;
      }
      return best;
    }
    return this.endpoints[n === 1 ? 0 : Math.floor(this.pickStream.next() * n)]!;
  }

  firstImageOfZip(zip: number): number {
    return zip * this.config.workload.imagesPerZip;
  }

  imagesInZip(zip: number): number {
    const per = this.config.workload.imagesPerZip;
    return Math.min(per, this.config.workload.images - zip * per);
  }

  /** The client created zip job `zip` (LPUSH onto the zip queue). */
  submitZip(zip: number): void {
    const t = this.sim.now;
    this.zips.created[zip] = t;
    const first = this.firstImageOfZip(zip);
    const n = this.imagesInZip(zip);
    for (let k = 0; k < n; k++) this.record.submitted[first + k] = t;
    this.zipQueue.push(zip);
  }

  /** An image job arrives on its own (no zip). */
  submitImage(image: number): void {
    this.record.submitted[image] = this.sim.now;
    this.enqueueImage(image);
  }

  /**
   * A zip consumer pushes a child job. When an expansion is redone (its consumer died and the
   * janitor requeued the parent), images already pushed get a second job: real duplicated work,
   * recorded once (the first copy to finish wins).
   */
  enqueueChild(image: number): void {
    const s = this.record.status[image];
    if (s === IMAGE_STATUS.pending) this.enqueueImage(image);
    else if (s !== IMAGE_STATUS.done && s !== IMAGE_STATUS.failed) {
      this.counters.duplicateJobs++;
      this.imageQueue.push(image);
    }
  }

  enqueueImage(image: number): void {
    this.record.enqueued[image] = this.sim.now;
    this.record.status[image] = IMAGE_STATUS.queued;
    this.imageQueue.push(image);
  }

  /** Done or failed: a later copy of the job changes nothing in the record. */
  isFinished(image: number): boolean {
    const s = this.record.status[image];
    return s === IMAGE_STATUS.done || s === IMAGE_STATUS.failed;
  }

  imageFinished(image: number, t: number): void {
    this.record.finished[image] = t;
    this.finishedImages++;
    const zip = this.record.zip[image]!;
    if (++this.zips.childrenFinished[zip]! >= this.imagesInZip(zip)) this.zips.allChildrenFinishedAt[zip] = t;
    if (this.zipsBypassed && this.finishedImages >= this.record.count) {
      this.lastFinish = t;
      this.allDone = true;
    }
  }

  /** Time the client has every result zip (each parent done + its download); 0 until then. */
  resultsDownloaded = 0;

  zipFinished(zip: number): void {
    if (this.zips.status[zip] === ZIP_STATUS.done) this.zipsDone++;
    this.lastFinish = this.sim.now;
    const w = this.config.workload;
    const download = transferSeconds(this.config.storage, 'clientDown', this.imagesInZip(zip) * w.resultBytes);
    this.resultsDownloaded = Math.max(this.resultsDownloaded, this.sim.now + download);
    if (!this.zipsBypassed && this.zipsDone >= this.zipCount) this.allDone = true;
  }

  zipsDone = 0;
  /** True once every job has finished (every zip, or every image when images come without zips). */
  allDone = false;

  /** Keys in processing lists (held by consumer pods, alive or not): the exporter's in-flight counts. */
  inFlightImage = 0;
  inFlightZip = 0;
  /** Consumer pods that were deleted: the janitor watches their processing lists. */
  readonly stoppedConsumers: ConsumerPod[] = [];

  /** RPOPLPUSH into `pod`'s processing list. */
  hold(pod: ConsumerPod, key: number): void {
    if (pod.holding < 0) {
      if (pod.kind === 'image-consumer') this.inFlightImage++;
      else this.inFlightZip++;
    }
    pod.holding = key;
  }

  /** LREM from `pod`'s processing list. */
  release(pod: ConsumerPod): void {
    if (pod.holding >= 0) {
      if (pod.kind === 'image-consumer') this.inFlightImage--;
      else this.inFlightZip--;
    }
    pod.holding = -1;
  }

  log(kind: string, target: string, detail = ''): void {
    this.events.push({ t: this.sim.now, kind, target, detail });
  }

  startImageConsumer(pod: ConsumerPod): void {
    pod.proc = this.sim.process(imageConsumer(this, pod), pod.name);
    this.consumerCrashes.started(pod);
  }

  startZipConsumer(pod: ConsumerPod): void {
    pod.proc = this.sim.process(zipConsumer(this, pod), pod.name);
    this.consumerCrashes.started(pod);
  }

  /** Runs the simulation to the end of the work or the time limit. */
  run(onProgress?: (fraction: number) => void): { completed: boolean; reason?: string } {
    startArrivals(this);
    this.cluster.start();
    startJanitor(this);
    const interval = this.config.timeseriesInterval;
    this.sim.every(interval, () => this.sample(), 0, 2);
    let stop = this.sim.run({ until: this.config.timeLimit, stopWhen: () => this.allDone, maxEvents: 200_000 });
    while (stop === 'maxEvents') {
      onProgress?.(this.finishedImages / this.record.count);
      stop = this.sim.run({ until: this.config.timeLimit, stopWhen: () => this.allDone, maxEvents: 200_000 });
    }
    this.sample();
    this.cluster.finish();
    if (this.allDone) return { completed: true };
    if (stop === 'until')
      return { completed: false, reason: `time limit of ${this.config.timeLimit} s reached with ${this.record.count - this.finishedImages} images unfinished` };
    return { completed: false, reason: `the simulation ran out of events with ${this.record.count - this.finishedImages} images unfinished (no capacity to process them)` };
  }

  private lastSample = { t: 0, done: 0 };

  private sample(): void {
    const now = this.sim.now;
    const c = this.cluster.snapshot();
    const done = this.record.completed + this.record.failed;
    const dt = now - this.lastSample.t;
    const throughput = dt > 0 ? (done - this.lastSample.done) / dt : 0;
    this.lastSample = { t: now, done };
    this.timeseries.add(now, {
      queue_zip: this.zipQueue.length,
      queue_image: this.imageQueue.length,
      inflight_zip: this.inFlightZip,
      inflight_image: this.inFlightImage,
      ...c,
      completed_images: done,
      throughput_images_per_s: throughput,
      retries: this.counters.retries,
    });
  }
}

/**
 * The janitor: every `interval`, each key in the processing list of a pod that is not running and
 * has not been touched for `staleAfter` goes back onto its queue (unless already finished).
 */
function startJanitor(ctx: KioskContext): void {
  const j = ctx.config.redis.janitor;
  if (!j.enabled) return;
  ctx.sim.every(j.interval, (now) => {
    const pods = ctx.stoppedConsumers;
    let kept = 0;
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i]!;
      if (p.holding >= 0 && now - p.updatedAt > j.staleAfter) {
        const key = p.holding;
        ctx.release(p);
        ctx.counters.requeued++;
        ctx.log('requeue', p.name, String(key));
        if (p.kind === 'image-consumer') {
          const s = ctx.record.status[key];
          if (s !== IMAGE_STATUS.done && s !== IMAGE_STATUS.failed) ctx.imageQueue.push(key);
        } else if (ctx.zips.status[key] !== ZIP_STATUS.done) ctx.zipQueue.push(key);
      }
      // a pod still terminating may take another key; forget it once gone with an empty list
      if (p.phase !== 'gone' || p.holding >= 0) pods[kept++] = p;
    }
    pods.length = kept;
  });
}
