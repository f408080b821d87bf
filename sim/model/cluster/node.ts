import type { EventHandle } from '../../engine/index.ts';
import type { PodResources } from '../config.ts';
import type { Pod } from './pod.ts';

export type PoolName = 'gpu' | 'consumer' | 'default';
export const POOL_NAMES: readonly PoolName[] = ['gpu', 'consumer', 'default'];

/**
 * A node's life: `requested` (the cluster autoscaler asked the cloud; the VM does not exist yet) ->
 * `provisioning` (VM created and billed, booting) -> `gpu-unready` (Ready, but the GPU driver has not
 * registered the GPU yet; GPU pools only) -> `running` (takes pods) -> `draining` (scale-down or
 * preemption notice: takes no new pods) -> `gone`.
 */
export type NodeState = 'requested' | 'provisioning' | 'gpu-unready' | 'running' | 'draining' | 'gone';

export interface ClusterNode {
  id: number;
  name: string;
  pool: PoolName;
  state: NodeState;
  preemptible: boolean;
  /** Allocatable resources. */
  cpu: number;
  memoryBytes: number;
  gpus: number;
  /** Requests of the pods bound to it. */
  usedCpu: number;
  usedMemory: number;
  usedGpus: number;
  pods: Pod[];
  /** VM created (billing starts), Ready, running (schedulable), and removed. */
  createdAt: number;
  readyAt: number;
  /** First time the cluster autoscaler saw it unneeded (NaN while needed). */
  unneededSince: number;
  /** Pending lifecycle event (provisioning, GPU registration, preemption, removal). */
  timer: EventHandle | null;
  /** Scheduled preemption (notice) event, if any. */
  preemption: EventHandle | null;
}

export function fits(node: ClusterNode, r: PodResources): boolean {
  return node.usedCpu + r.cpu <= node.cpu + 1e-9 && node.usedMemory + r.memoryBytes <= node.memoryBytes + 1e-3 && node.usedGpus + r.gpu <= node.gpus;
}

/** Mean of the CPU and memory shares requested on `node` if `extra` were added (the MostAllocated score). */
export function allocatedShare(node: ClusterNode, extra: PodResources): number {
  const cpu = node.cpu > 0 ? (node.usedCpu + extra.cpu) / node.cpu : 0;
  const mem = node.memoryBytes > 0 ? (node.usedMemory + extra.memoryBytes) / node.memoryBytes : 0;
  return (cpu + mem) / 2;
}

/**
 * Utilisation as the cluster autoscaler judges a node for scale-down: GPU nodes by GPU requests only,
 * other nodes by the larger of the CPU and memory request shares.
 */
export function scaleDownUtilization(node: ClusterNode): number {
  if (node.gpus > 0) return node.usedGpus / node.gpus;
  const cpu = node.cpu > 0 ? node.usedCpu / node.cpu : 0;
  const mem = node.memoryBytes > 0 ? node.usedMemory / node.memoryBytes : 0;
  return Math.max(cpu, mem);
}

/** Nodes that exist as far as the pool's size is concerned (everything not yet gone). */
export function countsTowardPool(node: ClusterNode): boolean {
  return node.state !== 'gone';
}
