/**
 * What the cluster autoscaler's decisions (clusterAutoscaler.ts, scaleDown.ts) read: plain views of the pools,
 * nodes and pods, and the packing arithmetic the scale-up and scale-down simulations share.
 */
import type { NodeState } from '../cluster/node.ts';
import type { NodeLoad, Resources } from '../cluster/placement.ts';


export interface PodRequest {
  name: string;
  /** Node pool the pod is pinned to (nodeSelector). */
  pool: string;
  requests: Resources;
}

export interface NodeView extends NodeLoad {
  name: string;
  state: NodeState;
  /** When the autoscaler asked the cloud for the node (-Infinity for nodes that were there from the start). */
  requestedAt: number;
  /** Pods bound to the node (their requests make up the used figures). */
  pods: readonly PodRequest[];
}

export interface PoolView {
  name: string;
  /** Allocatable of one new node of this pool. */
  template: Resources;
  minNodes: number;
  maxNodes: number;
  /** Scale-ups of this pool are skipped until then (after a provisioning failure). */
  backoffUntil: number;
}

/** Nodes on their way: asked for, booting, or Ready without their GPU yet. */
export function isUpcoming(state: NodeState): boolean {
  return state === 'requested' || state === 'provisioning' || state === 'gpu-unready';
}

/** The pool's size as the node group sees it: every node asked for and not yet gone (draining ones too). */
export function poolSize(nodes: readonly NodeView[], pool: string): number {
  let n = 0;
  for (const node of nodes) if (node.pool === pool) n += 1;
  return n;
}

/** Largest first (the binpacking estimator's order): GPUs, then CPU cores plus memory GiB; ties by name. */
export function bySize(a: PodRequest, b: PodRequest): number {
  return requestSize(b) - requestSize(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** bySize's key (a module function: a closure in the comparator was allocated per compare). */
function requestSize(p: PodRequest): number {
  return p.requests.gpu * 1000 + p.requests.cpu + p.requests.memoryBytes / 2 ** 30;
}

export function take(free: Resources, r: Resources): void {
  free.cpu -= r.cpu;
  free.memoryBytes -= r.memoryBytes;
  free.gpu -= r.gpu;
}

export function give(free: Resources, r: Resources): void {
  free.cpu += r.cpu;
  free.memoryBytes += r.memoryBytes;
  free.gpu += r.gpu;
}
