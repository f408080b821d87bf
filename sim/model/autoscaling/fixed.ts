/**
 * Fixed replicas: the "autoscaling off" policy. The deployment is set once to its configured count and never
 * changed, which lets a scenario reduce the model to textbook queues.
 */

export interface FixedDecision {
  replicas: number | null;
  reason: 'SetFixed' | 'AlreadyFixed';
}

/** Writes `fixed` when the deployment differs from it, otherwise nothing. */
export function fixedDecision(fixed: number, currentReplicas: number): FixedDecision {
  if (!Number.isInteger(fixed) || fixed < 0) throw new RangeError(`fixed replicas must be a non-negative integer, got ${fixed}`);
  return currentReplicas === fixed ? { replicas: null, reason: 'AlreadyFixed' } : { replicas: fixed, reason: 'SetFixed' };
}
