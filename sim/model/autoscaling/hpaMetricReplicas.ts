/**
 * The HorizontalPodAutoscaler's replica calculator: one metric in, one replica proposal out.
 *
 * Mirrors the arithmetic of Kubernetes' `pkg/controller/podautoscaler/replica_calculator.go` (rewritten here, not
 * copied): usage ratio = current / target, a tolerance band around 1 inside which the count holds, and for
 * per-pod metrics the cautious fill of pods whose metric is missing (100 % of target on a scale-down, 0 % on a
 * scale-up) with no change when the fill reverses the direction. Values travel as Kubernetes milli-quantities:
 * the custom-metrics adapter hands the HPA `int64(value * 1000)` (prometheus-adapter's provider truncates), and
 * the targets are the quantities written in the HPA spec. Pure: no clock, no I/O.
 */

/** Default `--horizontal-pod-autoscaler-tolerance` of kube-controller-manager (REFERENCE.md: 0.1). */
export const DEFAULT_TOLERANCE = 0.1;

/** A pod as the HPA's pod lister sees it. `value` is its metric sample (plain units); undefined = missing. */
export interface PodSample {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  ready: boolean;
  /** Pods being deleted are skipped entirely, like failed ones. */
  deleting?: boolean;
  /** The pod's metric sample in plain units (a resource metric: usage in cores or bytes). Missing = undefined. */
  value?: number;
  /** Resource metrics with a Utilization target: the pod's summed container requests, same units as `value`. */
  request?: number;
}

/** A target the HPA compares a metric with. */
export type MetricTarget =
  | { type: 'Value'; value: number }
  | { type: 'AverageValue'; averageValue: number }
  | { type: 'Utilization'; averageUtilization: number };

/** One entry of `spec.metrics`, with the reading the metrics pipeline delivered for this sync. */
export type MetricReading =
  /** Object metric (the kiosk's three HPAs) or external metric (KEDA): one value for the whole target. */
  | { source: 'object' | 'external'; name?: string; target: MetricTarget; current: number }
  /** Pods metric: one sample per pod, AverageValue target. */
  | { source: 'pods'; name?: string; target: MetricTarget; pods: readonly PodSample[] }
  /** Resource metric (cpu, memory, ...): per-pod usage, Utilization (percent of request) or AverageValue. */
  | { source: 'resource'; name: string; target: MetricTarget; pods: readonly PodSample[] };

/** The per-pod readings: pods and resource metrics. */
export type PodMetricReading = Extract<MetricReading, { pods: readonly PodSample[] }>;

/** Replica counts the calculator needs besides the metric. */
export interface ReplicaContext {
  /** `scale.spec.replicas`: what the HPA calls current replicas. */
  currentReplicas: number;
  /** `scale.status.replicas` (pods that exist); AverageValue object/external targets divide by it. */
  statusReplicas: number;
  /** Pods matching the selector that are Running and Ready; Value object/external targets multiply by it. */
  readyPods: number;
  /** Pods matching the selector at all; zero makes a Value target invalid ("no pods returned by selector"). */
  matchingPods: number;
  /** Tolerance band around ratio 1 (default 0.1). */
  tolerance?: number;
}

export type MetricProposalReason =
  | 'WithinTolerance'
  | 'MetricRatio'
  | 'DirectionFlipped'
  | 'ScaleFromZero'
  | 'InvalidMetric';

export interface MetricProposal {
  /** Proposed replicas; meaningless when `valid` is false. */
  replicas: number;
  /** Usage ratio before any cautious fill (current / target). NaN when invalid. */
  ratio: number;
  reason: MetricProposalReason;
  valid: boolean;
  message: string;
}

/** What prometheus-adapter hands the HPA: `int64(value * 1000)`, a truncated milli-value. */
export function adapterMilli(value: number): number {
  return Math.trunc(value * 1000);
}

/** A target quantity from the HPA spec as a milli-value (`Quantity.MilliValue()`, exact for written decimals). */
export function specMilli(value: number): number {
  return Math.round(value * 1000);
}

function invalid(message: string): MetricProposal {
  return { replicas: 0, ratio: Number.NaN, reason: 'InvalidMetric', valid: false, message };
}

function within(ratio: number, tolerance: number): boolean {
  return Math.abs(1 - ratio) <= tolerance;
}

