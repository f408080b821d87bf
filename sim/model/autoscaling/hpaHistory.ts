/**
 * The HPA's memory, kept by the caller as plain data: every unstabilised recommendation with its time, and
 * (behavior mode) the scale events the rate policies count. Kubernetes keeps the same three lists per HPA in
 * `horizontal.go` (`recommendations`, `scaleUpEvents`, `scaleDownEvents`) and reuses an outdated slot instead of
 * pruning; pruning everything outside the longest window gives the same answers with bounded memory.
 */

export interface TimedRecommendation {
  /** Seconds of simulated time. */
  t: number;
  replicas: number;
}

export interface ScaleEvent {
  t: number;
  /** Pods added (scale-up list) or removed (scale-down list); always positive. */
  change: number;
}

export interface HpaHistory {
  /** False until the first sync: that sync records the current count as an initial recommendation. */
  started: boolean;
  recommendations: readonly TimedRecommendation[];
  scaleUpEvents: readonly ScaleEvent[];
  scaleDownEvents: readonly ScaleEvent[];
}

export function emptyHpaHistory(): HpaHistory {
  return { started: false, recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

/** Adds a recommendation and drops those older than `keepS` (the longest stabilisation window). */
export function appendRecommendation(history: HpaHistory, rec: TimedRecommendation, keepS: number): HpaHistory {
  const recommendations = history.recommendations.filter((r) => r.t >= rec.t - keepS);
  recommendations.push(rec);
  return { started: true, recommendations, scaleUpEvents: history.scaleUpEvents, scaleDownEvents: history.scaleDownEvents };
}

/**
 * Records a rescale from `from` to `to` at `t` in the matching list, dropping events older than the longest
 * policy period of that direction (`keepS`). No change, no event.
 */
export function appendScaleEvent(history: HpaHistory, from: number, to: number, t: number, keepS: number): HpaHistory {
  if (to === from) return history;
  const keep = (e: ScaleEvent) => e.t >= t - keepS;
  // literals of the history's one shape, not spreads (see hpa.ts withHistory)
  const { started, recommendations, scaleUpEvents, scaleDownEvents } = history;
  if (to > from) return { started, recommendations, scaleUpEvents: [...scaleUpEvents.filter(keep), { t, change: to - from }], scaleDownEvents };
  return { started, recommendations, scaleUpEvents, scaleDownEvents: [...scaleDownEvents.filter(keep), { t, change: from - to }] };
}

/** Sum of changes strictly after `now - periodS` (Kubernetes' `timestamp.After(cutoff)`). */
export function changeInPeriod(events: readonly ScaleEvent[], periodS: number, now: number): number {
  let sum = 0;
  for (const e of events) if (e.t > now - periodS) sum += e.change;
  return sum;
}
