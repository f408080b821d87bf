import type { ModelTracer } from './trace.ts';
import { DeadlineQueue, Priority, Simulation, type ProcessBody } from '../engine/index.ts';
import type { PredictCall } from './serving/predictCall.ts';
import { RandomStreams, type RandomStream } from '../engine/rng.ts';
import { makeDistribution, type Sampler } from '../engine/distributions.ts';
import { arrivalsAreZips, type KioskConfig } from './config.ts';
import { ImageRecord, IMAGE_STATUS, type LoggedEvent } from './record.ts';
import type { ConsumerPod } from './cluster/pod.ts';
import type { KioskState, RunCounters, ZipState } from './state.ts';
import { PolledQueue } from './redis/polledQueue.ts';
import { transferSeconds } from './bucket/transfer.ts';
import { TfServingServer } from './serving/tfServingPod.ts';
import { makeRouter, type PickServer } from './serving/routing.ts';
import { withHostDrift } from './serving/hostDrift.ts';
import { makeBatchTimeSampler, makePostprocessSampler } from './serving/profile.ts';
import { requestSizes, tileCount } from './serving/tiling.ts';
import { imageConsumer } from './consumers/imageConsumer.ts';
import { zipConsumer, ZIP_STATUS } from './consumers/zipConsumer.ts';
import { WaitingParents } from './redis/waitingParents.ts';
import { ZipRotation, type ZipCycling } from './redis/zipRotation.ts';
import { ConsumerCrashes } from './consumers/consumerCrashes.ts';
import { BulkZipRotation } from './redis/bulkZipRotation.ts';
import { startArrivals } from './workload/arrivals.ts';
import { Cluster } from './cluster/cluster.ts';
import { ServingContainers } from './serving/servingContainers.ts';
import { ConsumerContainers } from './consumers/consumerContainers.ts';
import { RunCost, type CostBreakdown } from './cost/runCost.ts';
import { TimeSeriesSampler } from './metrics/timeSeriesSampler.ts';
import { startJanitor } from './redis/janitor.ts';
import { startControllers } from './controllers/index.ts';
import { makePolledQueue } from './redis/pollPeriod.ts';
import { scheduleFaults } from './faults/scheduledFaults.ts';
import { settledMiss, type Settled, type SettleRule } from './settle.ts';

export type { ConsumerPod, ServingPod } from './cluster/pod.ts';
export type { KioskState, RunCounters, ZipState } from './state.ts';

/**
 * One simulated kiosk, the composition root: it holds the shared run state (KioskState: queues,
 * records, samplers), builds the components (cluster, serving and consumer containers, cost, the
 * time-series sampler), wires them and starts the loops. Built from a KioskConfig and a seed; `run()`
 * returns when every image has finished or the time limit is reached. Nothing in sim/model imports it.
 */
export class KioskContext implements KioskState {
  readonly sim = new Simulation();
  readonly streams: RandomStreams;
  readonly record: ImageRecord;
  readonly zips: ZipState;
  readonly zipCount: number;
  readonly parentChecks: WaitingParents;
  readonly imageQueue: PolledQueue;
  readonly zipQueue: PolledQueue;
  readonly zipRotation: ZipCycling;
  readonly requestSizes: number[];
  readonly callDeadlines: DeadlineQueue<PredictCall> | null;
  readonly events: LoggedEvent[] = [];
  /** run --trace: observes GPU batches (sim/model/trace.ts); null when not tracing. */
  tracer: ModelTracer | null = null;
  readonly counters: RunCounters = { retries: 0, requeued: 0, crashes: 0, preemptions: 0, duplicateJobs: 0 };
  readonly cluster: Cluster;
  readonly serving: ServingContainers;
  readonly cost: RunCost;
  private readonly consumerCrashes: ConsumerCrashes;
  private readonly sampler: TimeSeriesSampler;
  private finishedAt = NaN;
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
  readonly usesZips: boolean;

