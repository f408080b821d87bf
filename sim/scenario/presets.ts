/**
 * Built-in presets a scenario can `extends`. kiosk-2020 is the defaults themselves (defaults.ts);
 * kiosk-2019 lists only what the first submission did differently, each with its source
 * (KS = sim/model/REFERENCE.md, "Two configurations" table unless said otherwise).
 */
import { DEFAULT_PROFILE_2019, DEFAULTS } from './defaults.ts';
import type { ScenarioInput } from './schema.ts';

export const KIOSK_2019 = {
  extends: 'kiosk-2020',
  era: '2019', // KS: the first submission
  redis: {
    queues: { image: 'predict', zip: 'predict-zip' }, // KS: queues predict, predict-zip
    put_back_sleep: '0s', // KS "Queue semantics": 2019 has no sleep after a put-back
  },
  serving: {
    // KS: feature-net "watershed" model, fp16, whole image in one request
    profile: DEFAULT_PROFILE_2019,
    batching: {
      max_batch_size: 1, // KS: TF-Serving 1.11, max_batch_size 1
      batch_timeout: '0s', // KS: timeout 0
    },
    tiling: { enabled: false }, // KS "Tiling, batching and the gRPC call": 2019 sends the whole image in one call
    // grpc: deadline 20 s in both eras (KS "Tiling..."); MAX_RETRY for 2019 is not stated:
    // assumption: the same as 2020 (retry for ever).
  },
  cluster: {
    pools: {
      consumer: { machine: 'n1-standard-8' }, // KS: consumer node pool n1-standard-8 preemptible
    },
  },
  autoscaling: {
    metrics: {
      // KS: Prometheus operator default, "probably 30 s"
      scrape_interval: '30s',
      eval_interval: '30s',
    },
    image_consumer: { overload_factor: 0.9 }, // KS: 0.9 x 0.15 = 0.135
    zip_consumer: { target: 1 }, // KS: zip-consumer HPA target 1
  },
} satisfies ScenarioInput;

export const PRESETS: Record<string, ScenarioInput> = {
  'kiosk-2020': DEFAULTS,
  'kiosk-2019': KIOSK_2019,
};

export const PRESET_NAMES = Object.keys(PRESETS);

/** The preset called `name`, by own key only ("__proto__" or "toString" is no preset). */
export function presetNamed(name: string): ScenarioInput | undefined {
  return Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
}
