/**
 * The GKE cluster autoscaler's decisions as pure functions (REFERENCE.md "Cluster autoscaler"; the thresholds come
 * from the scenario's cluster.autoscaler). The controller (controllers/clusterAutoscalerLoop.ts) calls them every
 * scan with a plain view of the pools, nodes and unschedulable pods, and applies what they return.
 *
 *  - Scale-up (`planScaleUp`): pending pods that fit on nodes already on their way (requested, booting, or
 *    waiting for the GPU driver) wait for them; for every pool not in backoff, the remaining pods it could hold
 *    are binpacked onto hypothetical new nodes (first fit, largest pods first: the binpacking estimator), capped
 *    at the pool's max.
 *  - Provisioning failure (`failedProvisioning`): a node not running `maxProvisionTime` after its request is given
 *    up, and its pool backs off (`nextBackoff`: 5 min, doubling to 30 min).
 *  - Scale-down (`planScaleDown`): a running node whose requests are below the utilisation threshold (GPU nodes:
 *    GPU requests only) and whose pods fit on the other nodes is unneeded; once unneeded for
 *    `scaleDownUnneeded`, and no scale-up happened in the last `scaleDownDelayAfterAdd`, it is removed: empty
 *    nodes up to `maxBulkDelete` at a time, otherwise one node, drained. Pools never go below their min.
 */
