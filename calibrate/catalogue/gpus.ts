/**
 * The GPU catalogue: which GPUs a plan can choose, the host machine each runs on (with vCPU and memory), which
 * serving profile stands for it in each model era, and what it costs in each price table.
 *
 * Only GPUs with a throughput source are listed (V100, T4, A100, L4, H100). P100, P4 and K80 are priced in the
 * 2019 table but no per-batch ResNet-50 figures for them were found (calibrate/GPU-CATALOGUE.md), so they have no
 * profile and are not in the catalogue.
 */
import { GCP_2019_06, type PriceTable } from '../../sim/model/cost/prices.ts';
import { GCE_US_WEST1_2026, GCE_US_WEST1_2026_MACHINES } from '../../sim/model/cost/tables/gce-us-west1-2026.ts';
import type { MachineShape } from '../../sim/model/cluster/machines.ts';
import type { CatalogueGpu, ModelEra } from './derive.ts';

export const CATALOGUE_GPUS = ['V100', 'T4', 'A100', 'L4', 'H100'] as const satisfies readonly CatalogueGpu[];
export const MODEL_ERAS = ['featurenet-2019', 'panoptic-2020'] as const satisfies readonly ModelEra[];

export const PRICE_TABLES = {
  'gcp-2019-06': GCP_2019_06,
  'gce-us-west1-2026-12': GCE_US_WEST1_2026,
} as const satisfies Record<string, PriceTable>;
export type PriceTableId = keyof typeof PRICE_TABLES;

export interface HostMachine {
  machine: string;
  vcpus: number;
  memoryGiB: number;
  source: string;
}

/** How a GPU appears in one price table: priced on its host, or absent with the reason. */
export type TableOffer = { offered: true; machine: string; gpu: string } | { offered: false; reason: string };

export interface CatalogueEntry {
  gpu: CatalogueGpu;
  /** GCE accelerator / machine family the GPU comes in. */
  family: string;
  host: HostMachine;
  /** Repository-relative profile file per model era. */
  profiles: Readonly<Record<ModelEra, string>>;
  /** "paper-derived" (the V100 profiles) or "derived from V100" (scaled by published ratios). */
  profileProvenance: string;
  offers: Readonly<Record<PriceTableId, TableOffer>>;
}

const current = (machine: string): HostMachine => {
  const m = GCE_US_WEST1_2026_MACHINES[machine];
  if (!m) throw new Error(`catalogue host ${machine} missing from the 2026 price table`);
  return { machine, vcpus: m.vcpus, memoryGiB: m.memoryGiB, source: m.source };
};

const NOT_IN_2019 =
  'not in the kiosk\'s 2019-06-17 price table (sim/model/REFERENCE.md "Prices"), which lists the GCE GPUs of the time: V100, T4, P100, P4, K80';

const derivedProfiles = (dir: string): Record<ModelEra, string> => ({
  'featurenet-2019': `calibrate/profiles/${dir}/featurenet/derived-featurenet-2019.json`,
  'panoptic-2020': `calibrate/profiles/${dir}/panoptic/derived-panoptic-2020.json`,
});

const n1 = (gpu: 'V100' | 'T4'): CatalogueEntry['offers'] => ({
  'gcp-2019-06': { offered: true, machine: 'n1-highmem-2', gpu },
  'gce-us-west1-2026-12': { offered: true, machine: 'n1-highmem-2', gpu },
});

export const CATALOGUE: Readonly<Record<CatalogueGpu, CatalogueEntry>> = {
  V100: {
    gpu: 'V100',
    family: 'N1 + nvidia-tesla-v100 (16 GB)',
    host: current('n1-highmem-2'),
    profiles: { 'featurenet-2019': 'calibrate/profiles/v100/featurenet/paper-2019.json', 'panoptic-2020': 'calibrate/profiles/v100/panoptic/paper-2020.json' },
    profileProvenance: 'paper-derived (Bannon et al. 2021, 5-10 frames/s)',
    offers: n1('V100'),
  },
  T4: {
    gpu: 'T4',
    family: 'N1 + nvidia-tesla-t4 (16 GB)',
    host: current('n1-highmem-2'),
    profiles: derivedProfiles('t4'),
    profileProvenance: 'derived from V100 by DeepLearningExamples T4/V100 ratios',
    offers: n1('T4'),
  },
  A100: {
    gpu: 'A100',
    family: 'A2 (a2-highgpu-1g: 1 x A100 40 GB)',
    host: current('a2-highgpu-1g'),
    profiles: derivedProfiles('a100'),
    profileProvenance: 'derived from V100 by DeepLearningExamples A100/V100 ratios (TF32 / AMP)',
    offers: { 'gcp-2019-06': { offered: false, reason: NOT_IN_2019 }, 'gce-us-west1-2026-12': { offered: true, machine: 'a2-highgpu-1g', gpu: 'A100' } },
  },
  L4: {
    gpu: 'L4',
    family: 'G2 (g2-standard-4: 1 x L4 24 GB)',
    host: current('g2-standard-4'),
    profiles: derivedProfiles('l4'),
    profileProvenance: 'derived from V100 via T4 and the MLPerf L4 (v3.1) / T4 (v0.7) ratio (INT8; weaker chain)',
    offers: { 'gcp-2019-06': { offered: false, reason: NOT_IN_2019 }, 'gce-us-west1-2026-12': { offered: true, machine: 'g2-standard-4', gpu: 'L4' } },
  },
  H100: {
    gpu: 'H100',
    family: 'A3 High (a3-highgpu-1g: 1 x H100 80 GB, the smallest of the 1/2/4/8-GPU shapes)',
    host: current('a3-highgpu-1g'),
    profiles: derivedProfiles('h100'),
    profileProvenance: 'derived from V100 via A100 and the MLPerf v3.0 H100/A100 ratio (INT8; weaker chain)',
    offers: { 'gcp-2019-06': { offered: false, reason: NOT_IN_2019 }, 'gce-us-west1-2026-12': { offered: true, machine: 'a3-highgpu-1g', gpu: 'H100' } },
  },
};

/**
 * The catalogue's host machine types in the shape of sim/model/cluster/machines.ts MACHINE_SHAPES (GCE "GB" are
 * GiB there too), for the model to add when it wires GPU types in; the N1 host is already in that table.
 */
export const CATALOGUE_HOST_SHAPES: readonly MachineShape[] = [...new Set(CATALOGUE_GPUS.map((g) => CATALOGUE[g].host.machine))].map((m) => {
  const h = Object.values(CATALOGUE).find((e) => e.host.machine === m)!.host;
  return { name: h.machine, vcpus: h.vcpus, memoryGiB: h.memoryGiB };
});
