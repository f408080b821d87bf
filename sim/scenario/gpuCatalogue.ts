/**
 * The GPU catalogue as the scenario loader uses it: the GPU types a scenario can name in
 * cluster.pools.gpu.gpu_type, the host machine each one comes on, and which serving profile stands for it in
 * each model era. The one home of these facts; calibrate/catalogue/ (which derives the profiles) reads them from
 * here. Sources and derivations: calibrate/GPU-CATALOGUE.md. The profile files stay under calibrate/profiles and
 * are read by path like any serving.profile.
 *
 * Only GPUs with a throughput source are listed. P100, P4 and K80 are priced in the 2019 table but have no
 * per-batch figures (GPU-CATALOGUE.md section 1), so they have no profile.
 */
import { priceTableNamed, type PriceTableId } from '../model/cost/priceTables.ts';

export const CATALOGUE_GPUS = ['V100', 'T4', 'A100', 'L4', 'H100'] as const;
export type CatalogueGpu = (typeof CATALOGUE_GPUS)[number];

export const MODEL_ERAS = ['featurenet-2019', 'panoptic-2020'] as const;
export type ModelEra = (typeof MODEL_ERAS)[number];

/** The model a scenario's `era` serves: 2019 the feature-net on whole images, 2020 PanopticNet on tiles (sim/model/REFERENCE.md "Two configurations"). */
export const MODEL_ERA_OF: Readonly<Record<'2019' | '2020', ModelEra>> = { '2019': 'featurenet-2019', '2020': 'panoptic-2020' };
export const MODEL_ERA_TITLE: Readonly<Record<ModelEra, string>> = { 'featurenet-2019': '2019 feature-net', 'panoptic-2020': '2020 PanopticNet' };

export interface GpuEntry {
  gpu: CatalogueGpu;
  /** GCE accelerator / machine family the GPU comes in. */
  family: string;
  /** The machine type a node of this GPU runs on (sim/model/cluster/machines.ts has its vCPU and memory). */
  host: string;
  /** Repository-relative profile file per model era. */
  profiles: Readonly<Record<ModelEra, string>>;
  /** One line: where the profile's speed comes from. */
  speedSource: string;
}

const derived = (dir: string): Record<ModelEra, string> => ({
  'featurenet-2019': `calibrate/profiles/${dir}/featurenet/derived-featurenet-2019.json`,
  'panoptic-2020': `calibrate/profiles/${dir}/panoptic/derived-panoptic-2020.json`,
});

export const GPU_CATALOGUE: Readonly<Record<CatalogueGpu, GpuEntry>> = {
  V100: {
    gpu: 'V100',
    family: 'N1 + nvidia-tesla-v100 (16 GB)',
    host: 'n1-highmem-2', // sim/model/REFERENCE.md "Node pools": the kiosk's GPU host
    profiles: { 'featurenet-2019': 'calibrate/profiles/v100/featurenet/paper-2019.json', 'panoptic-2020': 'calibrate/profiles/v100/panoptic/paper-2020.json' },
    speedSource: 'paper-derived (Bannon et al. 2021: 5-10 frames/s per image on a V100)',
  },
  T4: {
    gpu: 'T4',
    family: 'N1 + nvidia-tesla-t4 (16 GB)',
    host: 'n1-highmem-2', // an N1 GPU: the kiosk's own host
    profiles: derived('t4'),
    speedSource: 'derived from the V100 paper profile by DeepLearningExamples ResNet-50 T4/V100 ratios per batch size',
  },
  A100: {
    gpu: 'A100',
    family: 'A2 (a2-highgpu-1g: 1 x A100 40 GB)',
    host: 'a2-highgpu-1g', // the smallest one-GPU A2 type (GPU-CATALOGUE.md section 1)
    profiles: derived('a100'),
    speedSource: 'derived from the V100 paper profile by DeepLearningExamples ResNet-50 A100/V100 ratios (TF32 / AMP)',
  },
  L4: {
    gpu: 'L4',
    family: 'G2 (g2-standard-4: 1 x L4 24 GB)',
    host: 'g2-standard-4', // the smallest G2 type
    profiles: derived('l4'),
    speedSource: 'derived from the V100 paper profile via the T4 curve and the MLPerf L4 (v3.1) / T4 (v0.7) INT8 ratio (weaker chain, wide range)',
  },
  H100: {
    gpu: 'H100',
    family: 'A3 High (a3-highgpu-1g: 1 x H100 80 GB)',
    host: 'a3-highgpu-1g', // the smallest of the 1/2/4/8-GPU a3-highgpu shapes
    profiles: derived('h100'),
    speedSource: 'derived from the V100 paper profile via the A100 curve and the MLPerf v3.0 H100/A100 INT8 ratio (weaker chain, wide range)',
  },
};

/** The catalogue entry of `gpu`, by own key only ("toString" is no GPU). */
export function catalogueGpu(gpu: string): GpuEntry | undefined {
  return Object.hasOwn(GPU_CATALOGUE, gpu) ? GPU_CATALOGUE[gpu as CatalogueGpu] : undefined;
}

/** How to add a GPU type, for the message that refuses one without a profile. */
export const HOW_TO_ADD_A_GPU =
  'to add one, measure it on that GPU with calibrate/gpu_runner.py (or derive it in calibrate/catalogue/, see calibrate/GPU-CATALOGUE.md) and list it in sim/scenario/gpuCatalogue.ts; or set serving.profile to a profile file yourself';

/** How a GPU appears in a price table: priced on a host, or absent with the reason. */
export type TableOffer = { offered: true; machine: string; gpu: string } | { offered: false; reason: string };

/** Whether `table` prices a node of catalogue GPU `gpu` (its host machine and the GPU), and if not why. */
export function offerIn(table: PriceTableId, gpu: CatalogueGpu): TableOffer {
  const t = priceTableNamed(table)!;
  const host = GPU_CATALOGUE[gpu].host;
  if (!Object.hasOwn(t.table.gpus, gpu)) return { offered: false, reason: t.notOffered('gpus', gpu) };
  if (!Object.hasOwn(t.table.machines, host)) return { offered: false, reason: `its host ${host} is ${t.notOffered('machines', host)}` };
  return { offered: true, machine: host, gpu };
}