import type { NodeState } from '../cluster/node.ts';
import { admits, fitsIn, freeRoom, nodeUtilization, type NodeLoad, type Resources } from '../cluster/placement.ts';
import type { ClusterAutoscalerConfig } from '../config.ts';
import { FirstFitIndex } from './firstFit.ts';

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
function bySize(a: PodRequest, b: PodRequest): number {
  const size = (p: PodRequest) => p.requests.gpu * 1000 + p.requests.cpu + p.requests.memoryBytes / 2 ** 30;
  return size(b) - size(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function take(free: Resources, r: Resources): void {
  free.cpu -= r.cpu;
  free.memoryBytes -= r.memoryBytes;
  free.gpu -= r.gpu;
}

function give(free: Resources, r: Resources): void {
  free.cpu += r.cpu;
  free.memoryBytes += r.memoryBytes;
  free.gpu += r.gpu;
}

export interface ScaleUpOption {
  pool: string;
  /** New nodes to request. */
  add: number;
  /** Pending pods the new nodes would take. */
  pods: string[];
}

export interface ScaleUpPlan {
  /** One option per pool that can help. */
  options: ScaleUpOption[];
  /** Pending pods that fit on nodes already on their way. */
  waitingForUpcoming: string[];
  /** Pending pods no pool can hold now (too big, or their pool at max or in backoff). */
  helpless: string[];
}

/** Decides the scale-up for one scan. `pending`: pods the scheduler could not place. */
export function planScaleUp(pools: readonly PoolView[], nodes: readonly NodeView[], pending: readonly PodRequest[], now: number): ScaleUpPlan {
  const sorted = [...pending].sort(bySize);
  // 1. Pods that fit on nodes already on their way wait for them.
  const upcoming = nodes.filter((n) => isUpcoming(n.state)).map((node) => ({ node, free: freeRoom(node) }));
  const waitingForUpcoming: string[] = [];
  const remaining: PodRequest[] = [];
  for (const pod of sorted) {
    const slot = upcoming.find((u) => admits(pod.requests, pod.pool, u.node) && fitsIn(pod.requests, u.free));
    if (slot) {
      take(slot.free, pod.requests);
      waitingForUpcoming.push(pod.name);
    } else remaining.push(pod);
  }

  // 2. Each pool binpacks the pods it could hold onto new nodes, up to its max.
  const options: ScaleUpOption[] = [];
  const helped = new Set<string>();
  for (const pool of pools) {
    if (now < pool.backoffUntil) continue;
    const room = pool.maxNodes - poolSize(nodes, pool.name);
    if (room <= 0) continue;
    const shape = { pool: pool.name, gpus: pool.template.gpu };
    const bins: Resources[] = [];
    const placed: string[] = [];
    for (const pod of remaining) {
      if (!admits(pod.requests, pod.pool, shape) || !fitsIn(pod.requests, pool.template)) continue;
      let bin = bins.find((free) => fitsIn(pod.requests, free));
      if (!bin) {
        if (bins.length >= room) continue;
        bin = { ...pool.template };
        bins.push(bin);
      }
      take(bin, pod.requests);
      placed.push(pod.name);
    }
    if (bins.length === 0) continue;
    for (const name of placed) helped.add(name);
    options.push({ pool: pool.name, add: bins.length, pods: placed });
  }
  const helpless = remaining.filter((p) => !helped.has(p.name)).map((p) => p.name);
  return { options, waitingForUpcoming, helpless };
}

/** Nodes still not running `maxProvisionTime` after their request: the autoscaler gives them up. */
export function failedProvisioning(nodes: readonly NodeView[], now: number, config: Pick<ClusterAutoscalerConfig, 'maxProvisionTime'>): string[] {
  return nodes.filter((n) => isUpcoming(n.state) && now - n.requestedAt >= config.maxProvisionTime).map((n) => n.name);
}

/** cluster-autoscaler defaults: --initial-node-group-backoff-duration 5m, --max-node-group-backoff-duration 30m,
 * --node-group-backoff-reset-timeout 3h. */
export const NODE_GROUP_BACKOFF = { initial: 5 * 60, max: 30 * 60, resetAfter: 3 * 3600 } as const;

export interface Backoff {
  failedAt: number;
  duration: number;
}

/** A pool's backoff after a failure at `now`: the initial one, or double the last one (capped) if that failure was recent. */
export function nextBackoff(previous: Backoff | null, now: number): Backoff {
  const recent = previous !== null && now - previous.failedAt < NODE_GROUP_BACKOFF.resetAfter;
  return { failedAt: now, duration: recent ? Math.min(previous.duration * 2, NODE_GROUP_BACKOFF.max) : NODE_GROUP_BACKOFF.initial };
}

export interface ScaleDownPlan {
  /** Empty nodes to delete now (at most maxBulkDelete). */
  deleteEmpty: string[];
  /** A non-empty node to drain and delete now, or null. */
  drain: string | null;
  /** Nodes unneeded now, with the time each became unneeded (continuously since). */
  unneededSince: Map<string, number>;
  reason: 'ScaleDownInCooldown' | 'Deleting' | 'NothingToDelete';
}

type ScaleDownConfig = Pick<ClusterAutoscalerConfig, 'utilizationThreshold' | 'scaleDownUnneeded' | 'scaleDownDelayAfterAdd' | 'maxBulkDelete'>;

/**
 * Where the scale-down simulation may move a pod: the first running node, in the given order, that the pod
 * may run on (pool and GPU taint) and that has room, leaving out the excluded ones (the node being emptied,
 * nodes already found unneeded). Nodes of other pools never admit a pod, so each pool has its own first-fit
 * index (firstFit.ts) over its nodes in the same order, and the first fit in the pod's pool is the first
 * fit overall. A pool's index is built when a pod of that pool first needs a place, so scans without an
 * underused node build none.
 */
/**
 * Pools with fewer running nodes are searched linearly: in the 1-GPU 10^6 run (~38 running nodes, 27 fit
 * tests a pod) building the index each scan cost more than it saved; in the headline (~200 consumer nodes,
 * 225 fit tests a pod) the index does 15 times less work.
 */
const INDEX_FROM = 64;

class MoveTargets {
  private groups: Map<string, { index: FirstFitIndex | null; nodes: number[] }> | null = null;
  /** Each node's position in its pool's list. */
  private readonly position: Int32Array;
  private readonly excluded: Uint8Array;

  constructor(
    private readonly ready: readonly NodeView[],
    private readonly free: readonly Resources[],
  ) {
    this.position = new Int32Array(ready.length);
    this.excluded = new Uint8Array(ready.length);
  }

  first(pod: PodRequest): number {
    const group = this.pools().get(pod.pool);
    if (!group) return -1;
    const { nodes } = group;
    if (nodes.length < INDEX_FROM) return this.linearFirst(pod, nodes);
    const index = (group.index ??= this.build(nodes));
    const k = index.first(pod.requests, (k) => admits(pod.requests, pod.pool, this.ready[nodes[k]!]!) && fitsIn(pod.requests, this.free[nodes[k]!]!));
    return k < 0 ? -1 : nodes[k]!;
  }

  /** The same answer by trying the pool's nodes in order (few nodes: cheaper than building the index). */
  private linearFirst(pod: PodRequest, nodes: readonly number[]): number {
    for (const t of nodes) {
      if (this.excluded[t] === 0 && admits(pod.requests, pod.pool, this.ready[t]!) && fitsIn(pod.requests, this.free[t]!)) return t;
    }
    return -1;
  }

  /** Node t's free room changed (only nodes a search returned: their pool's index exists, if it has one). */
  changed(t: number): void {
    this.indexOf(t)?.refresh(this.position[t]!);
  }

  exclude(t: number, out: boolean): void {
    this.excluded[t] = out ? 1 : 0;
    this.indexOf(t)?.setExcluded(this.position[t]!, out);
  }

  private indexOf(t: number): FirstFitIndex | null {
    return this.pools().get(this.ready[t]!.pool)!.index;
  }

  /** The running nodes of each pool, in order. */
  private pools(): Map<string, { index: FirstFitIndex | null; nodes: number[] }> {
    if (this.groups === null) {
      const groups = new Map<string, { index: FirstFitIndex | null; nodes: number[] }>();
      this.ready.forEach((n, t) => {
        let g = groups.get(n.pool);
        if (!g) groups.set(n.pool, (g = { index: null, nodes: [] }));
        this.position[t] = g.nodes.length;
        g.nodes.push(t);
      });
      this.groups = groups;
    }
    return this.groups;
  }

  private build(nodes: readonly number[]): FirstFitIndex {
    const index = new FirstFitIndex(nodes.map((t) => this.free[t]!));
    nodes.forEach((t, k) => {
      if (this.excluded[t] === 1) index.setExcluded(k, true);
    });
    return index;
  }
}

/** Which running nodes could be emptied: what planScaleDown's simulation finds, before the clock and the cooldowns. */
export interface UnneededNodes {
  /** The running nodes, in the order given; `unneeded` and `movedIn` (pods simulated onto a node) index it. */
  ready: readonly NodeView[];
  unneeded: ReadonlySet<number>;
  movedIn: ReadonlyMap<number, readonly PodRequest[]>;
}

/**
 * The scale-down simulation of one scan. Nodes are judged in the order given (the controller passes
 * creation order). A node's pods are simulated onto the other running nodes that are not themselves
 * unneeded; a later candidate must be able to move the pods simulated onto it as well. A function of
 * the nodes alone (and the threshold): a caller whose nodes did not change may keep the answer.
 */
export function findUnneeded(nodes: readonly NodeView[], utilizationThreshold: number): UnneededNodes {
  const ready = nodes.filter((n) => n.state === 'running');
  const free = ready.map(freeRoom);
  const targets = new MoveTargets(ready, free);
  const unneeded = new Set<number>();
  const movedIn = new Map<number, PodRequest[]>();
  const moves: [number, PodRequest][] = [];

  for (let i = 0; i < ready.length; i++) {
    const node = ready[i]!;
    if (nodeUtilization(node) >= utilizationThreshold) continue;
    const pods = [...node.pods, ...(movedIn.get(i) ?? [])].sort(bySize);
    moves.length = 0;
    let ok = true;
    targets.exclude(i, true); // a node's pods move to other nodes
    for (const pod of pods) {
      const target = targets.first(pod);
      if (target < 0) {
        ok = false;
        break;
      }
      take(free[target]!, pod.requests);
      targets.changed(target);
      moves.push([target, pod]);
    }
    if (!ok) {
      for (const [t, pod] of moves) {
        give(free[t]!, pod.requests);
        targets.changed(t);
      }
      targets.exclude(i, false);
      continue;
    }
    for (const [t, pod] of moves) movedIn.set(t, [...(movedIn.get(t) ?? []), pod]);
    unneeded.add(i); // stays excluded: an unneeded node takes no moved pods
  }
  return { ready, unneeded, movedIn };
}

/**
 * Updates the unneeded set and decides deletions for one scan (the simulation: findUnneeded, of these
 * `nodes`; `found` passes one already made of the same nodes).
 */
export function planScaleDown(
  pools: readonly PoolView[],
  nodes: readonly NodeView[],
  now: number,
  previousUnneededSince: ReadonlyMap<string, number>,
  lastScaleUpAt: number,
  config: ScaleDownConfig,
  found: UnneededNodes = findUnneeded(nodes, config.utilizationThreshold),
): ScaleDownPlan {
  const { ready, unneeded, movedIn } = found;
  const unneededSince = new Map<string, number>();
  for (const i of unneeded) {
    const name = ready[i]!.name;
    unneededSince.set(name, previousUnneededSince.get(name) ?? now);
  }
  if (now - lastScaleUpAt < config.scaleDownDelayAfterAdd) return { deleteEmpty: [], drain: null, unneededSince, reason: 'ScaleDownInCooldown' };

  const poolByName = new Map(pools.map((p) => [p.name, p]));
  const sizes = new Map(pools.map((p) => [p.name, poolSize(nodes, p.name)]));
  const removable = (node: NodeView) => (sizes.get(node.pool) ?? 0) > (poolByName.get(node.pool)?.minNodes ?? Infinity);
  const ripe = [...unneeded].filter((i) => now - unneededSince.get(ready[i]!.name)! >= config.scaleDownUnneeded);

  const deleteEmpty: string[] = [];
  for (const i of ripe) {
    const node = ready[i]!;
    if (deleteEmpty.length >= config.maxBulkDelete) break;
    if (node.pods.length > 0 || movedIn.has(i) || !removable(node)) continue;
    deleteEmpty.push(node.name);
    sizes.set(node.pool, sizes.get(node.pool)! - 1);
  }
  if (deleteEmpty.length > 0) return { deleteEmpty, drain: null, unneededSince, reason: 'Deleting' };

  const drain = ripe.map((i) => ready[i]!).find(removable);
  return drain ? { deleteEmpty, drain: drain.name, unneededSince, reason: 'Deleting' } : { deleteEmpty, drain: null, unneededSince, reason: 'NothingToDelete' };
}
