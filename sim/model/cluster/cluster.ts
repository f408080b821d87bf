import { makeDistribution, type Sampler } from '../../engine/distributions.ts';
import type { EventHandle } from '../../engine/index.ts';
import type { NodePoolConfig, PodResources } from '../config.ts';
import type { ConsumerPod, KioskContext, ServingPod } from '../kiosk.ts';
import { TfServingServer } from '../serving/tfServingPod.ts';
import { CostLedger } from '../cost/ledger.ts';
import { deletionOrder, type Pod, type PodKind } from './pod.ts';
import { POOL_NAMES, type ClusterNode, type PoolName } from './node.ts';
import { fits, placePod } from './placement.ts';
import { clusterPriceTable, runDataCosts } from './costs.ts';
import { consecutiveCrashes, restartDelay } from '../controllers/crashLoop.ts';
import { lifetimeSampler } from '../controllers/lifetime.ts';
import { startControllers } from '../controllers/index.ts';

/** A Deployment with its ReplicaSet: the desired count and the pods that count toward it (not terminating). */
export interface Deployment {
  kind: PodKind;
  pool: PoolName;
  replicas: number;
  active: Pod[];
  resources: PodResources;
}

/** Per tf-serving pod: what survives container restarts. */
interface ServingState {
  /** GPU busy seconds of the pod's earlier containers. */
  busyBase: number;
  crashTimer: EventHandle | null;
  /** Crashes in a row (CrashLoopBackOff). */
  crashes: number;
  containerStartedAt: number;
}

/** Kubernetes' default terminationGracePeriodSeconds (pod spec default: 30 s). */
export const DEFAULT_TERMINATION_GRACE = 30;

const POOL_OF: Record<PodKind, PoolName> = { 'tf-serving': 'gpu', 'image-consumer': 'consumer', 'zip-consumer': 'consumer' };

/**
 * The cluster: node pools and their nodes, the three deployments and their pods, and each pod's life
 * (pending -> bound -> starting -> running -> terminating -> gone). Nodes go requested -> provisioning
 * (billed) -> Ready -> (GPU pools: GPU allocatable after the driver registers it) -> running, and leave by
 * scale-down or preemption. Controllers (sim/model/controllers) change deployment sizes and pools through
 * `scale`, `requestNode`, `drainNode`; faults (preemption, tf-serving crashes) are scheduled here.
 *
 * With the `fixed` policy the replica counts never change and the nodes they need are up at t = 0.
 */
export class Cluster {
  /** tf-serving pods not yet gone. */
  readonly servingPods: ServingPod[] = [];
  /** Nodes not yet gone, in creation order. */
  readonly nodes: ClusterNode[] = [];
  readonly deployments: Record<PodKind, Deployment>;
  readonly ledger: CostLedger;
  /** Pods waiting for a node, per pool, oldest first. */
  readonly pending: Record<PoolName, Pod[]> = { gpu: [], consumer: [], default: [] };
  /** Last time the cluster autoscaler added nodes (for the scale-down delay after add). */
  lastScaleUpAt = -Infinity;
  peakGpuNodes = 0;
  /** GPU busy seconds of servers that are gone. */
  gpuBusySeconds = 0;
  readonly terminationGrace: number;
  private nextPodId = 0;
  private nextNodeId = 0;
  private finishedAt = NaN;
  private lastBusy = 0;
  private lastSampleAt = 0;
  private readonly servingState = new Map<number, ServingState>();
  private readonly servingStartup: Sampler;
  private readonly modelLoad: Sampler;
  private readonly crashGap: Sampler | null;
  private readonly consumerStartup: Record<'image-consumer' | 'zip-consumer', Sampler>;
  private readonly provisioning: Record<PoolName, Sampler>;
  private readonly gpuReady: Record<PoolName, Sampler>;
  private readonly lifetime: Record<PoolName, Sampler | null>;

