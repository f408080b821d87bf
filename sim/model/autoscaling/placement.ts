/**
 * Pure pod placement: which node a pod goes to, by its CPU, memory and GPU requests. Used by the model's
 * scheduler and by the cluster autoscaler's simulations (will these pods fit if a node goes away, or comes).
 *
 * A node fits when its free resources (allocatable minus the requests of the pods on it) cover the pod's
 * requests. Pods pinned to a pool (node selector) only go there; GPU nodes carry GKE's automatic
 * `nvidia.com/gpu` NoSchedule taint, so pods that request no GPU stay off them. Strategies: 'binpack' (the
 * fullest node that fits, Kubernetes' MostAllocated score; how consumer pods fill their pool's machines),
 * 'spread' (the emptiest, LeastAllocated, the default scheduler's leaning) and 'first-fit'. Ties go to the
 * earlier node, so placement is deterministic.
 */
import type { Resources } from './machines.ts';

export type { Resources } from './machines.ts';

export interface PodRequest {
  id: string;
  requests: Resources;
  /** Node pool the pod is pinned to (nodeSelector); undefined = any pool. */
  pool?: string;
  /** A DaemonSet pod: stays with its node, never moved. */
  daemon?: boolean;
  /** Tolerates the GPU taint although it requests no GPU. */
  toleratesGpuTaint?: boolean;
  /** Cannot be moved by the cluster autoscaler (local storage, no controller, kube-system without a PDB). */
  blocksScaleDown?: boolean;
}

export type NodeState = 'provisioning' | 'unready' | 'ready' | 'deleting';

export interface NodeView {
  id: string;
  pool: string;
  /** provisioning: VM requested, not registered; unready: registered, not Ready or GPU not yet allocatable. */
  state: NodeState;
  /** When the node was requested from the cloud. */
  createdAt: number;
  allocatable: Resources;
  pods: readonly PodRequest[];
}

export type PlacementStrategy = 'binpack' | 'spread' | 'first-fit';

export const ZERO: Resources = { cpuMilli: 0, memoryMiB: 0, gpu: 0 };

export function addResources(a: Resources, b: Resources): Resources {
  return { cpuMilli: a.cpuMilli + b.cpuMilli, memoryMiB: a.memoryMiB + b.memoryMiB, gpu: a.gpu + b.gpu };
}

export function subtractResources(a: Resources, b: Resources): Resources {
  return { cpuMilli: a.cpuMilli - b.cpuMilli, memoryMiB: a.memoryMiB - b.memoryMiB, gpu: a.gpu - b.gpu };
}

export function fitsIn(req: Resources, free: Resources): boolean {
  return req.cpuMilli <= free.cpuMilli && req.memoryMiB <= free.memoryMiB && req.gpu <= free.gpu;
}

export function requested(pods: readonly PodRequest[]): Resources {
  let sum = ZERO;
  for (const p of pods) sum = addResources(sum, p.requests);
  return sum;
}

export function freeResources(node: Pick<NodeView, 'allocatable' | 'pods'>): Resources {
  return subtractResources(node.allocatable, requested(node.pods));
}

/** May this pod run on a node of this pool with this allocatable (selector and GPU taint; not capacity)? */
export function admits(pod: PodRequest, pool: string, allocatable: Resources): boolean {
  if (pod.pool !== undefined && pod.pool !== pool) return false;
  if (allocatable.gpu > 0 && pod.requests.gpu === 0 && !pod.toleratesGpuTaint) return false;
  return true;
}

/** Mean of the CPU and memory shares that would be requested after placing `pod` (the MostAllocated score). */
function allocatedShare(allocatable: Resources, used: Resources): number {
  const cpu = allocatable.cpuMilli > 0 ? used.cpuMilli / allocatable.cpuMilli : 0;
  const mem = allocatable.memoryMiB > 0 ? used.memoryMiB / allocatable.memoryMiB : 0;
  return (cpu + mem) / 2;
}

/**
 * Chooses a Ready node for `pod`, or null when none fits. Only nodes in state 'ready' take pods.
 */
export function placePod(pod: PodRequest, nodes: readonly NodeView[], strategy: PlacementStrategy = 'binpack'): string | null {
  let best: string | null = null;
  let bestScore = 0;
  for (const node of nodes) {
    if (node.state !== 'ready' || !admits(pod, node.pool, node.allocatable)) continue;
    const used = requested(node.pods);
    if (!fitsIn(pod.requests, subtractResources(node.allocatable, used))) continue;
    if (strategy === 'first-fit') return node.id;
    const share = allocatedShare(node.allocatable, addResources(used, pod.requests));
    const score = strategy === 'binpack' ? share : -share;
    if (best === null || score > bestScore) {
      best = node.id;
      bestScore = score;
    }
  }
  return best;
}
