/**
 * Impossible combinations the schema cannot see field by field: pools with max < min, work that
 * needs a GPU in a cluster that can never have one, pods that fit on no node, requests larger than
 * the batch TF-Serving accepts, machines without a price. Each check names the YAML path to blame
 * and says what was expected. Pure: reads the normalised KioskConfig.
 */
import { arrivalsAreZips, type KioskConfig, type NodePoolConfig, type PodResources } from '../model/config.ts';
import { tileCount } from '../model/serving/tiling.ts';
import { quoteExcerpt } from './excerpt.ts';
import { problem, ScenarioProblemError } from './normalize.ts';

/**
 * Most Predict calls one image may need. Each image's calls are listed up front, so this bounds memory
 * (8 MB); a 100,000 x 100,000 px whole-slide image in 256-px tiles needs ~17,000 calls of 16 tiles.
 */
export const MAX_REQUESTS_PER_IMAGE = 1_000_000;

const fmt = (x: number) => String(+x.toPrecision(4));
const gib = (b: number) => `${fmt(b / 2 ** 30)} GiB`;

function checkPool(pool: NodePoolConfig, name: string): void {
  if (pool.max < pool.min) problem(['cluster', 'pools', name, 'max'], `expected max >= min (${pool.min} nodes), found ${pool.max}`);
}

/** How many pods of `r` fit on one node of `pool` (Infinity when nothing is requested). */
export function podsPerNode(r: PodResources, pool: NodePoolConfig): number {
  const m = pool.machine;
  const byCpu = r.cpu > 0 ? Math.floor(m.cpu / r.cpu + 1e-9) : Infinity;
  const byMem = r.memoryBytes > 0 ? Math.floor(m.memoryBytes / r.memoryBytes + 1e-9) : Infinity;
  const byGpu = r.gpu > 0 ? Math.floor(m.gpus / r.gpu) : Infinity;
  return Math.min(byCpu, byMem, byGpu);
}

function checkFits(r: PodResources, where: string[], pool: NodePoolConfig, poolName: string): void {
  const m = pool.machine;
  if (r.cpu > m.cpu) problem([...where, 'cpu'], `expected at most the ${poolName} node's allocatable CPU (${fmt(m.cpu)} cores on ${m.name}), found ${fmt(r.cpu)} cores`);
  if (r.memoryBytes > m.memoryBytes) problem([...where, 'memory'], `expected at most the ${poolName} node's allocatable memory (${gib(m.memoryBytes)} on ${m.name}), found ${gib(r.memoryBytes)}`);
  if (r.gpu > m.gpus) problem([...where, 'gpu'], `expected at most the ${poolName} node's ${m.gpus} GPU(s) (${m.name}), found ${r.gpu}`);
}

function checkPrices(c: KioskConfig): void {
  for (const name of ['gpu', 'consumer', 'default'] as const) {
    const m = c.cluster.pools[name].machine;
    if (!Object.hasOwn(c.cost.prices.machines, m.name)) {
      problem(['cluster', 'pools', name, 'machine'], `expected a machine type with a price in cost.prices.machines (${Object.keys(c.cost.prices.machines).join(', ')}), found ${quoteExcerpt(m.name)}`);
    }
    if (m.gpuType !== null && !Object.hasOwn(c.cost.prices.gpus, m.gpuType)) {
      problem(['cluster', 'pools', name, 'gpu_type'], `expected a GPU type with a price in cost.prices.gpus (${Object.keys(c.cost.prices.gpus).join(', ')}), found ${quoteExcerpt(m.gpuType)}`);
    }
  }
}

/** Zips are in play when arrivals are zips (the model's rule, config.ts). */
export function usesZips(c: KioskConfig): boolean {
  return arrivalsAreZips(c.workload.arrival);
}

function checkCapacity(c: KioskConfig): void {
  const { gpu, consumer } = c.cluster.pools;
  const s = c.serving.resources;
  const images = c.workload.images;
  if (s.gpu > 0) {
    if (gpu.machine.gpus < s.gpu) {
      problem(['cluster', 'pools', 'gpu', 'gpus'], `expected at least ${s.gpu} GPU(s) per node: the ${images} images need tf-serving pods that request ${s.gpu} (serving.resources.gpu), found ${gpu.machine.gpus}`);
    }
    if (gpu.max === 0) {
      problem(['cluster', 'pools', 'gpu', 'max'], `expected at least 1 GPU node: the ${images} images need tf-serving, whose pods request ${s.gpu} GPU (serving.resources.gpu), found 0`);
    }
    if (!c.cluster.autoscaler.enabled && gpu.min === 0) {
      problem(['cluster', 'pools', 'gpu', 'min'], 'expected at least 1 GPU node: with cluster.autoscaler.enabled false the pool stays at min, found 0');
    }
  }
  checkFits(s, ['serving', 'resources'], gpu, 'GPU');
  checkFits(c.consumers.image.resources, ['consumers', 'image', 'resources'], consumer, 'consumer');
  checkFits(c.consumers.zip.resources, ['consumers', 'zip', 'resources'], consumer, 'consumer');
  if (consumer.max === 0) problem(['cluster', 'pools', 'consumer', 'max'], 'expected at least 1 consumer node: consumer pods run there, found 0');

  if (c.autoscaling.policy === 'fixed') {
    const f = c.autoscaling.fixed;
    const servingSlots = gpu.max * podsPerNode(s, gpu);
    if (f.serving < 1) problem(['autoscaling', 'fixed', 'serving'], `expected at least 1 tf-serving pod for ${images} images, found ${f.serving}`);
    if (f.serving > servingSlots) {
      problem(['autoscaling', 'fixed', 'serving'], `expected at most ${servingSlots} tf-serving pods (cluster.pools.gpu.max ${gpu.max} nodes x ${podsPerNode(s, gpu)} per node), found ${f.serving}`);
    }
    if (f.imageConsumers < 1) problem(['autoscaling', 'fixed', 'image_consumers'], `expected at least 1 image consumer for ${images} images, found ${f.imageConsumers}`);
    if (usesZips(c) && f.zipConsumers < 1) problem(['autoscaling', 'fixed', 'zip_consumers'], `expected at least 1 zip consumer: ${c.workload.arrival.kind} arrivals come as zips, found ${f.zipConsumers}`);
  } else if (c.autoscaling.serving.min > gpu.max * Math.max(1, podsPerNode(s, gpu))) {
    problem(['autoscaling', 'serving', 'min'], `expected at most cluster.pools.gpu.max (${gpu.max}) tf-serving pods, found ${c.autoscaling.serving.min}`);
  }
}

