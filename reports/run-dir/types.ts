/** What reports read from a run directory (architecture.md "Contracts" + the `meta` object). Tolerant: optional where runs may omit. */

/** Across replications. */
export interface Stat {
  mean: number;
  sd: number;
  min: number;
  max: number;
  ci95?: [number, number];
}

import type { QuantileSummary } from '../../sim/engine/stats/index.ts';

/** Over all images of all replications (the simulator's own type). */
export type Q = QuantileSummary;

export type Arrival =
  | { kind: 'paced'; start_delay_s: number }
  | { kind: 'upload'; bandwidth_bps: number }
  | { kind: string; [key: string]: unknown };

export interface RunMeta {
  era?: '2019' | '2020';
  images?: number;
  gpu_max?: number;
  zones?: number;
  preemptible?: boolean;
  arrival?: Arrival;
  /** Effective upload speed in bit/s (150 MB zip / start delay for paced arrivals). */
  upload_bps?: number;
  /** Per-GPU inference speed implied by the serving profile, images/s. */
  gpu_images_per_s?: number;
  profile?: string;
  /** autoscaling.policy: kiosk | keda | fixed. */
  policy?: string;
}

/** One reason the run took as long as it did (what held it back), as the planner's `limited_by` reports it. */
export interface LimitedBy {
  cause: string;
  detail?: string;
}

/** Where the per-GPU speed came from: measured on the GPU type, or derived (scaled from another GPU's profile). */
export interface GpuSpeed {
  provenance: 'measured' | 'derived';
  profile?: string;
  source?: string;
}

/** The price table the cost was computed with. */
export interface PriceTable {
  table: string;
  date?: string;
}

export interface RunSummary {
  scenario: string;
  replications: number;
  seeds?: number[];
  completed?: boolean;
  reason?: string;
  images?: { submitted: number; completed: number; failed: number };
  makespan_s?: Stat;
  throughput_images_per_s?: Stat;
  latency_s?: Partial<Record<'total' | 'queue_wait' | 'transfer' | 'serving' | 'postprocess', Q>>;
  cost_usd?: Partial<Record<'total' | 'gpu_nodes' | 'cpu_nodes' | 'storage' | 'operations' | 'egress' | 'storage_egress' | 'data', Stat>>;
  gpu?: { peak_nodes?: Stat; mean_utilization?: Stat };
  engine?: { events: number; wall_s: number; events_per_s: number };
  meta?: RunMeta;
  /** Added by later versions of `kiosk-sim run`; reports say "not recorded by this run" when absent. */
  limited_by?: LimitedBy[];
  gpu_speed?: GpuSpeed;
  prices?: PriceTable;
}
