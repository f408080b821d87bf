/**
 * Starts the simulated controllers a scenario's policy calls for:
 * - fixed: none (replica counts never change);
 * - kiosk: Prometheus pipeline, kiosk-autoscaler, the three kiosk HPAs;
 * - keda: kiosk-autoscaler and the GPU HPA for tf-serving, KEDA for the consumers;
 * and the cluster autoscaler when enabled (it also replaces preempted nodes).
 */
import type { Cluster } from '../cluster/cluster.ts';
import type { ServingContainers } from '../serving/servingContainers.ts';
import type { KioskState } from '../state.ts';
import { startClusterAutoscaler } from './clusterAutoscalerLoop.ts';
import { kedaScalers } from './kedaController.ts';
import { kioskHpas, startHpaLoop, startKioskAutoscaler } from './kioskControllers.ts';
import { MetricsPipeline } from '../metrics/metricsPipeline.ts';

export function startControllers(ctx: KioskState, cluster: Cluster, serving: ServingContainers): void {
  const policy = ctx.config.autoscaling.policy;
  if (policy !== 'fixed') {
    const metrics = new MetricsPipeline(ctx, cluster, serving);
    metrics.start();
    startKioskAutoscaler(ctx, cluster);
    const hpas = kioskHpas(ctx, cluster, metrics, policy === 'kiosk');
    if (policy === 'keda') hpas.push(...kedaScalers(ctx, cluster));
    startHpaLoop(ctx, hpas);
  }
  if (ctx.config.cluster.autoscaler.enabled) startClusterAutoscaler(ctx, cluster);
}
