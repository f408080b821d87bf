import type { AutoscalingConfig } from '../config.ts';
import type { PodKind } from '../cluster/pod.ts';

/**
 * The deployments' sizes when the run starts, in the order they are created: with `fixed`, the fixed
 * counts; otherwise tf-serving at 0 (the kiosk-autoscaler or KEDA does 0 -> 1) and the consumers at
 * their HPA minimum (KEDA: 0). The zip consumer deployment exists only when the run uses zips.
 */
export function initialReplicas(a: AutoscalingConfig, usesZips: boolean): [PodKind, number][] {
  const out: [PodKind, number][] =
    a.policy === 'fixed'
      ? [['tf-serving', a.fixed.serving], ['image-consumer', a.fixed.imageConsumers]]
      : [['tf-serving', 0], ['image-consumer', a.policy === 'keda' ? 0 : a.imageConsumer.min]];
  if (usesZips) out.push(['zip-consumer', a.policy === 'fixed' ? a.fixed.zipConsumers : a.policy === 'keda' ? 0 : a.zipConsumer.min]);
  return out;
}
