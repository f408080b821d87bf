/**
 * The kiosk model's configuration: every setting in SI units (seconds, bytes, bits per second,
 * USD), all defaults already filled. The scenario layer (sim/scenario) turns a user's YAML file,
 * with units, presets and overrides, into this object; the model never sees strings or files.
 */
import type { DistributionSpec } from '../engine/distributions.ts';
import type { ServingProfile } from './serving/profile.ts';

export type Era = '2019' | '2020';

/** How work enters the system. */
export type ArrivalConfig =
  /** The benchmark protocol: zip i is created at t = i x startDelay (the zip is already in the bucket). */
  | { kind: 'paced'; startDelay: number }
  /** The client uploads zips over one shared link; concurrent uploads share the bandwidth equally. */
  | { kind: 'upload'; bandwidthBps: number; concurrency: number }
  /** Jobs arrive as a Poisson process of `rate` per second. */
  | { kind: 'poisson'; rate: number; unit: 'image' | 'zip' }
  /** Jobs arrive every `interval` seconds. */
  | { kind: 'deterministic'; interval: number; unit: 'image' | 'zip' }
  /** Jobs arrive at the given times (seconds, ascending), read from a CSV by the scenario layer. */
  | { kind: 'trace'; times: number[]; unit: 'image' | 'zip' };

export interface WorkloadConfig {
  images: number;
  imagesPerZip: number;
  imageWidth: number;
  imageHeight: number;
  imageBytes: number;
  resultBytes: number;
  arrival: ArrivalConfig;
}

/** One storage transfer: time = latency + bytes / bandwidth. */
export interface TransferConfig {
  latency: number;
  bandwidthBps: number;
}

/** The eight transfer steps of the supplement. */
export const TRANSFER_STEPS = [
  'zipUp', 'zipDown', 'imageUp', 'imageDown', 'resultUp', 'resultDown', 'resultsZipUp', 'clientDown',
] as const;
export type TransferStep = (typeof TRANSFER_STEPS)[number];

/** Per-request variation of transfers (sim/model/bucket/variation.ts): none, or lognormal factors of median 1. */
export type StorageVariation = { kind: 'constant' } | { kind: 'lognormal'; latencySigma: number; bandwidthSigma: number };

export interface StorageConfig {
  /** false: every transfer takes zero time (the ideal stage used by textbook tests). */
  enabled: boolean;
  steps: Record<TransferStep, TransferConfig>;
  /** Absent: constant (latency + bytes / bandwidth for every request). */
  variation?: StorageVariation;
}

export interface RedisConfig {
  /** Sleep after finding the queue empty (kiosk-redis-consumer: 5 s). */
  emptyQueueSleep: number;
  /** Sleep after putting an unfinished job back (2020: 0.5 s; 2019: 0). */
  putBackSleep: number;
  /** Time of one Redis round trip (seconds); 0 makes Redis ideal. */
  opLatency: number;
  /**
   * Step (s) in which zip consumers' cycles over unfinished parents are simulated together
   * (ZipRotation); pop times stay exact, other components see them up to this late. 0 = exact.
   */
  rotationTick: number;
  janitor: { enabled: boolean; interval: number; staleAfter: number };
  /** Queue names (cosmetic, for outputs): 2020 segmentation / segmentation-zip; 2019 predict / predict-zip. */
  queues: { image: string; zip: string };
  /** Round trips of the consumer loop between two empty polls (0: the period is emptyQueueSleep exactly; redis/pollPeriod.ts). */
  emptyPollRoundTrips: number;
  /** Lateness added to each empty-queue sleep (timer wake-up on a loaded host); constant 0 = none. */
  emptyPollJitter: DistributionSpec;
  /** While Redis is down, seconds between a consumer client's tries of a command (faults/redisOutage.ts); 0 = done the moment it is back. */
  retryInterval: number;
}

export interface PodResources {
  cpu: number; // cores
  memoryBytes: number;
  gpu: number;
}

export interface ConsumerConfig {
  resources: PodResources;
  /** Pod start (schedule to running) time. */
  startup: DistributionSpec;
  /** Mean time between consumer crashes (an uncaught exception ends the process); Infinity = never. */
  crashMtbf: number;
}

