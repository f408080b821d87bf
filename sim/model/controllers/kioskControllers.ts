/**
 * The kiosk's own autoscaling (REFERENCE.md "Autoscaling"): the kiosk-autoscaler (tf-serving 0 <-> 1
 * every 5 s from the image queue's keys) and three HPAs on the Prometheus metrics: tf-serving on GPU duty
 * cycle, the image consumer on the consumer rule, the zip consumer on zip keys per replica.
 */
import { kioskAutoscalerDecision, kioskAutoscalerKeys } from '../autoscaling/kioskAutoscaler.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { PodKind } from '../cluster/pod.ts';
import type { KioskState } from '../state.ts';
import { HpaController, hpaSpecFrom } from './hpaController.ts';
import type { MetricsPipeline, RuleValues } from '../metrics/metricsPipeline.ts';
import { everyWithPhase } from './phase.ts';

export function startKioskAutoscaler(ctx: KioskState, cluster: Cluster): void {
  everyWithPhase(ctx, 'kiosk-autoscaler', ctx.config.autoscaling.kioskAutoscaler.interval, () => {
    const keys = kioskAutoscalerKeys([{ queued: ctx.imageQueue.length, processingLists: ctx.inFlightImage }]);
    const d = kioskAutoscalerDecision(keys, cluster.deployments['tf-serving'].replicas);
    if (d.replicas !== null) cluster.scale('tf-serving', d.replicas, `kiosk-autoscaler ${d.reason}`);
  });
}

/** The kiosk's HPAs; `consumers: false` leaves the consumer deployments to another policy (KEDA). */
export function kioskHpas(ctx: KioskState, cluster: Cluster, metrics: MetricsPipeline, consumers: boolean): HpaController[] {
  const a = ctx.config.autoscaling;
  const gpuMax = ctx.config.cluster.pools.gpu.max;
  /** An HPA on one object metric (a Prometheus recording rule) with a target value. */
  const objectHpa = (kind: PodKind, min: number, max: number, name: string, target: number, pick: (v: RuleValues) => number | undefined) =>
    new HpaController(cluster, {
      kind,
      spec: hpaSpecFrom(a.hpa, min, max),
      metric: (now) => {
        const values = metrics.read(now);
        const current = values && pick(values);
        return current === undefined ? undefined : { source: 'object', name, target: { type: 'Value', value: target }, current };
      },
    });
  const hpas = [objectHpa('tf-serving', a.serving.min, gpuMax, 'tf_serving_gpu_usage', a.serving.targetGpuPercent, (v) => v.gpuPct)];
  if (consumers) {
    hpas.push(objectHpa('image-consumer', a.imageConsumer.min, a.imageConsumer.maxPerGpu * gpuMax, 'segmentation_consumer_key_ratio', a.imageConsumer.target, (v) => v.consumer));
    if (ctx.usesZips) {
      hpas.push(objectHpa('zip-consumer', a.zipConsumer.min, a.zipConsumer.maxPerGpu * gpuMax, 'segmentation_zip_consumer_key_ratio', a.zipConsumer.target, (v) => v.zip));
    }
  }
  return hpas;
}

/** Runs HPAs in one controller-manager loop (one sync period, all HPAs in turn). */
export function startHpaLoop(ctx: KioskState, hpas: HpaController[]): void {
  everyWithPhase(ctx, 'hpa', ctx.config.autoscaling.hpa.syncPeriod, (now) => {
    for (const h of hpas) h.sync(now);
  });
}
