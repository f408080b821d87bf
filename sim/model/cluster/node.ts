import type { EventHandle } from '../../engine/index.ts';
import type { Pod } from './pod.ts';
import type { NodeLoad } from './placement.ts';

export type PoolName = 'gpu' | 'consumer' | 'default';
export const POOL_NAMES: readonly PoolName[] = ['gpu', 'consumer', 'default'];

/**
 * A node's life: `requested` (the cluster autoscaler asked the cloud; the VM does not exist yet) ->
 * `provisioning` (VM created and billed, booting) -> `gpu-unready` (Ready, but the GPU driver has not
 * registered the GPU yet; GPU pools only) -> `running` (takes pods) -> `draining` (scale-down or
 * preemption notice: takes no new pods) -> `gone`.
 */
export type NodeState = 'requested' | 'provisioning' | 'gpu-unready' | 'running' | 'draining' | 'gone';

/** A node; its allocatable and the requests of its pods (`NodeLoad`) are kept current as pods bind and leave. */
export interface ClusterNode extends NodeLoad {
  id: number;
  name: string;
  pool: PoolName;
  state: NodeState;
  preemptible: boolean;
  pods: Pod[];
  /** Bumped whenever `pods` changes (bind, unbind), so readers may keep what they derived from it until then. */
  podsVersion: number;
  /** Asked of the cloud by the cluster autoscaler (-Infinity for nodes there from the start). */
  requestedAt: number;
  /** VM created (billing starts) and Ready. */
  createdAt: number;
  readyAt: number;
  /** Pending lifecycle event (provisioning, GPU registration, preemption, removal). */
  timer: EventHandle | null;
  /** Scheduled preemption (notice) event, if any. */
  preemption: EventHandle | null;
}
