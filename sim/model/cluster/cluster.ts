import { makeDistribution, type Sampler } from '../../engine/distributions.ts';
import type { PodResources } from '../config.ts';
import type { RunBasics } from '../state.ts';
import { deletionOrder, type ContainerHooks, type Pod, type PodKind } from './pod.ts';
import { POOL_NAMES, type ClusterNode, type PoolName } from './node.ts';
import { fits, PlacementRun } from './placement.ts';
import { NodeList } from './nodeList.ts';
import { NodeProvisioning } from './provisioning.ts';
import { Preemption } from './preemption.ts';
import { initialReplicas } from '../autoscaling/initialReplicas.ts';
import { PodPhaseCounts, setPhase } from './podPhases.ts';

/** A Deployment with its ReplicaSet: the desired count and the pods that count toward it (not terminating). */
export interface Deployment {
  kind: PodKind;
  pool: PoolName;
  replicas: number;
  active: Pod[];
  resources: PodResources;
}

/** Told when a VM starts and stops existing (billing: cost/nodeBilling.ts). */
export interface NodeObserver {
  vmCreated(node: ClusterNode, now: number): void;
  vmStopped(node: ClusterNode, now: number): void;
}

const POOL_OF: Record<PodKind, PoolName> = { 'tf-serving': 'gpu', 'image-consumer': 'consumer', 'zip-consumer': 'consumer' };

/**
 * The cluster: node pools and their nodes, the three deployments and their pods, and each pod's life
 * (pending -> bound -> starting -> running -> terminating -> gone). Nodes go requested -> provisioning
 * (billed) -> Ready -> (GPU pools: GPU allocatable after the driver registers it) -> running, and leave by
 * scale-down or preemption. Controllers (sim/model/controllers) change deployment sizes and pools through
 * `scale`, `requestNode`, `drainNode`; preemptions are scheduled here. What runs inside a pod is the
 * business of its kind's container hooks (serving/, consumers/).
 *
 * With the `fixed` policy the replica counts never change and the nodes they need are up at t = 0.
 */
export class Cluster {
  private readonly nodeList = new NodeList();
  readonly deployments: Record<PodKind, Deployment>;
  /** Pods waiting for a node, per pool, oldest first. */
  readonly pending: Record<PoolName, Pod[]> = { gpu: [], consumer: [], default: [] };
  /** Last time the cluster autoscaler added nodes (for the scale-down delay after add). */
  lastScaleUpAt = -Infinity;
  peakGpuNodes = 0;
  /** Pods of each kind per phase (podPhases.ts: every phase write goes through setPhase). */
  readonly phases = new PodPhaseCounts();
  /** Kubernetes' terminationGracePeriodSeconds of every pod (`cluster.termination_grace`). */
  readonly terminationGrace: number;
  private nextPodId = 0;
  /** Image pull and container creation, per kind. */
  private readonly startup: Record<PodKind, Sampler>;
  private readonly provisioning: NodeProvisioning;
  private readonly preemption: Preemption;
  /** What the provisioning calls back at a new node's steps. */
  private readonly nodeSteps = { vmCreated: (n: ClusterNode) => this.vmCreated(n), running: (n: ClusterNode) => this.nodeRunning(n) };

  constructor(
    private readonly run: RunBasics,
    /** What runs inside each kind's pods. */
    private readonly containers: Record<PodKind, ContainerHooks>,
    private readonly nodeObserver: NodeObserver,
  ) {
    const s = run.streams;
    const c = run.config;
    this.startup = {
      'tf-serving': makeDistribution(c.serving.startup, s.stream('pods.serving.startup')),
      'image-consumer': makeDistribution(c.consumers.image.startup, s.stream('pods.image.startup')),
      'zip-consumer': makeDistribution(c.consumers.zip.startup, s.stream('pods.zip.startup')),
    };
    this.provisioning = new NodeProvisioning(run, this.nodeList);
    this.preemption = new Preemption(run, (node, grace, reason, removeAfter) => this.drainNode(node, grace, reason, removeAfter));
    this.terminationGrace = c.cluster.terminationGrace;
    const dep = (kind: PodKind, resources: PodResources): Deployment => ({ kind, pool: POOL_OF[kind], replicas: 0, active: [], resources });
    this.deployments = {
      'tf-serving': dep('tf-serving', c.serving.resources),
      'image-consumer': dep('image-consumer', c.consumers.image.resources),
      'zip-consumer': dep('zip-consumer', c.consumers.zip.resources),
    };
  }

  /** The deployments at their starting sizes and the pools' first nodes (then the kiosk starts the controllers). */
  start(zips: boolean): void {
    const c = this.run.config;
    const a = c.autoscaling;
    for (const [kind, n] of initialReplicas(a, zips)) this.setReplicas(kind, n);
    // the pools' minimum nodes exist before the run; with `fixed`, so do the nodes its pods need
    for (const pool of POOL_NAMES) {
      const cfg = c.cluster.pools[pool];
      let n = 0;
      while (n < cfg.min || (a.policy === 'fixed' && this.pending[pool].length > 0 && n < Math.max(cfg.max, cfg.min))) {
        this.addNodeNow(pool);
        n++;
      }
    }
  }

