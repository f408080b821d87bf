/**
 * The GKE cluster autoscaler as a loop (platform.md "Cluster autoscaler"): every `scanInterval` it
 * (1) asks for enough nodes to hold the pods no node can take, counting the room on nodes already on their
 * way, within the pool's max; (2) tracks nodes whose requests are below `utilizationThreshold` (GPU nodes:
 * GPU requests only), and once one has been unneeded for `scaleDownUnneeded` and no scale-up happened in
 * the last `scaleDownDelayAfterAdd`, removes it: empty nodes up to `maxBulkDelete` at a time, otherwise one
 * node whose pods fit elsewhere, drained with the pods' grace period. Pools never go below their min.
 */
import type { Cluster } from '../cluster/cluster.ts';
import { scaleDownUtilization, type ClusterNode, type PoolName } from '../cluster/node.ts';
import type { PodResources } from '../config.ts';
import type { KioskContext } from '../kiosk.ts';
import { everyWithPhase } from './phase.ts';

/** Free room of a node as plain numbers, for what-if packing. */
interface Room {
  cpu: number;
  mem: number;
  gpu: number;
}

function roomOf(n: ClusterNode): Room {
  return { cpu: n.cpu - n.usedCpu, mem: n.memoryBytes - n.usedMemory, gpu: n.gpus - n.usedGpus };
}

function take(room: Room, r: PodResources): boolean {
  if (r.cpu > room.cpu + 1e-9 || r.memoryBytes > room.mem + 1e-3 || r.gpu > room.gpu) return false;
  room.cpu -= r.cpu;
  room.mem -= r.memoryBytes;
  room.gpu -= r.gpu;
  return true;
}

/**
 * New nodes needed for `pods` (their requests), after filling the room of upcoming nodes (first fit),
 * packing the rest next-fit onto fresh machines of `empty` room. Pods that fit no empty machine are left out.
 */
export function nodesNeeded(pods: readonly PodResources[], upcoming: Room[], empty: Room): number {
  let added = 0;
  let open: Room | null = null;
  for (const r of pods) {
    let placed = false;
    for (const u of upcoming) if (take(u, r)) { placed = true; break; }
    if (placed) continue;
    if (open && take(open, r)) continue;
    const fresh = { ...empty };
    if (!take(fresh, r)) continue; // never fits: the autoscaler cannot help
    open = fresh;
    added++;
  }
  return added;
}

export function startClusterAutoscaler(ctx: KioskContext, cluster: Cluster): void {
  const ca = ctx.config.cluster.autoscaler;
  everyWithPhase(ctx, 'cluster-autoscaler', ca.scanInterval, (now) => {
    for (const pool of ['gpu', 'consumer'] as PoolName[]) scaleUp(ctx, cluster, pool);
    scaleDown(ctx, cluster, now);
    cluster.pruneGonePods();
  });
}

function scaleUp(ctx: KioskContext, cluster: Cluster, pool: PoolName): void {
  const pending = cluster.pending[pool];
  if (pending.length === 0) return;
  const cfg = ctx.config.cluster.pools[pool];
  const upcoming: Room[] = [];
  for (const n of cluster.nodes) {
    if (n.pool === pool && (n.state === 'requested' || n.state === 'provisioning' || n.state === 'gpu-unready')) upcoming.push(roomOf(n));
  }
  const reqs = pending.map((p) => cluster.deployments[p.kind].resources);
  const empty = { cpu: cfg.machine.cpu, mem: cfg.machine.memoryBytes, gpu: cfg.machine.gpus };
  const want = Math.min(nodesNeeded(reqs, upcoming, empty), cfg.max - cluster.poolSize(pool));
  if (want <= 0) return;
  ctx.log('scale_up', pool, `${want} nodes for ${pending.length} pending pods`);
  for (let i = 0; i < want; i++) cluster.requestNode(pool);
}

function scaleDown(ctx: KioskContext, cluster: Cluster, now: number): void {
  const ca = ctx.config.cluster.autoscaler;
  const candidates: ClusterNode[] = [];
  for (const n of cluster.nodes) {
    if (n.pool === 'default' || n.state !== 'running') continue;
    if (scaleDownUtilization(n) < ca.utilizationThreshold) {
      if (Number.isNaN(n.unneededSince)) n.unneededSince = now;
      if (now - n.unneededSince >= ca.scaleDownUnneeded) candidates.push(n);
    } else n.unneededSince = NaN;
  }
  if (candidates.length === 0 || now - cluster.lastScaleUpAt < ca.scaleDownDelayAfterAdd) return;
  const size: Record<PoolName, number> = { gpu: cluster.poolSize('gpu'), consumer: cluster.poolSize('consumer'), default: cluster.poolSize('default') };
  const min = (p: PoolName) => ctx.config.cluster.pools[p].min;
  let deleted = 0;
  for (const n of candidates) {
    if (deleted >= ca.maxBulkDelete) break;
    if (n.pods.length > 0 || size[n.pool] <= min(n.pool)) continue;
    size[n.pool]--;
    deleted++;
    cluster.drainNode(n, 0, 'scale-down: empty', 0);
  }
  if (deleted > 0) return;
  // one non-empty node at a time, when its pods fit on the other running nodes of its pool
  for (const n of candidates) {
    if (size[n.pool] <= min(n.pool) || !podsFitElsewhere(cluster, n)) continue;
    cluster.drainNode(n, cluster.terminationGrace, 'scale-down: underutilized', cluster.terminationGrace);
    return;
  }
}

function podsFitElsewhere(cluster: Cluster, node: ClusterNode): boolean {
  const others = cluster.nodes.filter((o) => o !== node && o.pool === node.pool && o.state === 'running' && Number.isNaN(o.unneededSince));
  const rooms = others.map(roomOf);
  for (const p of node.pods) {
    const r = cluster.deployments[p.kind].resources;
    if (!rooms.some((room) => take(room, r))) return false;
  }
  return true;
}

