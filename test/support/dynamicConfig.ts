import type { KioskConfig, NodePoolConfig, PreemptionConfig } from '../../sim/model/config.ts';
import type { DistributionSpec } from '../../sim/engine/distributions.ts';
import type { ServingProfile } from '../../sim/model/serving/profile.ts';
import { GCP_2019_06 } from '../../sim/model/cost/prices.ts';
import { idealConfig } from './idealConfig.ts';

const MiB = 2 ** 20;
const GB = 1e9;

/**
 * A small derived V100 profile for tests: t = a + b x tiles per batch, with b chosen so one GPU does
 * ~7 images/s (42 tiles each), inside the paper's 5-10 frames/s. Not a calibration.
 */
export const TEST_PROFILE: ServingProfile = {
  schema: 'kiosk-sim/serving-profile@1',
  name: 'test-v100-derived',
  description: 'test fixture: affine batch time, 7 images/s per GPU',
  model: 'panoptic',
  weights: 'random',
  provenance: 'derived',
  hardware: { device: 'V100 (assumed)' },
  backend: 'none',
  created: '2025-01-01',
  command: 'derived',
  derivation: '294 tiles/s = 7 images/s x 42 tiles; b = 1/294 s per tile minus a per-batch overhead',
  input: { tileHeight: 256, tileWidth: 256, channels: 1, dtype: 'float32' },
  samples: [],
  fit: { form: 'affine-batch-pixels', a: 0.01, b: 0.0033, tilePixels: 65536, rmseSeconds: 0, maxRelativeError: 0, method: 'derived' },
  residuals: { kind: 'multiplicative-empirical', values: [1] },
};

export interface DynamicOptions {
  images: number;
  /** START_DELAY between zips (s). */
  startDelay: number;
  gpuMax: number;
  policy?: 'kiosk' | 'keda' | 'fixed';
  preemption?: PreemptionConfig;
  crashMtbf?: number;
  /** Mean time between consumer crashes (s); default never. */
  consumerCrashMtbf?: number;
  zones?: number;
  seed?: number;
}

/**
 * A 2020-era kiosk with every dynamic on, small enough for unit tests: paced zips, storage transfers,
 * tiling and batching, the 20 s deadline and 3 s retry, preemptible GPU and consumer pools with the
 * cluster autoscaler, the kiosk's HPAs and kiosk-autoscaler, the 2019-06 prices. Timings are round
 * test values in the ranges of platform.md, not calibrated ones.
 */
export function dynamicConfig(o: DynamicOptions): KioskConfig {
  const base = idealConfig({ images: o.images, rate: 1, service: { kind: 'constant', value: 0.1 }, servers: 1, consumers: 1 });
  const u = (min: number, max: number): DistributionSpec => ({ kind: 'uniform', min, max });
  const step = { latency: 0.05, bandwidthBps: 400e6 };
  const pool = (machine: NodePoolConfig['machine'], preemptible: boolean, min: number, max: number, gpu: boolean): NodePoolConfig => ({
    machine, preemptible, min, max, provisioning: u(60, 120), gpuReadyDelay: gpu ? u(120, 300) : { kind: 'constant', value: 0 },
  });
  return {
    ...base,
    name: 'dynamic-test',
    seed: o.seed ?? 1,
    workload: { ...base.workload, arrival: { kind: 'paced', startDelay: o.startDelay } },
    storage: { enabled: true, steps: { zipUp: step, zipDown: step, imageUp: step, imageDown: step, resultUp: step, resultDown: step, resultsZipUp: step, clientDown: step } },
    redis: { ...base.redis, emptyQueueSleep: 5, putBackSleep: 0.5, opLatency: 0.0005, janitor: { enabled: true, interval: 5, staleAfter: 15 } },
    consumers: {
      image: { resources: { cpu: 0.3, memoryBytes: 256 * MiB, gpu: 0 }, startup: u(5, 15), preprocess: { kind: 'constant', value: 0.05 }, postprocess: { kind: 'lognormal', mean: 0.8, cv: 0.3 }, crashMtbf: o.consumerCrashMtbf ?? Infinity },
      zip: { resources: { cpu: 0.2, memoryBytes: 128 * MiB, gpu: 0 }, startup: u(5, 15), perImageCpu: 0.01, crashMtbf: o.consumerCrashMtbf ?? Infinity },
    },
    serving: {
      ...base.serving,
      serviceTime: { kind: 'profile', profile: TEST_PROFILE },
      routing: 'random',
      batching: { enabled: true, maxBatchSize: 128, batchTimeout: 1, maxEnqueuedBatches: 512, numBatchThreads: 2 },
      tiling: { enabled: true, tileSize: 256, strideFraction: 0.75, tilesPerRequest: 16 },
      grpc: { deadline: 20, retryBackoff: 3, maxRetries: 0 },
      startup: u(20, 40),
      modelLoad: u(10, 30),
      crashMtbf: o.crashMtbf ?? Infinity,
    },
    cluster: {
      zones: o.zones ?? 2,
      terminationGrace: 30, // Kubernetes' default terminationGracePeriodSeconds (scenario default)
      pools: {
        gpu: pool({ name: 'n1-highmem-2', cpu: 1.93, memoryBytes: 10.5 * GB, gpus: 1, gpuType: 'V100' }, true, 0, o.gpuMax, true),
        consumer: pool({ name: 'n1-standard-2', cpu: 1.93, memoryBytes: 5.5 * GB, gpus: 0, gpuType: null }, true, 1, 1000, false),
        default: pool({ name: 'n1-standard-4', cpu: 3.92, memoryBytes: 12 * GB, gpus: 0, gpuType: null }, false, 1, 1000, false),
      },
      preemption: o.preemption ?? { model: 'none' },
      autoscaler: { enabled: true, scanInterval: 10, requestDelay: 5, maxProvisionTime: 900, scaleDownUnneeded: 600, scaleDownDelayAfterAdd: 600, utilizationThreshold: 0.5, maxBulkDelete: 10 },
    },
    autoscaling: {
      ...base.autoscaling,
      policy: o.policy ?? 'kiosk',
      fixed: { serving: o.gpuMax, imageConsumers: 10 * o.gpuMax, zipConsumers: 2 },
      metrics: { scrapeInterval: 15, evalInterval: 15, adapterLag: 0, gpuWindow: 60 },
    },
    cost: {
      prices: { machines: { ...GCP_2019_06.machines }, gpus: { ...GCP_2019_06.gpus } },
      storagePerGbMonth: 0.026, storageEgressPerGb: 0.12, operationsPer10k: 0.054, interZoneEgressPerGb: 0.01,
    },
    timeLimit: 24 * 3600,
    timeseriesInterval: 60,
  };
}