/**
 * Proposes a replica count for one metric. Object/external Value: ceil(ratio x ready pods), holding inside the
 * tolerance band; from 0 replicas (only reachable with minReplicas 0) ceil(ratio). AverageValue: ceil(total /
 * per-pod target) unless total / (target x status replicas) is inside the band. Pods and resource metrics: see
 * `podMetricReplicas`.
 */
export function replicasForMetric(metric: MetricReading, ctx: ReplicaContext): MetricProposal {
  const tolerance = ctx.tolerance ?? DEFAULT_TOLERANCE;
  if (metric.source === 'object' || metric.source === 'external') {
    const current = adapterMilli(metric.current);
    if (metric.target.type === 'Value') {
      const target = specMilli(metric.target.value);
      if (target <= 0) return invalid('target value must be positive');
      const ratio = current / target;
      if (ctx.currentReplicas === 0) {
        // HPAScaleToZero: with no pods, readiness means nothing; scale straight to ceil(ratio).
        return { replicas: Math.ceil(ratio), ratio, reason: 'ScaleFromZero', valid: true, message: 'scaling from zero replicas' };
      }
      if (within(ratio, tolerance)) {
        return { replicas: ctx.currentReplicas, ratio, reason: 'WithinTolerance', valid: true, message: `ratio ${ratio} within tolerance ${tolerance}` };
      }
      if (ctx.matchingPods === 0) return invalid('no pods returned by selector while calculating replica count');
      return { replicas: Math.ceil(ratio * ctx.readyPods), ratio, reason: 'MetricRatio', valid: true, message: `ceil(${ratio} x ${ctx.readyPods} ready pods)` };
    }
    if (metric.target.type === 'AverageValue') {
      const perPod = specMilli(metric.target.averageValue);
      if (perPod <= 0) return invalid('target average value must be positive');
      const ratio = current / (perPod * ctx.statusReplicas);
      if (!within(ratio, tolerance)) {
        return { replicas: Math.ceil(current / perPod), ratio, reason: 'MetricRatio', valid: true, message: `ceil(${current}m / ${perPod}m per pod)` };
      }
      return { replicas: ctx.statusReplicas, ratio, reason: 'WithinTolerance', valid: true, message: `ratio ${ratio} within tolerance ${tolerance}` };
    }
    return invalid(`${metric.source} metrics take a Value or AverageValue target`);
  }
  return podMetricReplicas(metric as PodMetricReading, ctx);
}

/** How `groupPods` sorts the pods: counted with a metric, set aside (ignored), or missing a metric. */
export interface PodGroups {
  /** Pods whose samples enter the first ratio. */
  counted: PodSample[];
  /** Pending pods, and for CPU resource metrics unready pods: left out unless a scale-up rebalances them. */
  ignored: PodSample[];
  /** Running pods without a sample. */
  missing: PodSample[];
}

/**
 * Sorts pods like the HPA's `groupPods`: deleted and failed pods are skipped; pending pods are ignored; pods
 * without a sample are missing; for the cpu resource only, unready pods are ignored too. (Kubernetes also keeps a
 * ready cpu pod's sample during its first `cpu-initialization-period` only if it was taken after readiness; the
 * caller expresses that by marking such a pod unready.)
 */
export function groupPods(pods: readonly PodSample[], ignoreUnready: boolean): PodGroups {
  const groups: PodGroups = { counted: [], ignored: [], missing: [] };
  for (const pod of pods) {
    if (pod.deleting || pod.phase === 'Failed') continue;
    if (pod.phase === 'Pending') groups.ignored.push(pod);
    else if (pod.value === undefined) groups.missing.push(pod);
    else if (ignoreUnready && !pod.ready) groups.ignored.push(pod);
    else groups.counted.push(pod);
  }
  return groups;
}

interface MilliSample {
  value: number;
  request: number;
}

/** Ratio of a set of milli samples to the target: integer-percent utilization or integer mean, as Kubernetes does. */
function sampleRatio(samples: readonly MilliSample[], target: MetricTarget): number {
  if (target.type === 'Utilization') {
    let used = 0;
    let requested = 0;
    for (const s of samples) {
      used += s.value;
      requested += s.request;
    }
    const utilization = Math.trunc((used * 100) / requested); // GetResourceUtilizationRatio: int64 division
    return utilization / target.averageUtilization;
  }
  let total = 0;
  for (const s of samples) total += s.value;
  const mean = Math.trunc(total / samples.length); // GetMetricUtilizationRatio: int64 division
  return mean / specMilli((target as { averageValue: number }).averageValue);
}

