import type { ClusterNode } from '../cluster/node.ts';
import type { NodeObserver } from '../cluster/cluster.ts';
import type { KioskConfig } from '../config.ts';
import { CostLedger } from './ledger.ts';
import type { DataCosts } from './dataCosts.ts';
import { clusterPriceTable, runDataCostsOf } from './scenarioCosts.ts';

/** The cost of a run as the summary reports it (USD). */
export interface CostBreakdown {
  total: number;
  gpu_nodes: number;
  cpu_nodes: number;
  storage: number;
  operations: number;
  storage_egress: number;
  egress: number;
}

/**
 * The run's bill: a node ledger fed by the cluster's VM events (billing starts when the VM exists and
 * stops when it is gone), plus the data costs of the images finished so far. Reads no clock: callers
 * pass the time.
 */
export class RunCost implements NodeObserver {
  readonly ledger: CostLedger;
  /** The data costs of this scenario for (images, t) (scenarioCosts.ts runDataCosts). */
  private readonly dataCosts: (images: number, t: number) => DataCosts;

  constructor(private readonly config: KioskConfig) {
    this.ledger = new CostLedger(clusterPriceTable(config), 0);
    this.dataCosts = runDataCostsOf(config);
  }

  vmCreated(node: ClusterNode, now: number): void {
    const m = this.config.cluster.pools[node.pool].machine;
    this.ledger.nodeStarted(node.name, node.pool, m.name, m.gpuType && m.gpus > 0 ? { type: m.gpuType, count: m.gpus } : null, node.preemptible, now);
  }

  vmStopped(node: ClusterNode, now: number): void {
    this.ledger.nodeStopped(node.name, now);
  }

  /** Closes the open nodes' lines at the end of the run. */
  finish(t: number): void {
    this.ledger.finish(t);
  }

  /** Nodes and data up to `t`, with `images` finished. */
  totalAt(t: number, images: number): number {
    return this.ledger.totalAt(t) + this.dataCosts(images, t).total;
  }

  breakdown(t: number, images: number): CostBreakdown {
    const nodes = this.ledger.costAt(t);
    const data = this.dataCosts(images, t);
    return {
      total: nodes.total + data.total,
      gpu_nodes: nodes.gpuNodes,
      cpu_nodes: nodes.cpuNodes,
      storage: data.storage,
      operations: data.operations,
      storage_egress: data.storageEgress,
      egress: data.interZoneEgress,
    };
  }

  /** GPU node-seconds billed up to `t` (the denominator of the mean GPU utilization). */
  gpuNodeSeconds(t: number): number {
    return this.ledger.costAt(t).gpuNodeHours * 3600;
  }
}
