/**
 * What limited a run: figures measured from what the run recorded (its time series, counters and
 * per-image record), and small pure rules that turn figures into named causes. A summary reports
 * `limited_by: [{ cause, detail }]` (README.md, "Using it"); an empty list means no rule fired.
 *
 * The rules (thresholds are judgement calls, named here so that a reader can argue with them):
 * - gpus:       GPUs busy more than 90% of the post-ramp window (GPU-seconds busy / GPU-seconds ready).
 * - upload:     GPUs not saturated and the client still submitting work after 80% of the window: work
 *               arrives no faster than it is done (the queue may still hold work when the consumers'
 *               HPA has scaled them down to the arrival rate).
 * - consumers:  GPUs not saturated and either (a) the image queue holds work more than half the post-ramp
 *               window while the image consumers are at their maximum more than half of it (image
 *               consumers), or (b) the image queue is empty more than half the window although the client
 *               submitted its last job before 80% of it (the zip consumers expand zips too slowly).
 * - ramp-up:    serving pods reached 90% of their peak after more than 20% of the window.
 * - retries:    more predict retries than 5% of the images.
 * - preemption: nodes were preempted and jobs were requeued more than 5% of the images (redone work).
 */
import type { KioskConfig } from '../model/config.ts';
import type { ImageRecord } from '../model/record.ts';
import { IMAGE_STATUS } from '../model/record.ts';
import type { TimeSeries } from '../model/record.ts';

export type LimitCause = 'upload' | 'consumers' | 'gpus' | 'ramp-up' | 'retries' | 'preemption';

export interface Limit {
  cause: LimitCause;
  detail: string;
}

