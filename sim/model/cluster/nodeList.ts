import type { NodePoolConfig } from '../config.ts';
import type { ClusterNode, PoolName } from './node.ts';

/** The cluster's nodes that are not gone, in creation (= id) order, with the counts controllers read. */
export class NodeList {
  readonly nodes: ClusterNode[] = [];
  private nextId = 0;
  /**
   * Bumped by every change a node view shows (controllers/clusterAutoscalerLoop.ts): a node added or
   * removed here, a state or request time set, a pod bound or unbound (cluster.ts, provisioning.ts).
   */
  version = 0;

  /** A new node of `pool`, requested (not yet billed). */
  create(pool: PoolName, cfg: NodePoolConfig): ClusterNode {
    const id = this.nextId++;
    const node: ClusterNode = {
      id, name: `${pool}-node-${id}`, pool, state: 'requested', preemptible: cfg.preemptible,
      cpu: cfg.machine.cpu, memoryBytes: cfg.machine.memoryBytes, gpus: cfg.machine.gpus,
      usedCpu: 0, usedMemory: 0, usedGpus: 0, pods: [], podsVersion: 0,
      requestedAt: -Infinity, createdAt: NaN, readyAt: NaN, timer: null, preemption: null,
    };
    this.nodes.push(node);
    this.version++;
    return node;
  }

  remove(node: ClusterNode): void {
    const i = this.nodes.indexOf(node);
    if (i >= 0) this.nodes.splice(i, 1);
    this.version++;
  }

  /** Sets a node's state (every state write goes through here, for `version`). */
  setState(node: ClusterNode, state: ClusterNode['state']): void {
    node.state = state;
    this.version++;
  }

  byId(id: number): ClusterNode | undefined {
    // nodes are few (tens to a few hundred) and kept in id order: binary search
    const ns = this.nodes;
    let lo = 0;
    let hi = ns.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const n = ns[mid]!;
      if (n.id === id) return n;
      if (n.id < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Nodes of a pool that are not gone (requested, provisioning, unready, running, draining). */
  poolSize(pool: PoolName): number {
    let n = 0;
    for (const node of this.nodes) if (node.pool === pool) n++;
    return n;
  }

  /** Nodes of a pool that are billed (VM exists). */
  billed(pool: PoolName): number {
    let n = 0;
    for (const node of this.nodes) if (node.pool === pool && node.state !== 'requested') n++;
    return n;
  }
}
