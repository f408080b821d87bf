/**
 * KEDA with its Redis-list scaler, the modern alternative to the kiosk's custom metric (REFERENCE.md "KEDA").
 * KEDA itself polls the list every `pollingIntervalS` and handles 0 <-> 1: it starts the deployment when the list
 * is active and stops it once the list has been inactive for `cooldownPeriodS`. Between 1 and N it hands over to
 * an HPA it creates: an external metric (the list length) with an AverageValue target of `listLength` per pod,
 * so desired = ceil(LLEN / listLength) (see `replicasForMetric`), under the 1.18+ default behavior.
 *
 * The trap: LLEN counts only keys still waiting. Keys a consumer has moved to its processing list are invisible,
 * unlike the kiosk's Redis exporter (LLEN + processing lists): a queue drained into processing lists reads 0 and
 * KEDA scales the consumers that are working on it towards zero.
 */
import type { HpaSpec, MetricReading } from './hpa.ts';
import { DEFAULT_BEHAVIOR } from './hpa.ts';

export interface KedaConfig {
  /** Target list length per replica (KEDA redis scaler `listLength`, default 5). */
  listLength: number;
  /** The list counts as active above this length (`activationListLength`, default 0). */
  activationListLength: number;
  /** KEDA's polling interval (REFERENCE.md: 30 s; KEDA default). */
  pollingIntervalS: number;
  /** Inactive time before scaling to zero (REFERENCE.md: 300 s; KEDA default). */
  cooldownPeriodS: number;
  /** ScaledObject bounds (KEDA defaults 0 and 100). */
  minReplicaCount: number;
  maxReplicaCount: number;
}

/** KEDA's documented defaults (ScaledObject spec and the Redis Lists scaler page). */
export const KEDA_DEFAULTS: KedaConfig = {
  listLength: 5,
  activationListLength: 0,
  pollingIntervalS: 30,
  cooldownPeriodS: 300,
  minReplicaCount: 0,
  maxReplicaCount: 100,
};

/** What KEDA remembers between polls. */
export interface KedaState {
  /** Last poll time at which the list was active; null before the first active poll. */
  lastActiveAt: number | null;
}

export interface KedaDecision {
  /** Replicas to set, or null to leave the count to the HPA. */
  replicas: number | null;
  reason: 'ActivateFromZero' | 'ScaleToZero' | 'CoolingDown' | 'RaiseToMin' | 'LeaveToHpa' | 'StayAtZero';
  state: KedaState;
}

/** The list length KEDA reads: LLEN of the queue alone (the trap: processing lists are not counted). */
export function kedaListLength(queued: number): number {
  return queued;
}

/** One KEDA poll: the 0 <-> 1 part of the policy. */
export function kedaPoll(config: KedaConfig, llen: number, currentReplicas: number, state: KedaState, now: number): KedaDecision {
  const active = llen > config.activationListLength;
  const next: KedaState = active ? { lastActiveAt: now } : state;
  if (active && currentReplicas === 0) return { replicas: Math.max(config.minReplicaCount, 1), reason: 'ActivateFromZero', state: next };
  if (!active && currentReplicas > 0 && config.minReplicaCount === 0) {
    // KEDA scales to zero when it has never seen the list active or the cooldown has fully passed.
    if (state.lastActiveAt === null || state.lastActiveAt + config.cooldownPeriodS < now) return { replicas: 0, reason: 'ScaleToZero', state: next };
    return { replicas: null, reason: 'CoolingDown', state: next };
  }
  if (currentReplicas < config.minReplicaCount) return { replicas: config.minReplicaCount, reason: 'RaiseToMin', state: next };
  return { replicas: null, reason: currentReplicas === 0 ? 'StayAtZero' : 'LeaveToHpa', state: next };
}

/** The HPA KEDA creates: 1.18+ default behavior, bounds max(min, 1)..max. */
export function kedaHpaSpec(config: KedaConfig): HpaSpec {
  return { mode: 'behavior', behavior: DEFAULT_BEHAVIOR, minReplicas: Math.max(config.minReplicaCount, 1), maxReplicas: config.maxReplicaCount };
}

/** The HPA's metric: the list length as an external metric with `listLength` per pod. */
export function kedaHpaMetric(config: KedaConfig, llen: number): MetricReading {
  return { source: 'external', name: 'redis-list-length', target: { type: 'AverageValue', averageValue: config.listLength }, current: llen };
}
