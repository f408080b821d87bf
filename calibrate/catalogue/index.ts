/**
 * The GPU catalogue's public API (calibrate side; reads committed files through files.ts).
 *
 *   CATALOGUE_GPUS, MODEL_ERAS           the GPU types and model eras
 *   CATALOGUE[gpu]                       host machine (vCPU, memory), profile path per era, offers per price table
 *   CATALOGUE_HOST_SHAPES                those hosts as rows of sim/model/cluster/machines.ts (where they live)
 *   loadCatalogueProfile(gpu, era)       the validated ServingProfile for makeBatchTimeSampler
 *   PRICE_TABLES[id], nodePrice(...)     USD/h of one GPU node (host + 1 GPU), on-demand or Spot/preemptible
 *   kioskThroughput(profile)             images/s at the kiosk's batch sizes, with the profile's range
 */
import { nodeHourlyPrice } from '../../sim/model/cost/prices.ts';
import { fittedBatchSeconds, type ServingProfile } from '../../sim/model/serving/profile.ts';
import type { CatalogueGpu } from './derive.ts';
import { CATALOGUE, PRICE_TABLES, type PriceTableId } from './gpus.ts';

export { CATALOGUE, CATALOGUE_GPUS, CATALOGUE_HOST_SHAPES, MODEL_ERAS, PRICE_TABLES, type CatalogueEntry, type HostMachine, type PriceTableId, type TableOffer } from './gpus.ts';
export { DERIVATIONS, ERAS, deriveProfile, speedRatio, interpolateThroughput, type CatalogueGpu, type ModelEra } from './derive.ts';
export { loadCatalogueProfile, renderDerivedProfiles } from './files.ts';

/** USD per hour of one node of `gpu` (its catalogue host + 1 GPU) in a price table; throws when not offered there. */
export function nodePrice(gpu: CatalogueGpu, table: PriceTableId, preemptible: boolean): number {
  const offer = CATALOGUE[gpu].offers[table];
  if (!offer.offered) throw new Error(`${gpu} is not offered in price table ${table}: ${offer.reason}`);
  return nodeHourlyPrice(PRICE_TABLES[table], offer.machine, { type: offer.gpu, count: 1 }, preemptible);
}

export interface KioskThroughput {
  /** Images (1280x1080) per second, centre and the range given by the profile's residuals. */
  imagesPerSecond: { centre: number; low: number; high: number };
  /** How one image is served in this era. */
  calls: string;
  /** 256x256 tiles per second in full 128-tile batches (2020 model only). */
  tilesPerSecondAt128?: { centre: number; low: number; high: number };
}

/**
 * Throughput at the kiosk's own batch sizes from a profile's fit: 2020 = 42 tiles per image in calls of 16 + 16 + 10
 * (sim/model/REFERENCE.md "Tiling, batching"); 2019 = one whole-image call per image. The range divides by the largest and
 * smallest residual.
 */
export function kioskThroughput(p: ServingProfile): KioskThroughput {
  const lo = Math.min(...p.residuals.values);
  const hi = Math.max(...p.residuals.values);
  const range = (seconds: number, per: number) => ({ centre: per / seconds, low: per / (seconds * hi), high: per / (seconds * lo) });
  if (p.model === 'panoptic') {
    const t = (b: number) => fittedBatchSeconds(p.fit, b, 256, 256);
    return { imagesPerSecond: range(2 * t(16) + t(10), 1), calls: '16 + 16 + 10 tiles', tilesPerSecondAt128: range(t(128), 128) };
  }
  return { imagesPerSecond: range(fittedBatchSeconds(p.fit, 1, p.input.tileHeight, p.input.tileWidth), 1), calls: '1 whole image' };
}
