/**
 * The GPU-throughput bound: the GPU work a run must do, and the fastest any tf-serving server can do it.
 *
 * Every image's tiles (2020) or the image itself (2019) go through some server's GPU, one batch at a
 * time per server (sim/model/serving/tfServingPod.ts runs one batch, then the next). A batch of B tiles
 * takes fit(B) x a residual from the profile (sim/model/serving/profile.ts), so no batch runs faster
 * than B / (fit(B) x the smallest residual the profile can draw). Retries, abandoned calls and
 * preempted work only add GPU time. Hence, with at most `servers` servers at a time:
 *   GPU seconds >= work / best rate,   makespan >= first serving moment + work / (servers x best rate).
 * A textbook service time (a distribution per batch) gives a bound only when its smallest value is
 * above 0; otherwise the rate is unbounded and the bound says nothing (0).
 */
import type { DistributionSpec } from '../engine/distributions.ts';
import type { KioskConfig } from '../model/config.ts';
import { fittedBatchSeconds } from '../model/serving/profile.ts';
import { tileCount } from '../model/serving/tiling.ts';

/** The smallest value a distribution can draw (0 where it has no positive floor). */
export function floorOf(d: DistributionSpec): number {
  switch (d.kind) {
    case 'constant':
      return Math.max(0, d.value);
    case 'uniform':
      return Math.max(0, d.min);
    case 'normal':
      return Math.max(0, d.min ?? 0);
    case 'empirical':
      return Math.max(0, Math.min(...d.values));
    default:
      return 0;
  }
}

/** Tiles of one image as the serving model counts batch sizes (1 per image without tiling). */
export function tilesPerImage(c: KioskConfig): number {
  const t = c.serving.tiling;
  return t.enabled ? tileCount(c.workload.imageWidth, c.workload.imageHeight, t.tileSize, t.strideFraction) : 1;
}

/** The largest batch a server can run: a full batch, or one request bigger than it. */
function largestBatch(c: KioskConfig): number {
  const t = c.serving.tiling;
  const request = t.enabled ? t.tilesPerRequest : 1;
  return c.serving.batching.enabled ? Math.max(c.serving.batching.maxBatchSize, request) : request;
}

/** The best tiles (or images) per second of one server over every batch size it can run; Infinity when unbounded. */
export function bestRate(c: KioskConfig): number {
  const st = c.serving.serviceTime;
  const most = largestBatch(c);
  if (st.kind === 'distribution') {
    const fastest = floorOf(st.perBatch);
    return fastest > 0 ? most / fastest : Infinity;
  }
  const p = st.profile;
  const t = c.serving.tiling;
  const [h, w] = t.enabled ? [t.tileSize, t.tileSize] : [c.workload.imageHeight, c.workload.imageWidth];
  // the smallest residual anywhere: a measured point draws from its own residuals, others from the pooled ones
  let least = Math.min(...p.residuals.values);
  for (const g of p.samples) for (const s of g.seconds) least = Math.min(least, s / fittedBatchSeconds(p.fit, g.batchSize, g.tileHeight, g.tileWidth));
  let best = 0;
  for (let b = 1; b <= most; b++) best = Math.max(best, b / (fittedBatchSeconds(p.fit, b, h, w) * least));
  return best;
}

/** GPU servers one node of the GPU pool holds (each asks for serving.resources.gpu GPUs); Infinity when they ask for none. */
export function serversPerNode(c: KioskConfig): number {
  const need = c.serving.resources.gpu;
  return need > 0 ? Math.floor(c.cluster.pools.gpu.machine.gpus / need) : Infinity;
}

/** Seconds of GPU-server time the whole workload needs at the least (work / best rate). */
export function gpuServerSeconds(c: KioskConfig): number {
  const rate = bestRate(c);
  return Number.isFinite(rate) ? (c.workload.images * tilesPerImage(c)) / rate : 0;
}

/**
 * The earliest moment a server can serve: the GPU node first (if the pool starts empty, a node must be
 * provisioned and its GPU made allocatable), then the container's start and the model's load.
 */
export function firstServingAt(c: KioskConfig): number {
  const pool = c.cluster.pools.gpu;
  const node = pool.min > 0 ? 0 : floorOf(pool.provisioning) + floorOf(pool.gpuReadyDelay);
  return node + floorOf(c.serving.startup) + floorOf(c.serving.modelLoad);
}

/** Seconds before which the GPUs cannot have done the work, with at most `max` GPU nodes at a time. */
export function gpuTimeBound(c: KioskConfig): number {
  const pool = c.cluster.pools.gpu;
  const servers = Math.max(pool.max, pool.min) * serversPerNode(c);
  const work = gpuServerSeconds(c);
  if (!(work > 0) || !Number.isFinite(servers)) return 0;
  if (servers === 0) return Infinity;
  return firstServingAt(c) + work / servers;
}
