import type { EventHandle, Process } from '../../engine/index.ts';
import type { TfServingServer } from '../serving/tfServingPod.ts';

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

/** A consumer pod: its loop process and its Redis processing list (which outlives the pod). */
export interface ConsumerPod extends Pod {
  kind: 'image-consumer' | 'zip-consumer';
  proc: Process<void> | null;
  /** Key in this pod's processing list, -1 when empty. */
  holding: number;
  /** Last time the consumer touched its key (the janitor's staleness clock). */
  updatedAt: number;
}

/** A tf-serving pod: its server while a container is up. */
export interface ServingPod extends Pod {
  kind: 'tf-serving';
  server: TfServingServer | null;
}

/** The fields every new pod starts with; a kind's container hooks add their own. */
export type NewPod = Pick<Pod, 'id' | 'name' | 'phase' | 'createdAt' | 'runningAt' | 'node' | 'timer' | 'restarts'>;

/**
 * What the cluster asks of a kind's containers, at fixed points of a pod's life (the kind's own
 * component answers: serving/servingContainers.ts, consumers/consumerContainers.ts). The cluster owns
 * nodes, binding and phases; the hooks own what runs inside the pod.
 */
export interface ContainerHooks {
  /** Makes the pod object (with the kind's own fields) and lists it. */
  create(base: NewPod): Pod;
  /** The container is up (phase just set to running). */
  started(pod: Pod): void;
  /** Deletion began (before the grace period): leave the endpoints, stop timers. */
  stopping(pod: Pod): void;
  /** Whether something runs in the pod that a grace period lets finish. */
  hasProcess(pod: Pod): boolean;
  /** Deletion was handled (after the kill or the grace timer was set). */
  deleted(pod: Pod): void;
  /** The grace period is over (or there was none): stop what runs. */
  kill(pod: Pod): void;
  /** The pod is gone and unbound. */
  gone(pod: Pod): void;
  /** Forget gone pods nothing refers to any more (called by the periodic controllers). */
  prune(): void;
}

/** Pending, then starting, then running (a module function: a closure in the comparator was allocated per compare). */
function deletionRank(p: Pod): number {
  return p.phase === 'pending' ? 0 : p.phase === 'starting' ? 1 : 2;
}

/**
 * The order in which a ReplicaSet picks pods to delete on a scale-down (Kubernetes `ActivePods` sort,
 * simplified to the states the model has): unassigned (pending) before assigned, not-running before
 * running, more restarts first, then the newest. Negative: `a` goes first.
 */
export function deletionOrder(a: Pod, b: Pod): number {
  const r = deletionRank(a) - deletionRank(b);
  if (r !== 0) return r;
  if (a.restarts !== b.restarts) return b.restarts - a.restarts;
  const ta = Number.isNaN(a.runningAt) ? a.createdAt : a.runningAt;
  const tb = Number.isNaN(b.runningAt) ? b.createdAt : b.runningAt;
  if (ta !== tb) return tb - ta; // newest first
  return b.id - a.id;
}
