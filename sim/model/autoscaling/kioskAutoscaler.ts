/**
 * The kiosk-autoscaler's rule (REFERENCE.md "Autoscaling", layer 1): every 5 s it counts the keys of the
 * image queues (zip queues are not counted) and switches tf-serving between 0 and 1. It only ever writes 0 or 1:
 * it starts a stopped deployment when there is work and stops it as soon as there is none (overriding the
 * HPA), and never shrinks a running deployment to a smaller non-zero count (1..N is the HPA's business).
 */

/** The kiosk-autoscaler's loop period (REFERENCE.md: every 5 s). */
export const KIOSK_AUTOSCALER_PERIOD_S = 5;

/** One image queue as the kiosk-autoscaler reads it. */
export interface QueueView {
  /** LLEN of the queue. */
  queued: number;
  /** Number of `processing-{queue}:*` lists (one per consumer pod holding a key). */
  processingLists: number;
}

/**
 * The kiosk-autoscaler's key count: LLEN(q) + the NUMBER of processing lists, summed over the image queues.
 * (The Redis exporter instead sums the lists' lengths; with one key per list the two agree.)
 */
export function kioskAutoscalerKeys(imageQueues: readonly QueueView[]): number {
  let keys = 0;
  for (const q of imageQueues) keys += q.queued + q.processingLists;
  return keys;
}

export interface KioskAutoscalerDecision {
  /** Replicas to set, or null to leave the deployment alone. */
  replicas: number | null;
  reason: 'StartForWork' | 'StopWhenIdle' | 'LeaveToHpa' | 'StayStopped';
}

/** The tf-serving decision: 0 -> 1 when keys > 0, anything -> 0 when keys = 0, otherwise no write. */
export function kioskAutoscalerDecision(keys: number, currentReplicas: number): KioskAutoscalerDecision {
  if (keys > 0) {
    return currentReplicas === 0 ? { replicas: 1, reason: 'StartForWork' } : { replicas: null, reason: 'LeaveToHpa' };
  }
  return currentReplicas > 0 ? { replicas: 0, reason: 'StopWhenIdle' } : { replicas: null, reason: 'StayStopped' };
}