  /** Sets a deployment's desired replicas (a controller's write); the ReplicaSet reconciles at once. */
  scale(kind: PodKind, replicas: number, by: string): void {
    const d = this.deployments[kind];
    if (replicas === d.replicas) return;
    this.run.log('scale', kind, `${d.replicas} -> ${replicas} (${by})`);
    this.setReplicas(kind, replicas);
  }

  private setReplicas(kind: PodKind, replicas: number): void {
    const d = this.deployments[kind];
    d.replicas = Math.max(0, Math.floor(replicas));
    this.reconcile(d);
  }

  /** ReplicaSet: create pods up to the count, or delete the surplus in ReplicaSet order. */
  private reconcile(d: Deployment): void {
    if (d.active.length < d.replicas) {
      const placement = new PlacementRun(d.resources, d.pool, this.nodes);
      while (d.active.length < d.replicas) this.createPod(d, placement);
    }
    if (d.active.length > d.replicas) {
      const victims = [...d.active].sort(deletionOrder).slice(0, d.active.length - d.replicas);
      for (const p of victims) this.deletePod(p, this.terminationGrace, 'scale-down', false);
    }
  }

  /** Pods of a deployment that are running (container up; for tf-serving, its server listening): a deleted pod is terminating or gone, so every running pod is active. */
  readyPods(kind: PodKind): number {
    return this.phases.count(kind, 'running');
  }

  /** A new pod, bound where the scheduler (placement.ts: the fullest running node of the pool that fits) puts it. */
  private createPod(d: Deployment, placement: PlacementRun<ClusterNode>): void {
    const id = this.nextPodId++;
    const pod = this.containers[d.kind].create({ id, name: `${d.kind}-${id}`, phase: 'pending', createdAt: this.run.sim.now, runningAt: NaN, node: -1, timer: null, restarts: 0 });
    this.phases.track(pod);
    d.active.push(pod);
    const node = placement.next();
    if (node) this.bind(pod, node);
    else this.pending[d.pool].push(pod);
  }

  private bind(pod: Pod, node: ClusterNode): void {
    const r = this.deployments[pod.kind].resources;
    node.pods.push(pod);
    node.podsVersion++;
    this.nodeList.version++;
    node.usedCpu += r.cpu;
    node.usedMemory += r.memoryBytes;
    node.usedGpus += r.gpu;
    pod.node = node.id;
    setPhase(pod, 'starting');
    pod.timer = this.run.sim.schedule(this.startup[pod.kind](), () => this.containerStarted(pod));
  }

  private unbind(pod: Pod): void {
    const node = this.nodeById(pod.node);
    pod.node = -1;
    if (!node) return;
    const r = this.deployments[pod.kind].resources;
    const i = node.pods.indexOf(pod);
    if (i >= 0) node.pods.splice(i, 1);
    node.podsVersion++;
    this.nodeList.version++;
    node.usedCpu -= r.cpu;
    node.usedMemory -= r.memoryBytes;
    node.usedGpus -= r.gpu;
    if (node.state === 'running') this.schedulePendingOnto(node);
  }

  /** Binds pending pods of the node's pool that fit on it (a node came up or freed room). */
  private schedulePendingOnto(node: ClusterNode): void {
    const queue = this.pending[node.pool];
    if (queue.length === 0) return;
    let kept = 0;
    for (let i = 0; i < queue.length; i++) {
      const pod = queue[i]!;
      if (fits(node, this.deployments[pod.kind].resources)) this.bind(pod, node);
      else queue[kept++] = pod;
    }
    queue.length = kept;
  }

  private containerStarted(pod: Pod): void {
    pod.timer = null;
    setPhase(pod, 'running');
    pod.runningAt = this.run.sim.now;
    this.containers[pod.kind].started(pod);
  }

  /**
   * Deletes a pod: a pending pod goes at once; otherwise it is terminating (tf-serving leaves the
   * endpoints at once), keeps running for `grace` (SIGTERM is not handled by the kiosk's processes),
   * then is killed: a consumer's key stays in its processing list for the janitor, a server's queued
   * requests are lost. `replace`: the ReplicaSet creates a replacement (eviction, preemption).
   */
  deletePod(pod: Pod, grace: number, reason: string, replace: boolean): void {
    const d = this.deployments[pod.kind];
    const i = d.active.indexOf(pod);
    if (i >= 0) d.active.splice(i, 1);
    if (pod.phase === 'gone' || pod.phase === 'terminating') return;
    const sim = this.run.sim;
    const hooks = this.containers[pod.kind];
    sim.cancel(pod.timer);
    pod.timer = null;
    hooks.stopping(pod);
    if (pod.phase === 'pending') {
      const q = this.pending[d.pool];
      const k = q.indexOf(pod);
      if (k >= 0) q.splice(k, 1);
      this.gone(pod);
    } else {
      const hasProcess = hooks.hasProcess(pod);
      setPhase(pod, 'terminating');
      if (hasProcess && grace > 0) pod.timer = sim.schedule(grace, () => this.kill(pod));
      else this.kill(pod);
    }
    hooks.deleted(pod);
    if (reason !== 'scale-down') this.run.log('pod_deleted', pod.name, reason);
    if (replace) this.reconcile(d);
  }

