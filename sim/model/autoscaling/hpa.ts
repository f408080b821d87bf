/**
 * The HorizontalPodAutoscaler's decision for one sync, as a pure function: `recommend(input, now)`.
 *
 * Steps, as `reconcileAutoscaler` in Kubernetes' `horizontal.go` takes them (rewritten, not copied):
 *  1. First sync: record the current count as a recommendation (so nothing shrinks in the first window).
 *  2. Spec replicas 0 with minReplicas > 0: scaling is disabled, nothing happens (the kiosk-autoscaler or KEDA
 *     does 0 -> 1). Above max or below min: go straight to the bound.
 *  3. Each metric proposes a count (`replicasForMetric`); the largest valid proposal wins.
 *  4. Normalise. Legacy (Kubernetes <= 1.17, no `behavior`; the kiosk's GKE 1.14): the proposal becomes the
 *     highest recommendation of the last 5 min (itself included), then is capped at max(2 x current, 4) and
 *     clamped to [min, max]. Behavior (1.18+): clamp the current count between the lowest recommendation of the
 *     scale-up window and the highest of the scale-down window, then limit the change by the rate policies
 *     counted over the recorded scale events, and keep within [min, max].
 * The caller keeps the returned `history` for the next sync. The controller loop, metric fetching and the
 * actual scaling live elsewhere.
 */
import {
  type MetricReading,
  type MetricProposal,
  type ReplicaContext,
  replicasForMetric,
  DEFAULT_TOLERANCE,
} from './hpaMetricReplicas.ts';
import { type HpaHistory, appendRecommendation, appendScaleEvent, changeInPeriod } from './hpaHistory.ts';

export type { HpaHistory } from './hpaHistory.ts';
export { emptyHpaHistory, appendRecommendation, appendScaleEvent, changeInPeriod } from './hpaHistory.ts';
export type { MetricReading, MetricTarget, PodSample, MetricProposal, ReplicaContext } from './hpaMetricReplicas.ts';
export { replicasForMetric, podMetricReplicas, groupPods, adapterMilli, specMilli, DEFAULT_TOLERANCE } from './hpaMetricReplicas.ts';

/** The HPA controller's sync period (`--horizontal-pod-autoscaler-sync-period`, REFERENCE.md: 15 s). */
export const HPA_SYNC_PERIOD_S = 15;
/** `--horizontal-pod-autoscaler-downscale-stabilization` default (REFERENCE.md: 5 min). */
export const DEFAULT_DOWNSCALE_STABILIZATION_S = 300;
/** Legacy scale-up cap: max(SCALE_UP_LIMIT_FACTOR x current, SCALE_UP_LIMIT_MINIMUM) (horizontal.go; REFERENCE.md). */
export const SCALE_UP_LIMIT_FACTOR = 2;
export const SCALE_UP_LIMIT_MINIMUM = 4;

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: readonly ScalingPolicy[];
}

export interface Behavior {
  scaleUp: ScalingRules;
  scaleDown: ScalingRules;
}

/** Kubernetes' defaults for an HPA with `behavior` (REFERENCE.md; autoscaling/v2 API defaults). */
export const DEFAULT_BEHAVIOR: Behavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Percent', value: 100, periodSeconds: 15 },
      { type: 'Pods', value: 4, periodSeconds: 15 },
    ],
  },
  scaleDown: {
    stabilizationWindowSeconds: DEFAULT_DOWNSCALE_STABILIZATION_S,
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  },
};

export interface HpaSpec {
  minReplicas: number;
  maxReplicas: number;
  /** Tolerance band around ratio 1 (default 0.1). */
  tolerance?: number;
  /** 'legacy': Kubernetes <= 1.17 (no behavior field); 'behavior': 1.18+ windows and rate policies. */
  mode: 'legacy' | 'behavior';
  /** Legacy only: downscale stabilisation window, seconds (default 300). */
  downscaleStabilizationS?: number;
  /** Behavior only (defaults to DEFAULT_BEHAVIOR). */
  behavior?: Behavior;
}

export interface RecommendInput {
  spec: HpaSpec;
  /** `scale.spec.replicas`. */
  currentReplicas: number;
  /** `scale.status.replicas` (defaults to currentReplicas). */
  statusReplicas?: number;
  /** Pods Running and Ready. */
  readyPods: number;
  /** Pods matching the selector (defaults to statusReplicas). */
  matchingPods?: number;
  metrics: readonly MetricReading[];
  history: HpaHistory;
}

export type HpaReason =
  | 'ScalingDisabled'
  | 'AboveMaxReplicas'
  | 'BelowMinReplicas'
  | 'FailedGetMetrics'
  | 'ScaleUpLimit'
  | 'ScaleDownLimit'
  | 'TooManyReplicas'
  | 'TooFewReplicas'
  | 'ScaleUpStabilized'
  | 'ScaleDownStabilized'
  | 'WithinTolerance'
  | 'DesiredWithinRange';