/** What the rules read, from one replication (or the mean over replications). */
export interface LimitFigures {
  /** The simulated window (s). */
  window_s: number;
  /** When ready serving pods first reached 90% of their peak (s). */
  ramp_s: number;
  /** GPU-seconds busy / GPU-seconds of ready serving pods, after the ramp. */
  gpu_busy_post_ramp: number;
  /** Fraction of the post-ramp window with an empty image queue. */
  image_queue_empty_frac: number;
  /** Fraction of the post-ramp window with the running image consumers at their maximum. */
  consumers_at_max_frac: number;
  /** The image consumers' maximum (the fixed count, or the HPA's maximum). */
  consumer_max: number;
  /** Time the client submitted its last job (s). */
  arrivals_end_s: number;
  images: number;
  retries: number;
  preemptions: number;
  requeued: number;
  /** Images per busy GPU-second and per consumer-second (from the run), for the fixed-policy check. */
  images_per_gpu_busy_s: number;
  consumer_seconds_per_image: number;
  /** Serving replicas with the fixed policy (null otherwise). */
  fixed_serving: number | null;
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const h = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(2)} h` : `${s.toFixed(0)} s`);

export const GPU_BUSY = 0.9;
const MOST = 0.5;
const LATE_ARRIVALS = 0.8;
const LATE_RAMP = 0.2;
const MANY_RETRIES = 0.05;
const MANY_REQUEUED = 0.05;

export function gpuRule(f: LimitFigures): Limit | null {
  if (!(f.gpu_busy_post_ramp > GPU_BUSY)) return null;
  return { cause: 'gpus', detail: `GPUs busy ${pct(f.gpu_busy_post_ramp)} of the post-ramp window (${h(f.window_s - f.ramp_s)})` };
}

export function uploadRule(f: LimitFigures): Limit | null {
  const end = f.window_s > 0 ? f.arrivals_end_s / f.window_s : 0;
  if (f.gpu_busy_post_ramp > GPU_BUSY || !(end > LATE_ARRIVALS)) return null;
  return {
    cause: 'upload',
    detail: `the client submitted work until ${h(f.arrivals_end_s)} (${pct(end)} of the window) with the GPUs busy ${pct(f.gpu_busy_post_ramp)} and the image queue empty ${pct(f.image_queue_empty_frac)} of the post-ramp window`,
  };
}

export function zipConsumerRule(f: LimitFigures): Limit | null {
  const end = f.window_s > 0 ? f.arrivals_end_s / f.window_s : 0;
  if (f.gpu_busy_post_ramp > GPU_BUSY || !(f.image_queue_empty_frac > MOST) || end > LATE_ARRIVALS) return null;
  return {
    cause: 'consumers',
    detail: `image queue empty ${pct(f.image_queue_empty_frac)} of the post-ramp window, GPUs busy ${pct(f.gpu_busy_post_ramp)}, although the last job was submitted at ${h(f.arrivals_end_s)} (${pct(end)} of the window): the zip consumers expand zips too slowly`,
  };
}

export function imageConsumerRule(f: LimitFigures): Limit | null {
  if (f.gpu_busy_post_ramp > GPU_BUSY || !(1 - f.image_queue_empty_frac > MOST) || !(f.consumers_at_max_frac > MOST)) return null;
  return {
    cause: 'consumers',
    detail: `image queue non-empty ${pct(1 - f.image_queue_empty_frac)} of the post-ramp window with the image consumers at their maximum of ${f.consumer_max} ${pct(f.consumers_at_max_frac)} of it, GPUs busy ${pct(f.gpu_busy_post_ramp)}`,
  };
}

export function rampRule(f: LimitFigures): Limit | null {
  if (!(f.window_s > 0 && f.ramp_s > LATE_RAMP * f.window_s)) return null;
  return { cause: 'ramp-up', detail: `serving pods reached 90% of their peak after ${h(f.ramp_s)} (${pct(f.ramp_s / f.window_s)} of the window)` };
}

export function retryRule(f: LimitFigures): Limit | null {
  if (!(f.images > 0 && f.retries > MANY_RETRIES * f.images)) return null;
  return { cause: 'retries', detail: `${f.retries.toFixed(0)} predict retries for ${f.images} images (${(f.retries / f.images).toFixed(2)} per image)` };
}

export function preemptionRule(f: LimitFigures): Limit | null {
  if (!(f.preemptions > 0 && f.requeued > MANY_REQUEUED * f.images)) return null;
  return { cause: 'preemption', detail: `${f.preemptions.toFixed(0)} preemptions requeued ${f.requeued.toFixed(0)} jobs (${pct(f.requeued / f.images)} of the images)` };
}

const RULES = [gpuRule, uploadRule, zipConsumerRule, imageConsumerRule, rampRule, retryRule, preemptionRule];

/** Every cause whose rule fires, in the order above (one 'consumers' at most). */
export function limitsFrom(f: LimitFigures): Limit[] {
  const out: Limit[] = [];
  for (const rule of RULES) {
    const l = rule(f);
    if (l && !out.some((o) => o.cause === l.cause)) out.push(l);
  }
  return out;
}

/**
 * The fixed policy cannot raise its consumers: when the image consumers' capacity (count / consumer-seconds
 * per image, measured) is below the GPUs' (serving replicas x images per busy GPU-second, measured), the GPUs
 * can never be kept busy. GPU capacity measured at low load understates a batching GPU's, so this errs towards
 * silence.
 */
export function fixedPolicyWarning(f: LimitFigures, imageConsumers: number): string | null {
  if (f.fixed_serving === null || f.gpu_busy_post_ramp > GPU_BUSY || !(f.consumer_seconds_per_image > 0) || !(f.images_per_gpu_busy_s > 0)) return null;
  const consumerRate = imageConsumers / f.consumer_seconds_per_image;
  const gpuRate = f.fixed_serving * f.images_per_gpu_busy_s;
  if (consumerRate >= gpuRate) return null;
  return (
    `autoscaling.policy fixed: ${imageConsumers} image consumers x ${(1 / f.consumer_seconds_per_image).toFixed(3)} images/s each = ` +
    `${consumerRate.toFixed(2)} images/s, below the ${f.fixed_serving} GPUs' ${gpuRate.toFixed(2)} images/s ` +
    `(${f.images_per_gpu_busy_s.toFixed(2)} per busy GPU-second): raise autoscaling.fixed.image_consumers to at least ${Math.ceil(gpuRate * f.consumer_seconds_per_image)}`
  );
}