export interface ImageConsumerConfig extends ConsumerConfig {
  preprocess: DistributionSpec;
  /** Status HSETs per image, one Redis round trip each, in the kiosk's order (consumers/statusUpdates.ts); 0 = free. */
  statusUpdates: number;
  /** CPU post-processing time per image; `profile` samples the serving profile's measured distribution. */
  postprocess: DistributionSpec | { kind: 'profile' };
}

export interface ZipConsumerConfig extends ConsumerConfig {
  /** CPU time to unpack the zip / build the results zip, per image. */
  perImageCpu: number;
}

export interface BatchingConfig {
  enabled: boolean;
  maxBatchSize: number; // tiles (2020) or images (2019) per batch
  batchTimeout: number; // seconds
  maxEnqueuedBatches: number;
  numBatchThreads: number;
}

export interface TilingConfig {
  /** false: the whole image is one request of size 1 (2019). */
  enabled: boolean;
  tileSize: number;
  /** Stride as a fraction of the tile (0.75 -> stride ceil(0.75 x 256) = 192). */
  strideFraction: number;
  tilesPerRequest: number;
}

export interface GrpcConfig {
  deadline: number;
  retryBackoff: number;
  /** 0 = retry for ever (2020's MAX_RETRY 0). */
  maxRetries: number;
  /** Client-side time of one call outside the server (connect, send, receive, wake-ups), inside the deadline; constant 0 = none. */
  callOverhead: DistributionSpec;
  /** Fraction of callOverhead spent before the request reaches the server (the rest after its answer). */
  callOverheadBefore: number;
  /** Added to retryBackoff at each retry: a failed attempt's client time past its outcome and the back-off's lateness; constant 0 = none. */
  retryLateness: DistributionSpec;
}

/** GPU seconds per batch: from a profile, or a textbook distribution (tests). */
export type ServiceTimeConfig =
  | { kind: 'profile'; profile: ServingProfile }
  | { kind: 'distribution'; perBatch: DistributionSpec };

export interface ServingConfig {
  serviceTime: ServiceTimeConfig;
  /** Lag-1 correlation of successive batches' residuals (normal scores, AR(1)); 0 = independent draws. */
  residualCorrelation: number;
  /** Seconds: the residuals' normal scores as an Ornstein-Uhlenbeck process in time; 0 = off (residualCorrelation applies). */
  residualCorrelationTime: number;
  /** The first batch after an idle gap of at least `after` seconds takes (1 + extra) x; extra 0 = off. */
  idleWarmup: { after: number; extra: number };
  /** Every batch x exp(sd X(t)), X an OU process of time constant `time` seconds (the host's slow level); off when either is 0. */
  hostDrift: { time: number; sd: number };
  /** How a request picks a server: kube-proxy's random choice per connection (iptables mode: the kiosk), in turn (IPVS round-robin), or the least-loaded server (a gRPC-aware balancer). */
  routing: 'random' | 'round-robin' | 'least-loaded';
  batching: BatchingConfig;
  tiling: TilingConfig;
  grpc: GrpcConfig;
  resources: PodResources;
  /** Container start to server listening. */
  startup: DistributionSpec;
  /** Server listening to model loaded (requests before that get UNAVAILABLE: no readiness probe). */
  modelLoad: DistributionSpec;
  /** Mean time between server crashes (seconds); Infinity = never. */
  crashMtbf: number;
  /** CrashLoopBackOff: first delay, doubling, capped. */
  restartBackoff: { initial: number; max: number; resetAfter: number };
}

export interface MachineConfig {
  name: string;
  cpu: number; // allocatable cores
  memoryBytes: number; // allocatable
  gpus: number;
  gpuType: string | null;
}

export interface NodePoolConfig {
  machine: MachineConfig;
  preemptible: boolean;
  min: number;
  max: number;
  /** Cloud request to node Ready. */
  provisioning: DistributionSpec;
  /** Node Ready to GPU allocatable (driver install); 0 for CPU pools. */
  gpuReadyDelay: DistributionSpec;
}