export interface HpaRecommendation {
  /** The count to set (equal to currentReplicas when nothing changes). */
  replicas: number;
  reason: HpaReason;
  message: string;
  /** The largest metric proposal before normalisation (NaN when none was valid or none was computed). */
  metricReplicas: number;
  /** Every metric's proposal, in spec order. */
  proposals: readonly MetricProposal[];
  /** History to keep for the next sync. */
  history: HpaHistory;
}

/** One HPA sync. Pure: `now` is the simulated time in seconds. */
export function recommend(input: RecommendInput, now: number): HpaRecommendation {
  const { spec, currentReplicas: current } = input;
  const keepS = longestWindow(spec);
  let history = input.history;
  if (!history.started) history = appendRecommendation(history, { t: now, replicas: current }, keepS);
  const done = (replicas: number, reason: HpaReason, message: string, metricReplicas = Number.NaN, proposals: readonly MetricProposal[] = []): HpaRecommendation => {
    if (spec.mode === 'behavior') history = appendScaleEvent(history, current, replicas, now, longestPolicyPeriod(replicas > current ? behaviorOf(spec).scaleUp : behaviorOf(spec).scaleDown));
    return { replicas, reason, message, metricReplicas, proposals, history };
  };

  if (current === 0 && spec.minReplicas !== 0) {
    return done(0, 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
  }
  if (current > spec.maxReplicas) return done(spec.maxReplicas, 'AboveMaxReplicas', 'current number of replicas above maxReplicas');
  if (current < spec.minReplicas) return done(spec.minReplicas, 'BelowMinReplicas', 'current number of replicas below minReplicas');

  const statusReplicas = input.statusReplicas ?? current;
  const ctx: ReplicaContext = {
    currentReplicas: current,
    statusReplicas,
    readyPods: input.readyPods,
    matchingPods: input.matchingPods ?? statusReplicas,
    tolerance: spec.tolerance ?? DEFAULT_TOLERANCE,
  };
  const proposals = input.metrics.map((m) => replicasForMetric(m, ctx));
  let desired = 0;
  let winner: MetricProposal | undefined;
  for (const p of proposals) {
    if (p.valid && (winner === undefined || p.replicas > desired)) {
      desired = p.replicas;
      winner = p;
    }
  }
  if (winner === undefined) {
    return done(current, 'FailedGetMetrics', proposals.map((p) => p.message).join('; ') || 'no metrics', Number.NaN, proposals);
  }

  const normalised = spec.mode === 'legacy' ? normaliseLegacy(spec, current, desired, history, now) : normaliseWithBehavior(spec, current, desired, history, now);
  history = normalised.history;
  let { reason, message } = normalised;
  if (reason === 'DesiredWithinRange' && normalised.replicas === current && desired === current && proposals.some((p) => p.valid && p.reason === 'WithinTolerance')) {
    reason = 'WithinTolerance';
    message = winner.message;
  }
  return done(normalised.replicas, reason, message, desired, proposals);
}

interface Normalised {
  replicas: number;
  reason: HpaReason;
  message: string;
  history: HpaHistory;
}

/** Legacy (<= 1.17): max of the recommendations in the downscale window, then the 2x/4 cap and [min, max]. */
export function normaliseLegacy(spec: HpaSpec, current: number, desired: number, history: HpaHistory, now: number): Normalised {
  const windowS = spec.downscaleStabilizationS ?? DEFAULT_DOWNSCALE_STABILIZATION_S;
  let stabilised = desired;
  for (const r of history.recommendations) if (r.t >= now - windowS && r.replicas > stabilised) stabilised = r.replicas;
  const next = appendRecommendation(history, { t: now, replicas: desired }, windowS);
  const limited = clampLegacy(current, stabilised, spec.minReplicas, spec.maxReplicas);
  if (limited.reason === 'DesiredWithinRange' && stabilised !== desired) {
    return { replicas: stabilised, reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation', history: next };
  }
  return withHistory(limited, next);
}

/**
 * `{ ...limited, history }` as a literal of one fixed shape: V8's object spread made a result whose fields
 * `recommend` then read slowly, a quarter of each HPA sync (3,700 syncs in the headline run).
 */
function withHistory(limited: { replicas: number; reason: HpaReason; message: string }, history: HpaHistory): Normalised {
  return { replicas: limited.replicas, reason: limited.reason, message: limited.message, history };
}

/** Legacy `convertDesiredReplicasWithRules`: below min -> min; above min(max, max(2 x current, 4)) -> that cap. */
export function clampLegacy(current: number, desired: number, min: number, max: number): { replicas: number; reason: HpaReason; message: string } {
  const scaleUpLimit = Math.max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM);
  const capByRate = max > scaleUpLimit;
  const ceiling = capByRate ? scaleUpLimit : max;
  if (desired < min) return { replicas: min, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  if (desired > ceiling) {
    return capByRate
      ? { replicas: ceiling, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
      : { replicas: ceiling, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
  }
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/**
 * Behavior (1.18+): stabilise (current clamped between the lowest recommendation in the scale-up window and the
 * highest in the scale-down window, both including this sync's), then apply the rate policies and [min, max].
 */
export function normaliseWithBehavior(spec: HpaSpec, current: number, desired: number, history: HpaHistory, now: number): Normalised {
  const behavior = behaviorOf(spec);
  let up = desired;
  let down = desired;
  for (const r of history.recommendations) {
    if (r.t > now - behavior.scaleUp.stabilizationWindowSeconds) up = Math.min(up, r.replicas);
    if (r.t > now - behavior.scaleDown.stabilizationWindowSeconds) down = Math.max(down, r.replicas);
  }
  const stabilised = Math.min(Math.max(current, up), down);
  const next = appendRecommendation(history, { t: now, replicas: desired }, longestWindow(spec));
  const limited = rateLimit(behavior, spec.minReplicas, spec.maxReplicas, current, stabilised, history, now);
  if (limited.reason === 'DesiredWithinRange' && stabilised !== desired) {
    return desired >= current
      ? { replicas: stabilised, reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation', history: next }
      : { replicas: stabilised, reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation', history: next };
  }
  return withHistory(limited, next);
}

/** Behavior rate limits (`convertDesiredReplicasWithBehaviorRate`), counting events over each policy's period. */
export function rateLimit(
  behavior: Behavior,
  min: number,
  max: number,
  current: number,
  desired: number,
  history: HpaHistory,
  now: number,
): { replicas: number; reason: HpaReason; message: string } {
  if (desired > current) {
    const limit = Math.max(scaleUpLimit(current, history, behavior.scaleUp, now), current);
    const byRate = max > limit;
    const ceiling = byRate ? limit : max;
    if (desired > ceiling) {
      return byRate
        ? { replicas: ceiling, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' }
        : { replicas: ceiling, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
    }
  } else if (desired < current) {
    const limit = Math.min(scaleDownLimit(current, history, behavior.scaleDown, now), current);
    const byRate = min < limit;
    const floor = byRate ? limit : min;
    if (desired < floor) {
      return byRate
        ? { replicas: floor, reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' }
        : { replicas: floor, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
    }
  }
  return { replicas: desired, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/** The most replicas the scale-up policies allow now: per policy, from the count at the start of its period. */
export function scaleUpLimit(current: number, history: HpaHistory, rules: ScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  let result = rules.selectPolicy === 'Min' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  for (const policy of rules.policies) {
    const periodStart = current - changeInPeriod(history.scaleUpEvents, policy.periodSeconds, now) + changeInPeriod(history.scaleDownEvents, policy.periodSeconds, now);
    // Percent rounds up so that a small deployment can always grow (horizontal.go).
    const proposed = policy.type === 'Pods' ? periodStart + policy.value : Math.ceil(periodStart * (1 + policy.value / 100));
    result = rules.selectPolicy === 'Min' ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** The fewest replicas the scale-down policies allow now. */
export function scaleDownLimit(current: number, history: HpaHistory, rules: ScalingRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  let result = rules.selectPolicy === 'Min' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  for (const policy of rules.policies) {
    const periodStart = current - changeInPeriod(history.scaleUpEvents, policy.periodSeconds, now) + changeInPeriod(history.scaleDownEvents, policy.periodSeconds, now);
    // Percent truncates the remaining count (Go's int32 conversion), i.e. the removal rounds up.
    const proposed = policy.type === 'Pods' ? periodStart - policy.value : Math.trunc(periodStart * (1 - policy.value / 100));
    result = rules.selectPolicy === 'Min' ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

function behaviorOf(spec: HpaSpec): Behavior {
  return spec.behavior ?? DEFAULT_BEHAVIOR;
}

function longestWindow(spec: HpaSpec): number {
  if (spec.mode === 'legacy') return spec.downscaleStabilizationS ?? DEFAULT_DOWNSCALE_STABILIZATION_S;
  const b = behaviorOf(spec);
  return Math.max(b.scaleUp.stabilizationWindowSeconds, b.scaleDown.stabilizationWindowSeconds);
}

function longestPolicyPeriod(rules: ScalingRules): number {
  let longest = 0;
  for (const p of rules.policies) longest = Math.max(longest, p.periodSeconds);
  return longest;
}
