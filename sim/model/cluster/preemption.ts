import type { Sampler } from '../../engine/distributions.ts';
import type { RunBasics } from '../state.ts';
import { lifetimeSampler } from './lifetime.ts';
import type { ClusterNode, PoolName } from './node.ts';

/**
 * Preemption of preemptible VMs: when a VM is created its lifetime is drawn (cluster.preemption:
 * exponential or the bathtub fit, capped); at its end GCE gives `notice` (30 s) and the kubelet gives
 * pods `grace` (15 s), which the cluster carries out as a drain.
 */
export class Preemption {
  private readonly lifetime: Record<PoolName, Sampler | null>;

  constructor(
    private readonly run: RunBasics,
    /** Drains the node: pods deleted with `grace`, node removed after `removeAfter`. */
    private readonly drain: (node: ClusterNode, grace: number, reason: string, removeAfter: number) => void,
  ) {
    const c = run.config.cluster;
    const life = (n: PoolName) => (c.pools[n].preemptible ? lifetimeSampler(c.preemption, run.streams.stream(`nodes.${n}.lifetime`)) : null);
    this.lifetime = { gpu: life('gpu'), consumer: life('consumer'), default: life('default') };
  }

  /** A VM was created: schedule its preemption (preemptible pools only). */
  arm(node: ClusterNode): void {
    const life = this.lifetime[node.pool];
    if (life) node.preemption = this.run.sim.schedule(life(), () => this.preempt(node));
  }

  private preempt(node: ClusterNode): void {
    const run = this.run;
    node.preemption = null;
    if (node.state === 'gone') return;
    const p = run.config.cluster.preemption;
    if (p.model === 'none') return;
    run.counters.preemptions++;
    run.log('preemption', node.name, `${node.pods.length} pods; up ${Math.round(run.sim.now - node.createdAt)} s`);
    this.drain(node, p.grace, 'preempted', p.notice);
  }
}
