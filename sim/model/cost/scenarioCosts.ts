/**
 * The cluster's prices and the run's data costs, from the scenario's cost settings, computed with
 * sim/model/cost (CostLedger for nodes, dataCosts for the paper's storage, operations and egress).
 */
import type { KioskConfig } from '../config.ts';
import { dataCosts, PAPER_DATA_COSTS, type DataCostConstants, type DataCosts } from './dataCosts.ts';
import { nodeHourlyPrice, type PriceTable } from './prices.ts';
import { tileCount } from '../serving/tiling.ts';

/**
 * The scenario's price table. A scenario with no prices at all (textbook tests) runs free; otherwise
 * every pool's machine and GPU must be priced, checked here so that a missing price fails before the
 * run rather than in the middle of it.
 */
export function clusterPriceTable(config: KioskConfig): PriceTable {
  const p = config.cost.prices;
  const free = Object.keys(p.machines).length === 0 && Object.keys(p.gpus).length === 0;
  const table: PriceTable = { source: 'scenario cost.prices', machines: { ...p.machines }, gpus: { ...p.gpus } };
  if (free) {
    const machines: Record<string, { onDemand: number; preemptible: number }> = {};
    const gpus: Record<string, { onDemand: number; preemptible: number }> = {};
    for (const pool of Object.values(config.cluster.pools)) {
      machines[pool.machine.name] = { onDemand: 0, preemptible: 0 };
      if (pool.machine.gpuType) gpus[pool.machine.gpuType] = { onDemand: 0, preemptible: 0 };
    }
    return { source: 'no prices given (free)', machines, gpus };
  }
  for (const pool of Object.values(config.cluster.pools)) {
    const gpu = pool.machine.gpuType && pool.machine.gpus > 0 ? { type: pool.machine.gpuType, count: pool.machine.gpus } : null;
    nodeHourlyPrice(table, pool.machine.name, gpu, pool.preemptible); // throws PriceTableError naming what is missing
  }
  return table;
}

/**
 * Bytes of one image's Predict payload: the tiles (2020: float32) or the whole image (2019: fp16,
 * REFERENCE.md "Tiling, batching and the gRPC call"). 1280x1080 in 256 px tiles: 42 x 256 x 256 x 4 B.
 */
export function requestBytesPerImage(config: KioskConfig): number {
  const w = config.workload;
  const t = config.serving.tiling;
  if (t.enabled) return tileCount(w.imageWidth, w.imageHeight, t.tileSize, t.strideFraction) * t.tileSize * t.tileSize * 4;
  return w.imageWidth * w.imageHeight * (config.era === '2019' ? 2 : 4);
}

/** The paper's extra data costs and inter-zone egress for `images` finished by time `t` (seconds). */
export function runDataCosts(c: KioskConfig, images: number, t: number): DataCosts {
  return runDataCostsOf(c)(images, t);
}

/**
 * runDataCosts of one scenario, with the scenario's part of the input (sizes, zones, prices, the Predict payload)
 * worked out once: the run's bill asks at every time-series sample, and building that part was half of each ask
 * (callgrind at 10^5 images: a build without it counts 0.3% more instructions outside the compiler in the 1-GPU cell).
 */
export function runDataCostsOf(c: KioskConfig): (images: number, t: number) => DataCosts {
  const zones = c.cluster.zones;
  const imageBytes = c.workload.imageBytes;
  const resultBytes = c.workload.resultBytes;
  const imagesPerZip = c.workload.imagesPerZip;
  const requestBytes = requestBytesPerImage(c);
  const constants: DataCostConstants = {
    ...PAPER_DATA_COSTS,
    storagePerGbMonth: c.cost.storagePerGbMonth,
    storageEgressPerGb: c.cost.storageEgressPerGb,
    // the scenario gives class A + class B together per 10,000 operations
    classAPer10k: c.cost.operationsPer10k,
    classBPer10k: 0,
    interZonePerGb: c.cost.interZoneEgressPerGb,
  };
  return (images, t) =>
    dataCosts({ images, runMinutes: t / 60, zones, imageBytes, resultBytes, imagesPerZip, requestBytesPerImage: requestBytes, constants });
}
