import type { KioskConfig, PreemptionConfig } from '../../sim/model/config.ts';
import type { ServingProfile } from '../../sim/model/serving/profile.ts';
import { camelKey } from '../../sim/scenario/camelTree.ts';
import { configFrom } from './configFrom.ts';
import { replacing } from './idealConfig.ts';

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

/** A mean time between crashes as a scenario writes it: unset or Infinity is "never". */
const mtbf = (s: number | undefined): number | 'never' => (s === undefined || s === Infinity ? 'never' : s);

/** A preemption model in the scenario's spelling (the config's keys back to snake_case, A to a). */
function preemptionOverride(p: PreemptionConfig): Record<string, unknown> {
  const snake: Record<string, string> = { A: 'a', meanLifetime: 'mean_lifetime' };
  for (const k of Object.keys(p)) if (!(k in snake) && camelKey(k) !== k) throw new Error(`dynamicConfig: no scenario key for ${k}`);
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [snake[k] ?? k, v]));
}

/**
 * A 2020-era kiosk with every dynamic on, small enough for unit tests: paced zips, storage transfers,
 * tiling and batching, the 20 s deadline and 3 s retry, preemptible GPU and consumer pools with the
 * cluster autoscaler, the kiosk's HPAs and kiosk-autoscaler, the 2019-06 prices (the defaults'). The
 * overrides are round test values in the ranges of sim/model/REFERENCE.md, not calibrated ones; the rest is defaults.ts.
 */
export function dynamicConfig(o: DynamicOptions): KioskConfig {
  const u = (min: number, max: number) => replacing({ kind: 'uniform', min, max });
  const pool = (machine: string, cpu: number, memory: number, preemptible: boolean, min: number, max: number, gpu: boolean) =>
    ({ machine, cpu, memory, preemptible, min, max, provisioning: u(60, 120), gpu_ready_delay: gpu ? u(120, 300) : 0 });
  const c = configFrom({
    seed: o.seed ?? 1,
    time_limit: '24h', timeseries_interval: 60,
    workload: { images: o.images, arrival: { kind: 'paced', start_delay: o.startDelay } },
    storage: { enabled: true, latency: 0.05, bandwidth: '400Mbps', variation: { kind: 'constant' } }, // exact transfer times the tests can work by hand
    redis: { op_latency: 0.0005 },
    consumers: {
      image: { resources: { cpu: 0.3, memory: '256Mi' }, startup: u(5, 15), preprocess: 0.05, postprocess: replacing({ kind: 'lognormal', mean: 0.8, cv: 0.3 }), crash_mtbf: mtbf(o.consumerCrashMtbf) },
      zip: { resources: { cpu: 0.2, memory: '128Mi' }, startup: u(5, 15), per_image_cpu: 0.01, crash_mtbf: mtbf(o.consumerCrashMtbf) },
    },
    serving: {
      service_time: 'profile',
      routing: 'random',
      batching: { enabled: true, max_batch_size: 128, batch_timeout: 1, max_enqueued_batches: 512, num_batch_threads: 2 },
      startup: u(20, 40),
      model_load: u(10, 30),
      crash_mtbf: mtbf(o.crashMtbf),
    },
    cluster: {
      zones: o.zones ?? 2,
      pools: {
        gpu: pool('n1-highmem-2', 1.93, 10.5e9, true, 0, o.gpuMax, true),
        consumer: pool('n1-standard-2', 1.93, 5.5e9, true, 1, 1000, false),
        default: pool('n1-standard-4', 3.92, 12e9, false, 1, 1000, false),
      },
      preemption: preemptionOverride(o.preemption ?? { model: 'none' }),
    },
    autoscaling: {
      policy: o.policy ?? 'kiosk',
      fixed: { serving: o.gpuMax, image_consumers: 10 * o.gpuMax, zip_consumers: 2 },
      metrics: { gpu_window: 60 },
    },
  }, 'dynamic-test');
  // the test profile is an object, not a file a scenario could name
  c.serving.serviceTime = { kind: 'profile', profile: TEST_PROFILE };
  return c;
}