  private kill(pod: Pod): void {
    pod.timer = null;
    if (pod.phase === 'gone') return;
    this.containers[pod.kind].kill(pod);
    this.gone(pod);
  }

  private gone(pod: Pod): void {
    setPhase(pod, 'gone');
    if (pod.node >= 0) this.unbind(pod);
    this.containers[pod.kind].gone(pod);
  }

  /** Lets each kind forget its gone pods (called by the periodic controllers). */
  pruneGonePods(): void {
    this.containers['image-consumer'].prune();
    this.containers['zip-consumer'].prune();
  }

  /** Nodes not yet gone, in creation order. */
  get nodes(): readonly ClusterNode[] {
    return this.nodeList.nodes;
  }

  /** Changes whenever what the nodes show changes (NodeList.version). */
  get nodesVersion(): number {
    return this.nodeList.version;
  }

  nodeById(id: number): ClusterNode | undefined {
    return this.nodeList.byId(id);
  }

  /** A node that exists and runs from now on (the pools' nodes at the start of the run). */
  private addNodeNow(pool: PoolName): ClusterNode {
    const node = this.nodeList.create(pool, this.run.config.cluster.pools[pool]);
    this.vmCreated(node);
    this.nodeRunning(node);
    return node;
  }

  /** Nodes of a pool that are not gone (requested, provisioning, unready, running, draining). */
  poolSize(pool: PoolName): number {
    return this.nodeList.poolSize(pool);
  }

  /** Nodes of a pool that are billed (VM exists). */
  billedNodes(pool: PoolName): number {
    return this.nodeList.billed(pool);
  }

  /** Nodes of a pool in a state (counted as states change). */
  nodesIn(pool: PoolName, state: ClusterNode['state']): number {
    return this.nodeList.count(pool, state);
  }

  /** The cluster autoscaler's request for one node (its way to Running: provisioning.ts). */
  requestNode(pool: PoolName): ClusterNode {
    const node = this.nodeList.create(pool, this.run.config.cluster.pools[pool]);
    this.lastScaleUpAt = this.run.sim.now;
    this.provisioning.start(node, this.nodeSteps);
    return node;
  }

  /** The VM exists: billing starts, and a preemptible VM's preemption is scheduled. */
  private vmCreated(node: ClusterNode): void {
    const ctx = this.run;
    this.nodeList.setState(node, 'provisioning');
    node.createdAt = ctx.sim.now;
    this.nodeObserver.vmCreated(node, ctx.sim.now);
    this.preemption.arm(node);
    if (node.gpus > 0) this.peakGpuNodes = Math.max(this.peakGpuNodes, this.billedNodes('gpu'));
  }

  private nodeRunning(node: ClusterNode): void {
    if (Number.isNaN(node.readyAt)) node.readyAt = this.run.sim.now;
    this.nodeList.setState(node, 'running');
    this.run.log('node_added', node.name, node.pool);
    this.schedulePendingOnto(node);
  }

  /**
   * Takes a node out: it takes no new pods, its pods are deleted with `grace` (and replaced by their
   * ReplicaSets), and the node is removed `removeAfter` seconds later (at once when 0 and it is empty).
   */
  drainNode(node: ClusterNode, grace: number, reason: string, removeAfter: number): void {
    const sim = this.run.sim;
    if (node.state === 'gone' || node.state === 'draining') return;
    sim.cancel(node.timer);
    node.timer = null;
    const wasRunning = node.state === 'running' || node.state === 'gpu-unready';
    if (!wasRunning) {
      // a VM still booting: nothing to drain; it stops after the notice (at once when never created)
      if (removeAfter > 0 && node.state !== 'requested') {
        this.nodeList.setState(node, 'draining');
        node.timer = sim.schedule(removeAfter, () => this.removeNode(node, reason));
      } else this.removeNode(node, reason);
      return;
    }
    this.nodeList.setState(node, 'draining');
    for (const pod of [...node.pods]) this.deletePod(pod, Math.min(grace, removeAfter > 0 ? removeAfter : grace), reason, true);
    const end = Math.max(removeAfter, node.pods.length > 0 ? grace : 0);
    if (end <= 0) this.removeNode(node, reason);
    else node.timer = sim.schedule(end, () => this.removeNode(node, reason));
  }

  /** The node is gone: pods still on it are killed, billing stops. */
  removeNode(node: ClusterNode, reason: string): void {
    const sim = this.run.sim;
    if (node.state === 'gone') return;
    sim.cancel(node.timer);
    sim.cancel(node.preemption);
    node.timer = null;
    node.preemption = null;
    const billed = node.state !== 'requested';
    this.nodeList.setState(node, 'gone');
    for (const pod of [...node.pods]) {
      if (pod.phase !== 'terminating') this.deletePod(pod, 0, reason, true);
      this.kill(pod);
    }
    this.nodeList.remove(node);
    if (billed) {
      this.nodeObserver.vmStopped(node, sim.now);
      this.run.log('node_removed', node.name, reason);
    }
  }
}