export type PreemptionConfig =
  | { model: 'none' }
  | { model: 'exponential'; meanLifetime: number; notice: number; grace: number; cap: number }
  | { model: 'bathtub'; A: number; b: number; tau1: number; tau2: number; notice: number; grace: number; cap: number };

export interface ClusterAutoscalerConfig {
  enabled: boolean;
  scanInterval: number;
  requestDelay: number;
  maxProvisionTime: number;
  scaleDownUnneeded: number;
  scaleDownDelayAfterAdd: number;
  utilizationThreshold: number;
  maxBulkDelete: number;
}

export interface ClusterConfig {
  zones: number;
  pools: { gpu: NodePoolConfig; consumer: NodePoolConfig; default: NodePoolConfig };
  preemption: PreemptionConfig;
  autoscaler: ClusterAutoscalerConfig;
  /** Pod terminationGracePeriodSeconds on a scale-down or drain, seconds (`cluster.termination_grace`). */
  terminationGrace: number;
}

export type HpaMode = 'legacy' | 'behavior';

export interface HpaBehaviorConfig {
  scaleUp: { stabilizationWindow: number; policies: { type: 'Pods' | 'Percent'; value: number; period: number }[]; selectPolicy: 'Max' | 'Min' | 'Disabled' };
  scaleDown: { stabilizationWindow: number; policies: { type: 'Pods' | 'Percent'; value: number; period: number }[]; selectPolicy: 'Max' | 'Min' | 'Disabled' };
}

export interface AutoscalingConfig {
  /** kiosk: the paper's HPAs + kiosk-autoscaler; keda: KEDA Redis-list scaler; fixed: constant replicas. */
  policy: 'kiosk' | 'keda' | 'fixed';
  fixed: { serving: number; imageConsumers: number; zipConsumers: number };
  hpa: { syncPeriod: number; tolerance: number; mode: HpaMode; downscaleStabilization: number; behavior: HpaBehaviorConfig };
  metrics: { scrapeInterval: number; evalInterval: number; adapterLag: number; gpuWindow: number };
  serving: { targetGpuPercent: number; min: number };
  imageConsumer: { target: number; min: number; maxPerGpu: number; consumersPerGpuLimit: number; overloadFactor: number };
  zipConsumer: { target: number; min: number; maxPerGpu: number };
  kioskAutoscaler: { interval: number };
  keda: { listLength: number; pollingInterval: number; cooldown: number };
}

export interface CostConfig {
  /** USD per hour by machine name and by GPU type, on-demand and preemptible. */
  prices: { machines: Record<string, { onDemand: number; preemptible: number }>; gpus: Record<string, { onDemand: number; preemptible: number }> };
  storagePerGbMonth: number;
  storageEgressPerGb: number;
  operationsPer10k: number;
  interZoneEgressPerGb: number;
}

export interface KioskConfig {
  name: string;
  era: Era;
  seed: number;
  workload: WorkloadConfig;
  storage: StorageConfig;
  redis: RedisConfig;
  consumers: { image: ImageConsumerConfig; zip: ZipConsumerConfig };
  serving: ServingConfig;
  cluster: ClusterConfig;
  autoscaling: AutoscalingConfig;
  cost: CostConfig;
  /** Simulated-time limit: a run that has not finished by then stops with completed=false. */
  timeLimit: number;
  /** Sampling interval of the time series. */
  timeseriesInterval: number;
  /** Faults at given times (model/faults/scheduledFaults.ts); empty = none. */
  faults: ScheduledFault[];
}

/** One fault at a time: a consumer killed, the model server down, Redis down, for `duration` seconds. */
export interface ScheduledFault {
  /** Seconds after the run's start. */
  at: number;
  kind: 'consumer-kill' | 'server-restart' | 'redis-down';
  /** server-restart: time until the server starts again; redis-down: the outage; consumer-kill: unused. */
  duration: number;
}

/**
 * Whether a run uses zips (zip jobs, zip consumers, result downloads): when arrivals are zips (paced,
 * upload, or `unit: zip`). Otherwise images arrive on their own and no zip consumer runs.
 */
export function arrivalsAreZips(arrival: ArrivalConfig): boolean {
  return arrival.kind === 'paced' || arrival.kind === 'upload' || arrival.unit === 'zip';
}
