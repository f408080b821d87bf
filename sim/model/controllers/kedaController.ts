/**
 * KEDA's Redis-list scaler for the consumer deployments (REFERENCE.md "KEDA"): KEDA polls LLEN every
 * `pollingInterval` and does 0 <-> 1 itself (down after `cooldown` inactive); its HPA does 1 <-> N with
 * AverageValue `listLength` per pod under the 1.18+ default behavior. The list length is LLEN only: keys in
 * processing lists are invisible (the trap the kiosk's exporter avoids). tf-serving keeps the kiosk's
 * layers (kiosk-autoscaler and GPU HPA).
 */
import { kedaHpaMetric, kedaHpaSpec, kedaListLength, kedaPoll, KEDA_DEFAULTS, type KedaConfig, type KedaState } from '../autoscaling/keda.ts';
import type { Cluster } from '../cluster/cluster.ts';
import type { KioskState } from '../state.ts';
import type { PolledQueue } from '../redis/polledQueue.ts';
import { HpaController } from './hpaController.ts';
import { everyWithPhase } from './phase.ts';

export function kedaScalers(ctx: KioskState, cluster: Cluster): HpaController[] {
  const a = ctx.config.autoscaling;
  const gpuMax = ctx.config.cluster.pools.gpu.max;
  const targets: { kind: 'image-consumer' | 'zip-consumer'; queue: PolledQueue; max: number }[] = [
    { kind: 'image-consumer', queue: ctx.imageQueue, max: a.imageConsumer.maxPerGpu * gpuMax },
  ];
  if (ctx.usesZips) targets.push({ kind: 'zip-consumer', queue: ctx.zipQueue, max: a.zipConsumer.maxPerGpu * gpuMax });
  const hpas: HpaController[] = [];
  for (const t of targets) {
    const cfg: KedaConfig = { ...KEDA_DEFAULTS, listLength: a.keda.listLength, pollingIntervalS: a.keda.pollingInterval, cooldownPeriodS: a.keda.cooldown, maxReplicaCount: t.max };
    let state: KedaState = { lastActiveAt: null };
    everyWithPhase(ctx, `keda.${t.kind}`, cfg.pollingIntervalS, (now) => {
      const d = kedaPoll(cfg, kedaListLength(t.queue.length), cluster.deployments[t.kind].replicas, state, now);
      state = d.state;
      if (d.replicas !== null) cluster.scale(t.kind, d.replicas, `keda ${d.reason}`);
    });
    hpas.push(new HpaController(cluster, { kind: t.kind, spec: kedaHpaSpec(cfg), metric: () => kedaHpaMetric(cfg, kedaListLength(t.queue.length)) }));
  }
  return hpas;
}
