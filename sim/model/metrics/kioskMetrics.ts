/**
 * The kiosk's autoscaling metrics as pure functions: the Prometheus recording rules that feed its three HPAs,
 * the GPU duty cycle they start from, and the Redis exporter's key counts. Formulas and constants are those of
 * `REFERENCE.md` ("Autoscaling"); the pipeline that samples them (scrape, rule evaluation,
 * adapter lag) lives with the metrics model, which calls these.
 */

import type { Era } from '../config.ts';

/** Constants of the image-consumer ("segmentation consumer") recording rule. */
export interface ConsumerRuleConstants {
  /** Above this many consumers per available tf-serving pod the rule reports `tooManyValue` (REFERENCE.md: 150). */
  consumersPerGpu: number;
  /** Divisor of the key term K / (keysPerConsumer x c) (REFERENCE.md: K/(100 c)). */
  keysPerConsumer: number;
  /** The "too many consumers" value, a fraction of the 0.15 target (REFERENCE.md: 2019 0.9 x 0.15, 2020 0.75 x 0.15). */
  tooManyValue: number;
}

export const CONSUMER_RULE: Record<Era, ConsumerRuleConstants> = {
  '2019': { consumersPerGpu: 150, keysPerConsumer: 100, tooManyValue: 0.9 * 0.15 }, // 0.135
  '2020': { consumersPerGpu: 150, keysPerConsumer: 100, tooManyValue: 0.75 * 0.15 }, // 0.1125
};

export interface ConsumerMetricInput {
  /** Mean GPU duty cycle of the tf-serving containers, percent (u). */
  gpuDutyCyclePct: number;
  /** Queued + in-flight keys of the image queue, as the Redis exporter counts them (K). */
  keys: number;
  /** Image-consumer replicas (c, the deployment's spec replicas). */
  consumers: number;
  /** Available tf-serving pods; 0 means "tf down" and the metric is 0. */
  tfServingPods: number;
}

/**
 * The image-consumer metric:
 *   m = [tf up] x ( [c/g <= 150] x min(1 - u/100, K/(100 c), 1) + [c/g > 150] x tooManyValue ),  g = max(pods, 1).
 * With no consumers the key term is +Inf for K > 0 (PromQL division) and 0 for K = 0 (0/0 compares false).
 */
export function consumerMetric(input: ConsumerMetricInput, rule: ConsumerRuleConstants): number {
  if (input.tfServingPods < 1) return 0;
  const g = Math.max(input.tfServingPods, 1);
  const c = input.consumers;
  if (c > 0 && c / g > rule.consumersPerGpu) return rule.tooManyValue;
  const keyTerm = c > 0 ? input.keys / (rule.keysPerConsumer * c) : input.keys > 0 ? Number.POSITIVE_INFINITY : 0;
  return Math.min(1 - input.gpuDutyCyclePct / 100, keyTerm, 1);
}

/** The zip-consumer metric: keys in the zip queue per zip-consumer replica (REFERENCE.md). */
export function zipConsumerMetric(zipKeys: number, replicas: number): number {
  if (replicas > 0) return zipKeys / replicas;
  return zipKeys > 0 ? Number.POSITIVE_INFINITY : 0;
}

/** The tf-serving metric: mean duty cycle (percent) of the tf-serving containers; undefined with none (no sample). */
export function tfServingMetric(dutyCyclesPct: readonly number[]): number | undefined {
  if (dutyCyclesPct.length === 0) return undefined;
  let sum = 0;
  for (const u of dutyCyclesPct) sum += u;
  return sum / dutyCyclesPct.length;
}

/** GPU duty cycle (percent) from a cumulative busy-seconds counter read at both ends of a window. */
export function dutyCycleFromCounter(busyAtStart: number, busyAtEnd: number, windowS: number): number {
  if (!(windowS > 0)) return 0;
  return Math.min(100, Math.max(0, (100 * (busyAtEnd - busyAtStart)) / windowS));
}

/**
 * The Redis exporter's key count for a queue (its Lua script): LLEN(q) + the sum of LLEN over every
 * `processing-q:*` list, i.e. queued + in flight.
 */
export function exporterKeyCount(queueLength: number, processingListLengths: readonly number[]): number {
  let sum = queueLength;
  for (const n of processingListLengths) sum += n;
  return sum;
}