  constructor(private readonly ctx: KioskContext) {
    const s = ctx.streams;
    const c = ctx.config;
    this.servingStartup = makeDistribution(c.serving.startup, s.stream('pods.serving.startup'));
    this.modelLoad = makeDistribution(c.serving.modelLoad, s.stream('pods.serving.modelload'));
    this.crashGap = Number.isFinite(c.serving.crashMtbf) ? makeDistribution({ kind: 'exponential', mean: c.serving.crashMtbf }, s.stream('pods.serving.crash')) : null;
    this.consumerStartup = {
      'image-consumer': makeDistribution(c.consumers.image.startup, s.stream('pods.image.startup')),
      'zip-consumer': makeDistribution(c.consumers.zip.startup, s.stream('pods.zip.startup')),
    };
    const pools = c.cluster.pools;
    const per = <T>(f: (name: PoolName, p: NodePoolConfig) => T) => ({ gpu: f('gpu', pools.gpu), consumer: f('consumer', pools.consumer), default: f('default', pools.default) });
    this.provisioning = per((n, p) => makeDistribution(p.provisioning, s.stream(`nodes.${n}.provisioning`)));
    this.gpuReady = per((n, p) => makeDistribution(p.gpuReadyDelay, s.stream(`nodes.${n}.gpuready`)));
    this.lifetime = per((n, p) => (p.preemptible ? lifetimeSampler(c.cluster.preemption, s.stream(`nodes.${n}.lifetime`)) : null));
    this.terminationGrace = c.cluster.terminationGrace ?? DEFAULT_TERMINATION_GRACE;
    this.ledger = new CostLedger(clusterPriceTable(c), 0);
    const dep = (kind: PodKind, resources: PodResources): Deployment => ({ kind, pool: POOL_OF[kind], replicas: 0, active: [], resources });
    this.deployments = {
      'tf-serving': dep('tf-serving', c.serving.resources),
      'image-consumer': dep('image-consumer', c.consumers.image.resources),
      'zip-consumer': dep('zip-consumer', c.consumers.zip.resources),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Run

  start(): void {
    const c = this.ctx.config;
    const a = c.autoscaling;
    const zips = !this.ctx.zipsBypassed;
    if (a.policy === 'fixed') {
      this.setReplicas('tf-serving', a.fixed.serving);
      this.setReplicas('image-consumer', a.fixed.imageConsumers);
      if (zips) this.setReplicas('zip-consumer', a.fixed.zipConsumers);
    } else {
      // tf-serving starts at 0 (the kiosk-autoscaler or KEDA does 0 -> 1); consumers at their HPA minimum
      this.setReplicas('tf-serving', 0);
      this.setReplicas('image-consumer', a.policy === 'keda' ? 0 : a.imageConsumer.min);
      if (zips) this.setReplicas('zip-consumer', a.policy === 'keda' ? 0 : a.zipConsumer.min);
    }
    // the pools' minimum nodes exist before the run; with `fixed`, so do the nodes its pods need
    for (const pool of POOL_NAMES) {
      const cfg = c.cluster.pools[pool];
      let n = 0;
      while (n < cfg.min || (a.policy === 'fixed' && this.pending[pool].length > 0 && n < Math.max(cfg.max, cfg.min))) {
        this.addNodeNow(pool);
        n++;
      }
    }
    startControllers(this.ctx, this);
  }

  finish(): void {
    this.finishedAt = this.ctx.sim.now;
    this.ledger.finish(this.finishedAt);
  }

  private get endTime(): number {
    return Number.isNaN(this.finishedAt) ? this.ctx.sim.now : this.finishedAt;
  }

  // ---------------------------------------------------------------------------------------------
  // Deployments

  /** Sets a deployment's desired replicas (a controller's write); the ReplicaSet reconciles at once. */
  scale(kind: PodKind, replicas: number, by: string): void {
    const d = this.deployments[kind];
    if (replicas === d.replicas) return;
    this.ctx.log('scale', kind, `${d.replicas} -> ${replicas} (${by})`);
    this.setReplicas(kind, replicas);
  }

  private setReplicas(kind: PodKind, replicas: number): void {
    const d = this.deployments[kind];
    d.replicas = Math.max(0, Math.floor(replicas));
    this.reconcile(d);
  }

  /** ReplicaSet: create pods up to the count, or delete the surplus in ReplicaSet order. */
  private reconcile(d: Deployment): void {
    while (d.active.length < d.replicas) this.createPod(d);
    if (d.active.length > d.replicas) {
      const victims = [...d.active].sort(deletionOrder).slice(0, d.active.length - d.replicas);
      for (const p of victims) this.deletePod(p, this.terminationGrace, 'scale-down', false);
    }
  }

  /** Pods of a deployment that are running (container up; for tf-serving, its server listening). */
  readyPods(kind: PodKind): number {
    let n = 0;
    for (const p of this.deployments[kind].active) if (p.phase === 'running') n++;
    return n;
  }

  private createPod(d: Deployment): void {
    const ctx = this.ctx;
    const id = this.nextPodId++;
    const base = { id, name: `${d.kind}-${id}`, phase: 'pending' as const, createdAt: ctx.sim.now, runningAt: NaN, node: -1, timer: null, restarts: 0 };
    let pod: Pod;
    if (d.kind === 'tf-serving') {
      const sp: ServingPod = { ...base, kind: 'tf-serving', server: null };
      this.servingPods.push(sp);
      this.servingState.set(id, { busyBase: 0, crashTimer: null, crashes: 0, containerStartedAt: NaN });
      pod = sp;
    } else {
      const cp: ConsumerPod = { ...base, kind: d.kind, proc: null, holding: -1, updatedAt: ctx.sim.now };
      (d.kind === 'image-consumer' ? ctx.imagePods : ctx.zipPods).push(cp);
      pod = cp;
    }
    d.active.push(pod);
    const node = this.pickNode(d.pool, d.resources);
    if (node) this.bind(pod, node);
    else this.pending[d.pool].push(pod);
  }

  /** The scheduler (placement.ts): the fullest running node of the pool that fits. */
  private pickNode(pool: PoolName, r: PodResources): ClusterNode | null {
    return placePod(r, pool, this.nodes);
  }

  private bind(pod: Pod, node: ClusterNode): void {
    const r = this.deployments[pod.kind].resources;
    node.pods.push(pod);
    node.usedCpu += r.cpu;
    node.usedMemory += r.memoryBytes;
    node.usedGpus += r.gpu;
    pod.node = node.id;
    pod.phase = 'starting';
    const startup = pod.kind === 'tf-serving' ? this.servingStartup() : this.consumerStartup[pod.kind]();
    pod.timer = this.ctx.sim.schedule(startup, () => this.containerStarted(pod));
  }

  private unbind(pod: Pod): void {
    const node = this.nodeById(pod.node);
    pod.node = -1;
    if (!node) return;
    const r = this.deployments[pod.kind].resources;
    const i = node.pods.indexOf(pod);
    if (i >= 0) node.pods.splice(i, 1);
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
    const ctx = this.ctx;
    pod.timer = null;
    pod.phase = 'running';
    pod.runningAt = ctx.sim.now;
    if (pod.kind === 'tf-serving') this.startServer(pod as ServingPod);
    else {
      const cp = pod as ConsumerPod;
      cp.updatedAt = ctx.sim.now;
      if (pod.kind === 'image-consumer') ctx.startImageConsumer(cp);
      else ctx.startZipConsumer(cp);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // TF-Serving containers: start, model load, crash, CrashLoopBackOff

  private startServer(pod: ServingPod): void {
    const ctx = this.ctx;
    const server = new TfServingServer(ctx.sim, pod.id, ctx.config.serving.batching, ctx.batchSeconds);
    pod.server = server;
    ctx.endpoints.push(server); // no readiness probe: listed while the model loads
    const st = this.servingState.get(pod.id)!;
    st.containerStartedAt = ctx.sim.now;
    pod.timer = ctx.sim.schedule(this.modelLoad(), () => {
      pod.timer = null;
      if (server.state === 'loading') server.state = 'ready';
    });
    if (this.crashGap) st.crashTimer = ctx.sim.schedule(this.crashGap(), () => this.crash(pod));
  }

  /** Removes the server from the endpoints and stops it; its queued and running requests are lost. */
  private stopServer(pod: ServingPod): void {
    const server = pod.server;
    if (!server) return;
    this.unlist(server);
    const st = this.servingState.get(pod.id)!;
    const lost = server.stop();
    st.busyBase += server.busySeconds;
    pod.server = null;
    for (const r of lost) r.onLost(r);
  }

  private unlist(server: TfServingServer): void {
    const eps = this.ctx.endpoints;
    const i = eps.indexOf(server);
    if (i >= 0) eps.splice(i, 1);
  }

  private crash(pod: ServingPod): void {
    const ctx = this.ctx;
    const st = this.servingState.get(pod.id)!;
    st.crashTimer = null;
    if (pod.phase !== 'running') return;
    const cfg = ctx.config.serving.restartBackoff;
    st.crashes = consecutiveCrashes(st.crashes, ctx.sim.now - st.containerStartedAt, cfg);
    const delay = restartDelay(st.crashes, cfg);
    ctx.sim.cancel(pod.timer);
    this.stopServer(pod);
    pod.phase = 'starting'; // CrashLoopBackOff: container waiting, pod not ready
    pod.restarts++;
    ctx.counters.crashes++;
    ctx.log('pod_crash', pod.name, `back-off ${delay} s`);
    pod.timer = ctx.sim.schedule(delay, () => {
      pod.timer = null;
      pod.phase = 'running';
      ctx.log('pod_restart', pod.name, `restart ${pod.restarts}`);
      // the image is on the node: the restarted container only loads the model again
      this.startServer(pod);
    });
  }

  /** Cumulative GPU busy seconds of a tf-serving pod, over all its containers. */
  podBusySeconds(pod: ServingPod): number {
    const st = this.servingState.get(pod.id);
    return (st?.busyBase ?? 0) + (pod.server ? pod.server.busyUntilNow() : 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Pod deletion

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
    const sim = this.ctx.sim;
    sim.cancel(pod.timer);
    pod.timer = null;
    if (pod.kind === 'tf-serving') {
      const st = this.servingState.get(pod.id)!;
      sim.cancel(st.crashTimer);
      st.crashTimer = null;
      const server = (pod as ServingPod).server;
      if (server) this.unlist(server);
    }
    if (pod.phase === 'pending') {
      const q = this.pending[d.pool];
      const k = q.indexOf(pod);
      if (k >= 0) q.splice(k, 1);
      this.gone(pod);
    } else {
      const hasProcess = pod.kind === 'tf-serving' ? (pod as ServingPod).server !== null : (pod as ConsumerPod).proc !== null;
      pod.phase = 'terminating';
      if (hasProcess && grace > 0) pod.timer = sim.schedule(grace, () => this.kill(pod));
      else this.kill(pod);
    }
    if (pod.kind !== 'tf-serving') this.ctx.stoppedConsumers.push(pod as ConsumerPod);
    if (reason !== 'scale-down') this.ctx.log('pod_deleted', pod.name, reason);
    if (replace) this.reconcile(d);
  }

  private kill(pod: Pod): void {
    pod.timer = null;
    if (pod.phase === 'gone') return;
    if (pod.kind === 'tf-serving') this.stopServer(pod as ServingPod);
    else {
      const cp = pod as ConsumerPod;
      if (cp.proc && !cp.proc.done) cp.proc.kill();
    }
    this.gone(pod);
  }

  private gone(pod: Pod): void {
    pod.phase = 'gone';
    if (pod.node >= 0) this.unbind(pod);
    if (pod.kind === 'tf-serving') {
      const i = this.servingPods.indexOf(pod as ServingPod);
      if (i >= 0) this.servingPods.splice(i, 1);
      this.gpuBusySeconds += this.servingState.get(pod.id)?.busyBase ?? 0;
      this.servingState.delete(pod.id);
    }
  }

  /**
   * Forgets consumer pods that are gone and whose processing list is empty (the janitor has requeued
   * their key); keeps the kiosk's pod lists short. Called by the periodic controllers.
   */
  pruneGonePods(): void {
    const prune = (list: ConsumerPod[]) => {
      let kept = 0;
      for (let i = 0; i < list.length; i++) {
        const p = list[i]!;
        if (!(p.phase === 'gone' && p.holding < 0)) list[kept++] = p;
      }
      list.length = kept;
    };
    prune(this.ctx.imagePods);
    prune(this.ctx.zipPods);
  }

  // ---------------------------------------------------------------------------------------------
  // Nodes

  nodeById(id: number): ClusterNode | undefined {
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

  private newNode(pool: PoolName): ClusterNode {
    const cfg = this.ctx.config.cluster.pools[pool];
    const id = this.nextNodeId++;
    const node: ClusterNode = {
      id, name: `${pool}-node-${id}`, pool, state: 'requested', preemptible: cfg.preemptible,
      cpu: cfg.machine.cpu, memoryBytes: cfg.machine.memoryBytes, gpus: cfg.machine.gpus,
      usedCpu: 0, usedMemory: 0, usedGpus: 0, pods: [],
      requestedAt: -Infinity, createdAt: NaN, readyAt: NaN, timer: null, preemption: null,
    };
    this.nodes.push(node);
    return node;
  }

  /** A node that exists and runs from now on (the pools' nodes at the start of the run). */
  private addNodeNow(pool: PoolName): ClusterNode {
    const node = this.newNode(pool);
    this.vmCreated(node);
    this.nodeRunning(node);
    return node;
  }

  /** Nodes of a pool that are not gone (requested, provisioning, unready, running, draining). */
  poolSize(pool: PoolName): number {
    let n = 0;
    for (const node of this.nodes) if (node.pool === pool) n++;
    return n;
  }

  /**
   * The cluster autoscaler's request for one node: it reaches the cloud after `requestDelay`, the VM boots
   * (provisioning), and GPU pools wait for the driver. The autoscaler gives up a node still not running
   * `maxProvisionTime` after the request (controllers/clusterAutoscaler.ts).
   */
  requestNode(pool: PoolName): ClusterNode {
    const ctx = this.ctx;
    const ca = ctx.config.cluster.autoscaler;
    const node = this.newNode(pool);
    node.requestedAt = ctx.sim.now;
    this.lastScaleUpAt = ctx.sim.now;
    node.timer = ctx.sim.schedule(ca.requestDelay, () => {
      node.timer = null;
      this.vmCreated(node);
      const boot = this.provisioning[pool]();
      const gpu = node.gpus > 0 ? this.gpuReady[pool]() : 0;
      node.timer = ctx.sim.schedule(boot, () => {
        node.timer = null;
        node.readyAt = ctx.sim.now;
        if (gpu > 0) {
          node.state = 'gpu-unready';
          node.timer = ctx.sim.schedule(gpu, () => {
            node.timer = null;
            this.nodeRunning(node);
          });
        } else this.nodeRunning(node);
      });
    });
    return node;
  }

  /** The VM exists: billing starts, and a preemptible VM's preemption is scheduled. */
  private vmCreated(node: ClusterNode): void {
    const ctx = this.ctx;
    const cfg = ctx.config.cluster.pools[node.pool];
    node.state = 'provisioning';
    node.createdAt = ctx.sim.now;
    this.ledger.nodeStarted(node.name, node.pool, cfg.machine.name, cfg.machine.gpuType && cfg.machine.gpus > 0 ? { type: cfg.machine.gpuType, count: cfg.machine.gpus } : null, cfg.preemptible, ctx.sim.now);
    const life = this.lifetime[node.pool];
    if (life) node.preemption = ctx.sim.schedule(life(), () => this.preempt(node));
    if (node.gpus > 0) this.peakGpuNodes = Math.max(this.peakGpuNodes, this.billedNodes('gpu'));
  }

  private nodeRunning(node: ClusterNode): void {
    if (Number.isNaN(node.readyAt)) node.readyAt = this.ctx.sim.now;
    node.state = 'running';
    this.ctx.log('node_added', node.name, node.pool);
    this.schedulePendingOnto(node);
  }

  /** GCE preempts the VM: 30 s notice; the kubelet gives pods `grace` (15 s); then the node is gone. */
  private preempt(node: ClusterNode): void {
    const ctx = this.ctx;
    node.preemption = null;
    if (node.state === 'gone') return;
    const p = ctx.config.cluster.preemption;
    if (p.model === 'none') return;
    ctx.counters.preemptions++;
    ctx.log('preemption', node.name, `${node.pods.length} pods; up ${Math.round(ctx.sim.now - node.createdAt)} s`);
    this.drainNode(node, p.grace, 'preempted', p.notice);
  }

  /**
   * Takes a node out: it takes no new pods, its pods are deleted with `grace` (and replaced by their
   * ReplicaSets), and the node is removed `removeAfter` seconds later (at once when 0 and it is empty).
   */
  drainNode(node: ClusterNode, grace: number, reason: string, removeAfter: number): void {
    const sim = this.ctx.sim;
    if (node.state === 'gone' || node.state === 'draining') return;
    sim.cancel(node.timer);
    node.timer = null;
    const wasRunning = node.state === 'running' || node.state === 'gpu-unready';
    if (!wasRunning) {
      // a VM still booting: nothing to drain; it stops after the notice (at once when never created)
      if (removeAfter > 0 && node.state !== 'requested') {
        node.state = 'draining';
        node.timer = sim.schedule(removeAfter, () => this.removeNode(node, reason));
      } else this.removeNode(node, reason);
      return;
    }
    node.state = 'draining';
    for (const pod of [...node.pods]) this.deletePod(pod, Math.min(grace, removeAfter > 0 ? removeAfter : grace), reason, true);
    const end = Math.max(removeAfter, node.pods.length > 0 ? grace : 0);
    if (end <= 0) this.removeNode(node, reason);
    else node.timer = sim.schedule(end, () => this.removeNode(node, reason));
  }

  /** The node is gone: pods still on it are killed, billing stops. */
  removeNode(node: ClusterNode, reason: string): void {
    const sim = this.ctx.sim;
    if (node.state === 'gone') return;
    sim.cancel(node.timer);
    sim.cancel(node.preemption);
    node.timer = null;
    node.preemption = null;
    const billed = node.state !== 'requested';
    node.state = 'gone';
    for (const pod of [...node.pods]) {
      if (pod.phase !== 'terminating') this.deletePod(pod, 0, reason, true);
      this.kill(pod);
    }
    const i = this.nodes.indexOf(node);
    if (i >= 0) this.nodes.splice(i, 1);
    if (billed) {
      this.ledger.nodeStopped(node.name, sim.now);
      this.ctx.log('node_removed', node.name, reason);
    }
  }

  /** Nodes of a pool that are billed (VM exists). */
  billedNodes(pool: PoolName): number {
    let n = 0;
    for (const node of this.nodes) if (node.pool === pool && node.state !== 'requested') n++;
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Results

  costBreakdown() {
    const end = this.endTime;
    const nodes = this.ledger.costAt(end);
    const data = runDataCosts(this.ctx, this.ctx.record.completed, end);
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

  gpuSummary() {
    const nodeSeconds = this.ledger.costAt(this.endTime).gpuNodeHours * 3600;
    return { peak_nodes: this.peakGpuNodes, mean_utilization: nodeSeconds > 0 ? this.gpuBusyUntilNow() / nodeSeconds : 0 };
  }

  /** GPU busy seconds over all servers up to now. */
  gpuBusyUntilNow(): number {
    let busy = this.gpuBusySeconds;
    for (const p of this.servingPods) busy += this.podBusySeconds(p);
    return busy;
  }

  snapshot(): Record<string, number> {
    const now = this.ctx.sim.now;
    const serving = { pending: 0, starting: 0, running: 0, terminating: 0 };
    for (const p of this.servingPods) if (p.phase !== 'gone') serving[p.phase]++;
    const running = (pods: ConsumerPod[]) => pods.reduce((n, p) => n + (p.phase === 'running' ? 1 : 0), 0);
    const busy = this.gpuBusyUntilNow();
    const ready = serving.running;
    const dt = now - this.lastSampleAt;
    const util = dt > 0 && ready > 0 ? (busy - this.lastBusy) / (dt * ready) : 0;
    this.lastBusy = busy;
    this.lastSampleAt = now;
    let gpuProvisioning = 0;
    for (const n of this.nodes) if (n.pool === 'gpu' && (n.state === 'provisioning' || n.state === 'gpu-unready')) gpuProvisioning++;
    const nodeCost = this.ledger.costAt(now).total;
    const data = runDataCosts(this.ctx, this.ctx.record.completed, now);
    return {
      pods_serving_pending: serving.pending,
      pods_serving_starting: serving.starting,
      pods_serving_ready: ready,
      pods_serving_terminating: serving.terminating,
      pods_image_consumer: running(this.ctx.imagePods),
      pods_zip_consumer: running(this.ctx.zipPods),
      pods_consumer_pending: this.pending.consumer.length,
      replicas_serving: this.deployments['tf-serving'].replicas,
      replicas_image_consumer: this.deployments['image-consumer'].replicas,
      replicas_zip_consumer: this.deployments['zip-consumer'].replicas,
      nodes_gpu: this.billedNodes('gpu'),
      nodes_gpu_provisioning: gpuProvisioning,
      nodes_cpu: this.billedNodes('consumer') + this.billedNodes('default'),
      gpu_utilization: Math.min(1, util),
      cost_usd: nodeCost + data.total,
    };
  }
}
