import type { EventHandle } from '../../engine/index.ts';

/** Pod phases as the model uses them: Pending (no node yet), starting (container creating), running, terminating, gone. */
export type PodPhase = 'pending' | 'starting' | 'running' | 'terminating' | 'gone';
export type PodKind = 'tf-serving' | 'image-consumer' | 'zip-consumer';
export const POD_KINDS: readonly PodKind[] = ['tf-serving', 'image-consumer', 'zip-consumer'];

export interface Pod {
  id: number;
  name: string;
  kind: PodKind;
  phase: PodPhase;
  createdAt: number;
  runningAt: number;
  /** Node the pod is bound to (-1: none). */
  node: number;
  /** The one lifecycle timer pending for this pod (startup, model load, restart back-off, grace), or null. */
  timer: EventHandle | null;
  /** Container restarts (CrashLoopBackOff count). */
  restarts: number;
}

/**
 * The order in which a ReplicaSet picks pods to delete on a scale-down (Kubernetes `ActivePods` sort,
 * simplified to the states the model has): unassigned (pending) before assigned, not-running before
 * running, more restarts first, then the newest. Negative: `a` goes first.
 */
export function deletionOrder(a: Pod, b: Pod): number {
  const rank = (p: Pod) => (p.phase === 'pending' ? 0 : p.phase === 'starting' ? 1 : 2);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  const ta = Number.isNaN(a.runningAt) ? a.createdAt : a.runningAt;
  const tb = Number.isNaN(b.runningAt) ? b.createdAt : b.runningAt;
  if (ta !== tb) return tb - ta; // newest first
  return b.id - a.id;
}