  constructor(readonly config: KioskConfig, readonly seed: number) {
    this.streams = new RandomStreams(seed);
    this.usesZips = arrivalsAreZips(config.workload.arrival);
    if (this.usesZips && config.redis.putBackSleep + config.redis.opLatency <= 0) {
      throw new Error('zip consumers need redis.putBackSleep or redis.opLatency > 0: otherwise they re-check waiting parents without simulated time passing');
    }
    if (config.redis.opLatency > 0) this.sim.useDelayLane(config.redis.opLatency); // the consumers' LLEN sleeps: no heap work
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
    this.imageQueue = makePolledQueue(this.sim, names.image, config.redis, this.streams);
    this.zipQueue = makePolledQueue(this.sim, names.zip, config.redis, this.streams);
    this.parentChecks = new WaitingParents(this.zips, config.redis.opLatency, w.imagesPerZip, w.images);
    const gap = config.redis.putBackSleep + config.redis.opLatency;
    this.zipRotation =
      config.redis.rotationTick > 0
        ? new BulkZipRotation(this.sim, this.zipQueue, config.redis.rotationTick, this.parentChecks, gap)
        : new ZipRotation(this.sim, this.zipQueue, this.parentChecks, gap);

    const tiling = config.serving.tiling;
    this.requestSizes = tiling.enabled ? requestSizes(tileCount(w.imageWidth, w.imageHeight, tiling.tileSize, tiling.strideFraction), tiling.tilesPerRequest) : [1];
    const tileH = tiling.enabled ? tiling.tileSize : w.imageHeight;
    const tileW = tiling.enabled ? tiling.tileSize : w.imageWidth;
    const st = config.serving.serviceTime;
    if (st.kind === 'profile') {
      const sample = makeBatchTimeSampler(st.profile, this.streams.stream('serving.gpu').next, config.serving.residualCorrelation, config.serving.residualCorrelationTime, () => this.sim.now);
      this.batchSeconds = withHostDrift((size) => sample(size, tileH, tileW), () => this.sim.now, () => this.streams.stream('serving.drift').next(), config.serving.hostDrift); // the host's slow level (live validation); off: sample itself
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
    const deadline = config.serving.grpc.deadline;
    this.callDeadlines = deadline < Infinity ? new DeadlineQueue<PredictCall>(this.sim, deadline, (call) => call.onDeadline()) : null;
    this.serving = new ServingContainers(this, this.endpoints, this.batchSeconds);
    this.cost = new RunCost(config);
    this.cluster = new Cluster(
      this,
      {
        'tf-serving': this.serving,
        'image-consumer': new ConsumerContainers('image-consumer', this, this),
        'zip-consumer': new ConsumerContainers('zip-consumer', this, this),
      },
      this.cost,
    );
    this.consumerCrashes = new ConsumerCrashes(this);
    this.sampler = new TimeSeriesSampler({ state: this, cluster: this.cluster, serving: this.serving, cost: this.cost });
  }

  /** A Redis round trip from a consumer (nothing when Redis is ideal). */
  *redisRoundTrip(): ProcessBody<void> {
    const t = this.config.redis.opLatency;
    if (t > 0) yield t;
  }

  private route: PickServer | null = null;
  /** kube-proxy picks a backend for each new connection (one gRPC channel per request): serving/routing.ts. */
  pickServer(): TfServingServer | null {
    return (this.route ??= makeRouter(this.config.serving.routing, this.pickStream))(this.endpoints);
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
    this.parentChecks.childFinished(zip, t);
    if (!this.usesZips && this.finishedImages >= this.record.count) {
      this.lastFinish = t;
      this.finishAll();
    }
  }

  /** Time the client has every result zip (each parent done + its download); 0 until then. */
  resultsDownloaded = 0;

  zipFinished(zip: number): void {
    if (this.zips.status[zip] === ZIP_STATUS.done) this.zipsDone++;
    this.lastFinish = this.sim.now;
    const w = this.config.workload;
    const download = transferSeconds(this.config.storage, 'clientDown', this.imagesInZip(zip) * w.resultBytes, this.streams);
    this.resultsDownloaded = Math.max(this.resultsDownloaded, this.sim.now + download);
    if (this.usesZips && this.zipsDone >= this.zipCount) this.finishAll();
  }

  zipsDone = 0;
  /** True once every job has finished (every zip, or every image when images come without zips). */
  allDone = false;

  /** All jobs finished: stop after this event (sim.stop, not a stopWhen call after each of ~7.7 M events). */
  private finishAll(): void {
    this.allDone = true;
    this.sim.stop();
  }

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

  requeueUnlessFinished(kind: ConsumerPod['kind'], key: number): void {
    if (kind === 'image-consumer') {
      if (!this.isFinished(key)) this.imageQueue.push(key);
    } else if (this.zips.status[key] !== ZIP_STATUS.done) this.zipQueue.push(key);
  }

  log(kind: string, target: string, detail = ''): void {
    this.events.push({ t: this.sim.now, kind, target, detail });
  }

  startConsumer(pod: ConsumerPod): void {
    pod.proc = this.sim.process(pod.kind === 'image-consumer' ? imageConsumer(this, pod) : zipConsumer(this, pod), pod.name);
    this.consumerCrashes.started(pod);
  }

  /** The deployments at their first sizes, the pools' first nodes, then the controllers. */
  startCluster(): void {
    this.cluster.start(this.usesZips);
    startControllers(this, this.cluster, this.serving);
  }

  /** Runs the simulation to the end of the work or the time limit (or, with a settle rule, until its verdict is settled: settle.ts). */
  run(onProgress?: (fraction: number) => void, settle?: SettleRule): { completed: boolean; reason?: string; settled?: Settled } {
    startArrivals(this);
    this.startCluster();
    startJanitor(this.sim, this.config.redis.janitor, this);
    scheduleFaults(this, this.cluster, this.serving, this.config.faults, this.config.redis.retryInterval);
    // LATE: a sample at time t sees every other event of time t
    this.sim.every(this.config.timeseriesInterval, () => this.sampler.sample(), 0, Priority.LATE);
    // Chunks of 20k events (progress and a settle rule look between them). Not 200k: V8 then deoptimised
    // Simulation.run at an early chunk's end and never re-optimised it (%GetOptimizationStatus per chunk).
    const chunk = 20_000;
    // finishAll stops the engine after the event that finished the last job (run() forgets a stop asked
    // for before it started: then it ends at once)
    const runChunk = () => (this.allDone ? 'stopped' : this.sim.run({ until: this.config.timeLimit, maxEvents: chunk }));
    let stop = runChunk();
    let settled: Settled | undefined;
    while (stop === 'maxEvents') {
      onProgress?.(this.finishedImages / this.record.count);
      // between chunks of events: reading the state changes nothing
      if (settle && !this.allDone) {
        settled = settledMiss({ now: this.sim.now, untouched: Math.max(0, this.record.count - this.finishedImages - this.inFlightImage), cost: this.cost.totalAt(this.sim.now, this.record.completed) }, settle);
        if (settled) break;
      }
      stop = runChunk();
    }
    this.sampler.sample();
    this.finishedAt = this.sim.now;
    this.cost.finish(this.finishedAt);
    if (this.allDone) return { completed: true };
    if (settled) return { completed: false, reason: `stopped early: ${settled.detail}, with ${this.record.count - this.finishedImages} images unfinished`, settled };
    if (stop === 'until')
      return { completed: false, reason: `time limit of ${this.config.timeLimit} s reached with ${this.record.count - this.finishedImages} images unfinished` };
    return { completed: false, reason: `the simulation ran out of events with ${this.record.count - this.finishedImages} images unfinished (no capacity to process them)` };
  }

  /** The sampled time series (timeseries.csv). */
  get timeseries() {
    return this.sampler.series;
  }

  private get endTime(): number {
    return Number.isNaN(this.finishedAt) ? this.sim.now : this.finishedAt;
  }

  /** The run's cost up to its end (USD). */
  costBreakdown(): CostBreakdown {
    return this.cost.breakdown(this.endTime, this.record.completed);
  }

  /** Peak GPU nodes and the mean GPU utilization (busy seconds over billed GPU node-seconds). */
  gpuSummary(): { peak_nodes: number; mean_utilization: number } {
    const nodeSeconds = this.cost.gpuNodeSeconds(this.endTime);
    return { peak_nodes: this.cluster.peakGpuNodes, mean_utilization: nodeSeconds > 0 ? this.serving.gpuBusyUntilNow() / nodeSeconds : 0 };
  }
}
