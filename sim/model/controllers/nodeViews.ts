/**
 * The cluster's nodes and pods as the cluster autoscaler's decisions see them (autoscaling/clusterViews.ts), made
 * for its loop (clusterAutoscalerLoop.ts) with as little new work per scan as the cluster's changes allow.
 */
import type { Cluster } from '../cluster/cluster.ts';
import { POOL_NAMES, type ClusterNode } from '../cluster/node.ts';
import type { Pod } from '../cluster/pod.ts';
import { isUpcoming, type NodeView, type PodRequest } from '../autoscaling/clusterViews.ts';

/**
 * Each pod's request as the autoscaler sees it (name, pool, resources: fixed for the pod's life), made once per
 * pod instead of once per pod per scan: ~1,200 pods are bound in the headline run, and rebuilding their views
 * every 10 s scan was most of the scan's cost (measured: see test/bench/headline.bench.ts, component split).
 * A node's view (its pods' requests among it) is kept until the node shows something else: its pods
 * (`podsVersion`: the used figures change only with them), its state or its request time. Most nodes show the
 * same from one scan to the next, and looking up every bound pod every scan was still 3% of the headline run.
 */
export class PodRequests {
  private readonly made = new WeakMap<Pod, PodRequest>();
  private readonly views = new WeakMap<ClusterNode, { podsVersion: number; view: NodeView }>();
  constructor(private readonly cluster: Cluster) {}

  /** The node as the decisions see it now (the view of an earlier scan when the node shows the same). */
  viewOf(n: ClusterNode): NodeView {
    const kept = this.views.get(n);
    if (kept !== undefined && kept.podsVersion === n.podsVersion && kept.view.state === n.state && kept.view.requestedAt === n.requestedAt) return kept.view;
    const view: NodeView = {
      name: n.name, pool: n.pool, state: n.state, requestedAt: n.requestedAt,
      cpu: n.cpu, memoryBytes: n.memoryBytes, gpus: n.gpus, usedCpu: n.usedCpu, usedMemory: n.usedMemory, usedGpus: n.usedGpus,
      pods: kept !== undefined && kept.podsVersion === n.podsVersion ? kept.view.pods : n.pods.map((p) => this.of(p)),
    };
    this.views.set(n, { podsVersion: n.podsVersion, view });
    return view;
  }

  of(pod: Pod): PodRequest {
    let r = this.made.get(pod);
    if (r === undefined) {
      const d = this.cluster.deployments[pod.kind];
      r = { name: pod.name, pool: d.pool, requests: d.resources };
      this.made.set(pod, r);
    }
    return r;
  }
}

/** The nodes as the autoscaler's decisions see them, with what the scan asks of them every time. */
export interface NodeViews {
  /** Every node, in creation order (no name index: a decision names a node only rarely). */
  all: NodeView[];
  /** The upcoming ones (requested, booting, waiting for the GPU driver), in the same order. */
  upcoming: NodeView[];
  /** Each pool's size (poolSize of `all`, from the cluster's counts). */
  sizes: Map<string, number>;
}

export function nodeViews(cluster: Cluster, requests: PodRequests): NodeViews {
  const all: NodeView[] = [];
  const upcoming: NodeView[] = [];
  for (const n of cluster.nodes) {
    const view = requests.viewOf(n);
    all.push(view);
    if (isUpcoming(n.state)) upcoming.push(view);
  }
  // the node list counts its nodes per pool as they come and go (cluster/nodeList.ts): the sizes of `all`
  return { all, upcoming, sizes: new Map(POOL_NAMES.map((p) => [p, cluster.poolSize(p)])) };
}

/**
 * Whether the running nodes among `views` are `ready`, view for view: then a scale-down simulation of `ready`
 * (findUnneeded reads the running nodes only) holds for `views` too. Views are kept while their node shows the
 * same, so the same view means the same node content; a new view of an unchanged node only costs a simulation.
 */
export function sameRunning(ready: readonly NodeView[], views: readonly NodeView[]): boolean {
  let k = 0;
  for (const v of views) {
    if (v.state !== 'running') continue;
    if (ready[k] !== v) return false;
    k++;
  }
  return k === ready.length;
}