/**
 * Pods and resource metrics: the ratio over pods with samples; when nothing is missing or set aside the count
 * is ceil(ratio x counted pods). Otherwise missing pods are filled with 100 % of target on a scale-down and 0 %
 * on a scale-up, set-aside pods with 0 % on a scale-up, and the ratio is recomputed over all of them; a fill that
 * lands inside the band or reverses the direction leaves the count unchanged.
 */
export function podMetricReplicas(
  metric: PodMetricReading,
  ctx: ReplicaContext,
): MetricProposal {
  const tolerance = ctx.tolerance ?? DEFAULT_TOLERANCE;
  const { target } = metric;
  if (target.type === 'Value') return invalid(`${metric.source} metrics take an AverageValue or Utilization target`);
  if (target.type === 'Utilization' && metric.source !== 'resource') return invalid('only resource metrics take a Utilization target');
  const utilization = target.type === 'Utilization';
  if (utilization && metric.pods.some((p) => !(p.request !== undefined && p.request > 0) && !p.deleting && p.phase !== 'Failed')) {
    return invalid(`missing request for ${metric.name ?? 'resource'}`);
  }
  if (metric.pods.length === 0) return invalid('no pods returned by selector while calculating replica count');
  const ignoreUnready = metric.source === 'resource' && metric.name === 'cpu';
  const groups = groupPods(metric.pods, ignoreUnready);
  if (groups.counted.length === 0) return invalid('did not receive metrics for any ready pods');

  const milli = (p: PodSample, value: number): MilliSample => ({
    value,
    request: utilization ? specMilli(p.request as number) : 0,
  });
  const counted = groups.counted.map((p) => milli(p, metric.source === 'resource' ? specMilli(p.value as number) : adapterMilli(p.value as number)));
  const ratio = sampleRatio(counted, target);

  const rebalanceIgnored = groups.ignored.length > 0 && ratio > 1;
  if (!rebalanceIgnored && groups.missing.length === 0) {
    if (within(ratio, tolerance)) {
      return { replicas: ctx.currentReplicas, ratio, reason: 'WithinTolerance', valid: true, message: `ratio ${ratio} within tolerance ${tolerance}` };
    }
    return { replicas: Math.ceil(ratio * counted.length), ratio, reason: 'MetricRatio', valid: true, message: `ceil(${ratio} x ${counted.length} pods)` };
  }

  // The cautious fill. On a scale-down a missing pod counts as using its whole request (Utilization) or exactly
  // the target (AverageValue), as Kubernetes fills them.
  const full = (p: PodSample): MilliSample =>
    utilization ? milli(p, specMilli(p.request as number)) : milli(p, specMilli(target.averageValue));
  const filled = [...counted];
  if (ratio < 1) for (const p of groups.missing) filled.push(full(p));
  else for (const p of groups.missing) filled.push(milli(p, 0));
  if (rebalanceIgnored) for (const p of groups.ignored) filled.push(milli(p, 0));

  const newRatio = sampleRatio(filled, target);
  if (within(newRatio, tolerance) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) {
    return {
      replicas: ctx.currentReplicas,
      ratio,
      reason: within(newRatio, tolerance) ? 'WithinTolerance' : 'DirectionFlipped',
      valid: true,
      message: `ratio after filling missing/unready pods is ${newRatio}`,
    };
  }
  const proposed = Math.ceil(newRatio * filled.length);
  if (utilization && ((newRatio < 1 && proposed > ctx.currentReplicas) || (newRatio > 1 && proposed < ctx.currentReplicas))) {
    // Newer resource-metric path: counting the filled pods would move the count against the metric's direction.
    return { replicas: ctx.currentReplicas, ratio, reason: 'DirectionFlipped', valid: true, message: `ceil(${newRatio} x ${filled.length}) = ${proposed} moves against the metric` };
  }
  return { replicas: proposed, ratio, reason: 'MetricRatio', valid: true, message: `ceil(${newRatio} x ${filled.length} pods after filling)` };
}
