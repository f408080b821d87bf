import type { KioskConfig, TransferConfig } from '../../sim/model/config.ts';
import type { DistributionSpec } from '../../sim/engine/distributions.ts';

const zeroTransfer: TransferConfig = { latency: 0, bandwidthBps: Infinity };

/**
 * A kiosk reduced to a textbook queue: Poisson images straight onto the image queue, ideal storage
 * and Redis, no pre/post-processing, batching and tiling off, `servers` fixed tf-serving pods with
 * `service` GPU time per request, `consumers` image consumers, least-loaded routing.
 */
export function idealConfig(opts: {
  images: number;
  rate: number;
  service: DistributionSpec;
  servers: number;
  consumers: number;
  routing?: 'random' | 'least-loaded';
}): KioskConfig {
  const zero: DistributionSpec = { kind: 'constant', value: 0 };
  const steps = { zipUp: zeroTransfer, zipDown: zeroTransfer, imageUp: zeroTransfer, imageDown: zeroTransfer, resultUp: zeroTransfer, resultDown: zeroTransfer, resultsZipUp: zeroTransfer, clientDown: zeroTransfer };
  const res = { cpu: 0.1, memoryBytes: 1e8, gpu: 0 };
  const machine = { name: 'n1-standard-2', cpu: 2, memoryBytes: 7.5e9, gpus: 0, gpuType: null };
  const pool = { machine, preemptible: false, min: 0, max: 1000, provisioning: zero, gpuReadyDelay: zero };
  return {
    name: 'ideal', era: '2020', seed: 1,
    workload: { images: opts.images, imagesPerZip: 100, imageWidth: 1280, imageHeight: 1080, imageBytes: 1.5e6, resultBytes: 5.6e3, arrival: { kind: 'poisson', rate: opts.rate, unit: 'image' } },
    storage: { enabled: false, steps },
    redis: { emptyQueueSleep: 0, putBackSleep: 0, opLatency: 0, rotationTick: 0.25, queues: { image: 'segmentation', zip: 'segmentation-zip' }, janitor: { enabled: false, interval: 5, staleAfter: 15 } },
    consumers: {
      image: { resources: res, startup: zero, preprocess: zero, postprocess: zero, crashMtbf: Infinity },
      zip: { resources: res, startup: zero, perImageCpu: 0, crashMtbf: Infinity },
    },
    serving: {
      serviceTime: { kind: 'distribution', perBatch: opts.service },
      routing: opts.routing ?? 'least-loaded',
      batching: { enabled: false, maxBatchSize: 1, batchTimeout: 0, maxEnqueuedBatches: 1e9, numBatchThreads: 1 },
      tiling: { enabled: false, tileSize: 256, strideFraction: 0.75, tilesPerRequest: 16 },
      grpc: { deadline: Infinity, retryBackoff: 3, maxRetries: 0 },
      resources: { cpu: 1, memoryBytes: 3.5 * 2 ** 30, gpu: 1 },
      startup: zero, modelLoad: zero, crashMtbf: Infinity,
      restartBackoff: { initial: 10, max: 300, resetAfter: 600 },
    },
    cluster: {
      zones: 1,
      pools: { gpu: { ...pool, machine: { ...machine, name: 'n1-highmem-2', gpus: 1, gpuType: 'V100' } }, consumer: pool, default: pool },
      preemption: { model: 'none' },
      terminationGrace: 30,
      autoscaler: { enabled: false, scanInterval: 10, requestDelay: 5, maxProvisionTime: 900, scaleDownUnneeded: 600, scaleDownDelayAfterAdd: 600, utilizationThreshold: 0.5, maxBulkDelete: 10 },
    },
    autoscaling: {
      policy: 'fixed',
      fixed: { serving: opts.servers, imageConsumers: opts.consumers, zipConsumers: 0 },
      hpa: { syncPeriod: 15, tolerance: 0.1, mode: 'legacy', downscaleStabilization: 300, behavior: { scaleUp: { stabilizationWindow: 0, policies: [], selectPolicy: 'Max' }, scaleDown: { stabilizationWindow: 300, policies: [], selectPolicy: 'Max' } } },
      metrics: { scrapeInterval: 15, evalInterval: 15, adapterLag: 0, gpuWindow: 60 },
      serving: { targetGpuPercent: 70, min: 1 },
      imageConsumer: { target: 0.15, min: 1, maxPerGpu: 150, consumersPerGpuLimit: 150, overloadFactor: 0.75 },
      zipConsumer: { target: 2, min: 1, maxPerGpu: 100 },
      kioskAutoscaler: { interval: 5 },
      keda: { listLength: 5, pollingInterval: 30, cooldown: 300 },
    },
    cost: { prices: { machines: {}, gpus: {} }, storagePerGbMonth: 0, storageEgressPerGb: 0, operationsPer10k: 0, interZoneEgressPerGb: 0 },
    timeLimit: 1e9,
    timeseriesInterval: 60,
  };
}
