/**
 * The kiosk's own autoscaling (kiosk-system.md "Autoscaling"): the kiosk-autoscaler (tf-serving 0 <-> 1
 * every 5 s from the image queue's keys) and three HPAs on the Prometheus metrics: tf-serving on GPU duty
 * cycle, the image consumer on the consumer rule, the zip consumer on zip keys per replica.
 */
import { kioskAutoscalerDecision, kioskAutoscalerKeys } from '../autoscaling/kioskAutoscaler.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { KioskContext } from '../kiosk.ts';
import { HpaController, hpaSpecFrom } from './hpaController.ts';
import type { MetricsPipeline } from './metricsPipeline.ts';
import { everyWithPhase } from './phase.ts';

export function startKioskAutoscaler(ctx: KioskContext, cluster: Cluster): void {
  everyWithPhase(ctx, 'kiosk-autoscaler', ctx.config.autoscaling.kioskAutoscaler.interval, () => {
    const keys = kioskAutoscalerKeys([{ queued: ctx.imageQueue.length, processingLists: ctx.inFlightImage }]);
    const d = kioskAutoscalerDecision(keys, cluster.deployments['tf-serving'].replicas);
    if (d.replicas !== null) cluster.scale('tf-serving', d.replicas, `kiosk-autoscaler ${d.reason}`);
  });
}

/** The kiosk's HPAs; `consumers: false` leaves the consumer deployments to another policy (KEDA). */
export function kioskHpas(ctx: KioskContext, cluster: Cluster, metrics: MetricsPipeline, consumers: boolean): HpaController[] {
  const a = ctx.config.autoscaling;
  const gpuMax = ctx.config.cluster.pools.gpu.max;
  const hpas = [
    new HpaController(cluster, {
      kind: 'tf-serving',
      spec: hpaSpecFrom(a.hpa, a.serving.min, gpuMax),
      metric: (now) => {
        const v = metrics.read(now)?.gpuPct;
        return v === undefined ? undefined : { source: 'object', name: 'tf_serving_gpu_usage', target: { type: 'Value', value: a.serving.targetGpuPercent }, current: v };
      },
    }),
  ];
  if (consumers) {
    hpas.push(
      new HpaController(cluster, {
        kind: 'image-consumer',
        spec: hpaSpecFrom(a.hpa, a.imageConsumer.min, a.imageConsumer.maxPerGpu * gpuMax),
        metric: (now) => {
          const v = metrics.read(now);
          return v && { source: 'object', name: 'segmentation_consumer_key_ratio', target: { type: 'Value', value: a.imageConsumer.target }, current: v.consumer };
        },
      }),
    );
    if (!ctx.zipsBypassed) {
      hpas.push(
        new HpaController(cluster, {
          kind: 'zip-consumer',
          spec: hpaSpecFrom(a.hpa, a.zipConsumer.min, a.zipConsumer.maxPerGpu * gpuMax),
          metric: (now) => {
            const v = metrics.read(now);
            return v && { source: 'object', name: 'segmentation_zip_consumer_key_ratio', target: { type: 'Value', value: a.zipConsumer.target }, current: v.zip };
          },
        }),
      );
    }
  }
  return hpas;
}

/** Runs HPAs in one controller-manager loop (one sync period, all HPAs in turn). */
export function startHpaLoop(ctx: KioskContext, hpas: HpaController[]): void {
  everyWithPhase(ctx, 'hpa', ctx.config.autoscaling.hpa.syncPeriod, (now) => {
    for (const h of hpas) h.sync(now);
  });
}
