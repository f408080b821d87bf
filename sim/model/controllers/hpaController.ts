/**
 * An HPA as a simulated controller: every sync period it reads its metric (through the metrics pipeline),
 * asks the pure `recommend` of sim/model/autoscaling/hpa.ts for a count, keeps the returned history, and
 * writes the count to the deployment.
 */
import { DEFAULT_BEHAVIOR, emptyHpaHistory, recommend, type Behavior, type HpaHistory, type HpaSpec, type MetricReading, type ScalingRules } from '../autoscaling/hpa.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { PodKind } from '../cluster/pod.ts';
import type { AutoscalingConfig, HpaBehaviorConfig } from '../config.ts';

export interface HpaTarget {
  kind: PodKind;
  spec: HpaSpec;
  /** The metric reading for this sync, or undefined when the adapter has none (no change). */
  metric: (now: number) => MetricReading | undefined;
}

/** One HPA's state across syncs. */
export class HpaController {
  private history: HpaHistory = emptyHpaHistory();
  lastReason = '';

  constructor(
    private readonly cluster: Cluster,
    readonly target: HpaTarget,
  ) {}

  sync(now: number): void {
    const d = this.cluster.deployments[this.target.kind];
    const reading = this.target.metric(now);
    const rec = recommend(
      {
        spec: this.target.spec,
        currentReplicas: d.replicas,
        statusReplicas: d.active.length,
        readyPods: this.cluster.readyPods(this.target.kind),
        matchingPods: d.active.length,
        metrics: reading ? [reading] : [],
        history: this.history,
      },
      now,
    );
    this.history = rec.history;
    this.lastReason = rec.reason;
    if (rec.replicas !== d.replicas) this.cluster.scale(this.target.kind, rec.replicas, `hpa ${rec.reason}`);
  }
}

/** The scenario's HPA settings as an HpaSpec for one deployment. Empty policy lists take Kubernetes' defaults. */
export function hpaSpecFrom(cfg: AutoscalingConfig['hpa'], min: number, max: number): HpaSpec {
  const spec: HpaSpec = { mode: cfg.mode, minReplicas: min, maxReplicas: max, tolerance: cfg.tolerance, downscaleStabilizationS: cfg.downscaleStabilization };
  if (cfg.mode === 'behavior') spec.behavior = behaviorFrom(cfg.behavior);
  return spec;
}

function rulesFrom(r: HpaBehaviorConfig['scaleUp'], fallback: ScalingRules): ScalingRules {
  return {
    stabilizationWindowSeconds: r.stabilizationWindow,
    selectPolicy: r.selectPolicy,
    policies: r.policies.length > 0 ? r.policies.map((p) => ({ type: p.type, value: p.value, periodSeconds: p.period })) : fallback.policies,
  };
}

export function behaviorFrom(b: HpaBehaviorConfig): Behavior {
  return { scaleUp: rulesFrom(b.scaleUp, DEFAULT_BEHAVIOR.scaleUp), scaleDown: rulesFrom(b.scaleDown, DEFAULT_BEHAVIOR.scaleDown) };
}
