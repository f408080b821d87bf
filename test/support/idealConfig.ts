import type { DistributionSpec } from '../../sim/engine/distributions.ts';
import type { KioskConfig } from '../../sim/model/config.ts';
import type { PlainObject } from '../../sim/scenario/merge.ts';
import { configFrom } from './configFrom.ts';

/** Removes a default distribution's parameters before a mapping of another kind is merged over it. */
export const replacing = (d: DistributionSpec): PlainObject => ({ value: undefined, min: undefined, max: undefined, mean: undefined, cv: undefined, ...d });

/**
 * The overrides (scenario spelling, over defaults.ts) that reduce the kiosk to a textbook queue, as
 * scenarios/examples/ideal.yaml does: Poisson images straight onto the image queue, ideal storage and
 * Redis, no pre/post-processing, batching and tiling off, no crashes, no preemption, no gRPC deadline,
 * fixed replicas on nodes that need no provisioning, free of charge.
 */
export function idealOverrides(opts: { images: number; rate: number; service: DistributionSpec; servers: number; consumers: number; routing?: 'random' | 'least-loaded' }): PlainObject {
  const instant = { preemptible: false, min: 0, max: 1000, provisioning: 0, gpu_ready_delay: 0 };
  const small = { cpu: 0.1, memory: 1e8, gpu: 0 };
  return {
    time_limit: 1e9, timeseries_interval: 60,
    workload: { images: opts.images, arrival: { kind: 'poisson', rate: opts.rate, unit: 'image', start_delay: undefined } },
    storage: { enabled: false, latency: 0, variation: { kind: 'constant' } }, // ideal: exact times when a test turns storage on
    redis: { op_latency: 0, empty_queue_sleep: 0, put_back_sleep: 0, janitor: { enabled: false } },
    consumers: {
      image: { resources: small, startup: 0, preprocess: 0, postprocess: 0, crash_mtbf: 'never' },
      zip: { resources: small, startup: 0, per_image_cpu: 0, crash_mtbf: 'never' },
    },
    serving: {
      service_time: replacing(opts.service),
      routing: opts.routing ?? 'least-loaded',
      batching: { enabled: false, max_batch_size: 1, batch_timeout: 0, max_enqueued_batches: 1e9, num_batch_threads: 1 },
      tiling: { enabled: false },
      grpc: { deadline: 'never' },
      startup: 0, model_load: 0, crash_mtbf: 'never',
    },
    cluster: {
      zones: 1,
      // the machines' raw shapes (2 vCPU, 7.5 GB), not the catalogue's allocatable: room for 20 consumers of 0.1 CPU
      pools: { gpu: { ...instant, cpu: 2, memory: 7.5e9 }, consumer: { ...instant, cpu: 2, memory: 7.5e9 }, default: { ...instant, machine: 'n1-standard-2', cpu: 2, memory: 7.5e9 } },
      preemption: { model: 'none' },
      autoscaler: { enabled: false },
    },
    autoscaling: { policy: 'fixed', fixed: { serving: opts.servers, image_consumers: opts.consumers, zip_consumers: 0 } },
    cost: { storage_per_gb_month: 0, storage_egress_per_gb: 0, operations_per_10k: 0, inter_zone_egress_per_gb: 0 },
  };
}

/** A kiosk reduced to a textbook queue (idealOverrides): `servers` GPUs of `service` time per request, `consumers` image consumers. */
export function idealConfig(opts: Parameters<typeof idealOverrides>[0]): KioskConfig {
  const c = configFrom(idealOverrides(opts), 'ideal');
  // a price table merges over the built-in one, so no scenario can empty it: the ideal kiosk is free
  c.cost.prices = { machines: {}, gpus: {} };
  return c;
}
