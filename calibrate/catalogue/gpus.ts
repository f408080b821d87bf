/**
 * The GPU catalogue, calibrate side: the simulator's table (sim/scenario/gpuCatalogue.ts: GPU types, host machine,
 * profile per model era) joined with what calibration needs beside it: each host's vCPU and memory with their
 * source, and how each GPU appears in every built-in price table. The facts themselves live in sim/ once.
 *
 * Only GPUs with a throughput source are listed (V100, T4, A100, L4, H100). P100, P4 and K80 are priced in the
 * 2019 table but no per-batch ResNet-50 figures for them were found (calibrate/GPU-CATALOGUE.md), so they have no
 * profile and are not in the catalogue.
 */
import { PRICE_TABLE_IDS, PRICE_TABLES as NAMED_TABLES, type PriceTableId } from '../../sim/model/cost/priceTables.ts';
import type { PriceTable } from '../../sim/model/cost/prices.ts';
import { GCE_US_WEST1_2026_MACHINES } from '../../sim/model/cost/tables/gce-us-west1-2026.ts';
import { MACHINE_SHAPES, type MachineShape } from '../../sim/model/cluster/machines.ts';
import { CATALOGUE_GPUS, GPU_CATALOGUE, MODEL_ERAS, offerIn, type CatalogueGpu, type ModelEra, type TableOffer } from '../../sim/scenario/gpuCatalogue.ts';

export { CATALOGUE_GPUS, MODEL_ERAS, type PriceTableId, type TableOffer };

/** The built-in price tables by id (sim/model/cost/priceTables.ts). */
export const PRICE_TABLES: Readonly<Record<PriceTableId, PriceTable>> = Object.fromEntries(PRICE_TABLE_IDS.map((id) => [id, NAMED_TABLES[id].table])) as Record<PriceTableId, PriceTable>;

export interface HostMachine {
  machine: string;
  vcpus: number;
  memoryGiB: number;
  source: string;
}

export interface CatalogueEntry {
  gpu: CatalogueGpu;
  /** GCE accelerator / machine family the GPU comes in. */
  family: string;
  host: HostMachine;
  /** Repository-relative profile file per model era. */
  profiles: Readonly<Record<ModelEra, string>>;
  /** Where the profile's speed comes from (one line). */
  profileProvenance: string;
  offers: Readonly<Record<PriceTableId, TableOffer>>;
}

/** A host's shape from the machine table, its source the 2026 price rows it was read from. */
function host(machine: string): HostMachine {
  const shape = MACHINE_SHAPES[machine];
  const row = GCE_US_WEST1_2026_MACHINES[machine];
  if (!shape || !row) throw new Error(`catalogue host ${machine} missing from the machine table or the 2026 price table`);
  return { machine, vcpus: shape.vcpus, memoryGiB: shape.memoryGiB, source: row.source };
}

export const CATALOGUE: Readonly<Record<CatalogueGpu, CatalogueEntry>> = Object.fromEntries(
  CATALOGUE_GPUS.map((gpu) => {
    const e = GPU_CATALOGUE[gpu];
    const offers = Object.fromEntries(PRICE_TABLE_IDS.map((id) => [id, offerIn(id, gpu)])) as Record<PriceTableId, TableOffer>;
    return [gpu, { gpu, family: e.family, host: host(e.host), profiles: e.profiles, profileProvenance: e.speedSource, offers } satisfies CatalogueEntry];
  }),
) as Record<CatalogueGpu, CatalogueEntry>;

/** The catalogue's host machine types as rows of sim/model/cluster/machines.ts MACHINE_SHAPES (each host once). */
export const CATALOGUE_HOST_SHAPES: readonly MachineShape[] = [...new Set(CATALOGUE_GPUS.map((g) => GPU_CATALOGUE[g].host))].map((m) => MACHINE_SHAPES[m]!);