function checkServing(c: KioskConfig): void {
  const { tiling, batching } = c.serving;
  const requestSize = tiling.enabled ? tiling.tilesPerRequest : 1;
  if (batching.enabled && requestSize > batching.maxBatchSize) {
    problem(['serving', 'batching', 'max_batch_size'], `expected at least the request size (${requestSize} = serving.tiling.tiles_per_request; TF-Serving rejects larger requests), found ${batching.maxBatchSize}`);
  }
  if (tiling.enabled) {
    const { imageWidth: w, imageHeight: h } = c.workload;
    if (tiling.tileSize > Math.min(w, h)) {
      problem(['serving', 'tiling', 'tile_size'], `expected at most the image's smaller side (${Math.min(w, h)} px), found ${tiling.tileSize}`);
    }
    const tiles = tileCount(w, h, tiling.tileSize, tiling.strideFraction);
    const requests = Math.ceil(tiles / tiling.tilesPerRequest);
    if (!(requests <= MAX_REQUESTS_PER_IMAGE)) {
      problem(['workload', 'image_width'], `expected an image that needs at most ${MAX_REQUESTS_PER_IMAGE} Predict calls, found ${w} x ${h} px = ${tiles} tiles of ${tiling.tileSize} px = ${requests} calls of ${tiling.tilesPerRequest} (serving.tiling.tile_size, tiles_per_request)`);
    }
  }
  const rb = c.serving.restartBackoff;
  if (rb.max < rb.initial) problem(['serving', 'restart_backoff', 'max'], `expected max >= initial (${rb.initial} s), found ${rb.max} s`);
}

function checkWorkload(c: KioskConfig): void {
  const a = c.workload.arrival;
  if (a.kind === 'trace') {
    const perArrival = a.unit === 'zip' ? c.workload.imagesPerZip : 1;
    const needed = Math.ceil(c.workload.images / perArrival);
    if (a.times.length < needed) {
      problem(['workload', 'images'], `expected at most the trace's ${a.times.length} arrivals x ${perArrival} image(s) = ${a.times.length * perArrival} images, found ${c.workload.images}`);
    }
  }
}

function checkRedis(c: KioskConfig): void {
  // a zip consumer that puts a parent back with no sleep and zero-time Redis calls would cycle for
  // ever without simulated time passing
  if (usesZips(c) && c.redis.putBackSleep + c.redis.opLatency <= 0) {
    problem(['redis', 'put_back_sleep'], 'expected put_back_sleep or op_latency above 0 s when zips are used (zip consumers re-check waiting parents in a loop), found both 0');
  }
}

/**
 * Longest simulated time a run may be given (s): 10 years of 365.25 days. The paper's longest runs take
 * hours; a campaign of months fits with room to spare. Beyond it a run is not a planning question but a
 * hang: every control loop ticks at least every few seconds, so 10 years is already ~10^7-10^8 ticks per
 * loop; and the clock (a double in seconds) keeps a resolution of 6e-8 s at 10 years but loses the
 * millisecond past ~10^13 s.
 */
export const MAX_TIME_LIMIT_S = 10 * 365.25 * 86400;

function checkTimeLimit(c: KioskConfig): void {
  if (!(c.timeLimit <= MAX_TIME_LIMIT_S)) {
    problem(['time_limit'], `expected a duration of at most 10 years (${MAX_TIME_LIMIT_S} s: longer runs only loop controllers and blur the clock's resolution), found ${c.timeLimit} s`);
  }
}

/** The checks, in the order of the scenario's sections; each throws for its first impossible value. */
const CHECKS: ((c: KioskConfig) => void)[] = [
  checkTimeLimit,
  (c) => checkPool(c.cluster.pools.gpu, 'gpu'),
  (c) => checkPool(c.cluster.pools.consumer, 'consumer'),
  (c) => checkPool(c.cluster.pools.default, 'default'),
  checkWorkload,
  checkCapacity,
  checkServing,
  checkRedis,
  checkPrices,
];

/** Throws a ScenarioProblemError for the first impossible value. */
export function checkConfig(c: KioskConfig): void {
  for (const check of CHECKS) check(c);
}

/** The first impossible value of every check (for `validate`, which reports them all at once). */
export function configProblems(c: KioskConfig): ScenarioProblemError[] {
  const out: ScenarioProblemError[] = [];
  for (const check of CHECKS) {
    try {
      check(c);
    } catch (e) {
      if (!(e instanceof ScenarioProblemError)) throw e;
      out.push(e);
    }
  }
  return out;
}
