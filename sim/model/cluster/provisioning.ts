import { makeDistribution, type Sampler } from '../../engine/distributions.ts';
import type { NodePoolConfig } from '../config.ts';
import type { RunBasics } from '../state.ts';
import type { ClusterNode, PoolName } from './node.ts';
import type { NodeList } from './nodeList.ts';

/** The points of a requested node's start that the cluster acts on. */
export interface NodeStartSteps {
  /** The VM exists (billing starts). */
  vmCreated(node: ClusterNode): void;
  /** Ready, and for GPU pools the GPU allocatable: pods can bind. */
  running(node: ClusterNode): void;
}

/**
 * A node request's way to Running: it reaches the cloud after `cluster.autoscaler.request_delay`, the VM
 * boots (the pool's `provisioning`), and GPU pools wait for the driver (`gpu_ready_delay`). The
 * cluster autoscaler gives up a node still not running `max_provision_time` after the request.
 */
export class NodeProvisioning {
  private readonly boot: Record<PoolName, Sampler>;
  private readonly gpuReady: Record<PoolName, Sampler>;

  constructor(
    private readonly run: RunBasics,
    private readonly nodes: NodeList,
  ) {
    const pools = run.config.cluster.pools;
    const s = run.streams;
    const per = <T>(f: (name: PoolName, p: NodePoolConfig) => T) => ({ gpu: f('gpu', pools.gpu), consumer: f('consumer', pools.consumer), default: f('default', pools.default) });
    this.boot = per((n, p) => makeDistribution(p.provisioning, s.stream(`nodes.${n}.provisioning`)));
    this.gpuReady = per((n, p) => makeDistribution(p.gpuReadyDelay, s.stream(`nodes.${n}.gpuready`)));
  }

  /** Starts a requested node on its way; `node.timer` holds the pending step (a drain cancels it). */
  start(node: ClusterNode, steps: NodeStartSteps): void {
    const sim = this.run.sim;
    const pool = node.pool;
    node.requestedAt = sim.now;
    this.nodes.version++;
    node.timer = sim.schedule(this.run.config.cluster.autoscaler.requestDelay, () => {
      node.timer = null;
      steps.vmCreated(node);
      const boot = this.boot[pool]();
      const gpu = node.gpus > 0 ? this.gpuReady[pool]() : 0;
      node.timer = sim.schedule(boot, () => {
        node.timer = null;
        node.readyAt = sim.now;
        if (gpu > 0) {
          this.nodes.setState(node, 'gpu-unready');
          node.timer = sim.schedule(gpu, () => {
            node.timer = null;
            steps.running(node);
          });
        } else steps.running(node);
      });
    });
  }
}