/** Mean of each figure over replications (the rules then judge the run as a whole). */
export function meanFigures(all: readonly LimitFigures[]): LimitFigures {
  const keys = Object.keys(all[0]!) as (keyof LimitFigures)[];
  const out = {} as Record<keyof LimitFigures, number | null>;
  for (const k of keys) {
    const xs = all.map((f) => f[k]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
    out[k] = xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
  }
  out.fixed_serving = all[0]!.fixed_serving;
  return out as unknown as LimitFigures;
}

export interface RecordedRun {
  config: KioskConfig;
  series: TimeSeries;
  record: ImageRecord;
  counters: Record<string, number>;
  window_s: number;
}

/** The figures of one replication, from its time series, record and counters. */
export function limitFigures(run: RecordedRun): LimitFigures {
  const { config, series, record, counters, window_s } = run;
  const t = series.times;
  const ready = series.column('pods_serving_ready');
  const util = series.column('gpu_utilization');
  const queue = series.column('queue_image');
  const consumers = series.column('pods_image_consumer');
  const a = config.autoscaling;
  const consumerMax = a.policy === 'fixed' ? a.fixed.imageConsumers : a.imageConsumer.maxPerGpu * config.cluster.pools.gpu.max;

  let peak = 0;
  for (let k = 0; k < ready.length; k++) peak = Math.max(peak, ready[k]!);
  let ramp = window_s;
  for (let k = 0; k < ready.length; k++) {
    if (peak > 0 && ready[k]! >= 0.9 * peak) {
      ramp = t[k]!;
      break;
    }
  }
  // sample k covers (t[k-1], t[k]]; its utilisation is over that interval
  let readyS = 0, busyS = 0, allBusyS = 0, postS = 0, emptyS = 0, atMaxS = 0;
  for (let k = 1; k < t.length; k++) {
    const dt = t[k]! - t[k - 1]!;
    if (!(dt > 0)) continue;
    allBusyS += util[k]! * ready[k]! * dt;
    if (t[k - 1]! < ramp) continue;
    readyS += ready[k]! * dt;
    busyS += util[k]! * ready[k]! * dt;
    postS += dt;
    if (queue[k]! === 0) emptyS += dt;
    if (consumers[k]! >= consumerMax) atMaxS += dt;
  }
  // the columns in locals: a loop over 10^6 images that runs interpreted until V8 replaces it on the stack
  const { submitted, status, finished, popped } = record;
  let lastSubmit = 0, consumerS = 0;
  for (let i = 0; i < record.count; i++) {
    const s = submitted[i]!;
    if (s > lastSubmit) lastSubmit = s;
    if (status[i] === IMAGE_STATUS.done) consumerS += finished[i]! - popped[i]!;
  }
  return {
    window_s,
    ramp_s: ramp,
    gpu_busy_post_ramp: readyS > 0 ? busyS / readyS : 0,
    image_queue_empty_frac: postS > 0 ? emptyS / postS : 0,
    consumers_at_max_frac: postS > 0 ? atMaxS / postS : 0,
    consumer_max: consumerMax,
    arrivals_end_s: lastSubmit,
    images: record.count,
    retries: counters.retries ?? 0,
    preemptions: counters.preemptions ?? 0,
    requeued: counters.requeued ?? 0,
    images_per_gpu_busy_s: allBusyS > 0 ? record.completed / allBusyS : 0,
    consumer_seconds_per_image: record.completed > 0 ? consumerS / record.completed : 0,
    fixed_serving: a.policy === 'fixed' ? a.fixed.serving : null,
  };
}
