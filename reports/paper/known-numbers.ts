/**
 * The paper's published numbers that a run can be compared with. Every value cites sim/model/REFERENCE.md
 * ("Known numbers", "Benchmark design", "Cost methodology"), which cites the paper and the kiosk repositories.
 */
export const PAPER = {
  /** "10^6 one-megapixel images in ~5.5 h for ~$250" (2020 revision; brief: 8 GPUs, START_DELAY 0.5 s). */
  headline: { images: 1_000_000, era: '2020', gpuMax: 8, startDelay_s: 0.5, makespan_h: 5.5, cost_usd: 250 },
  /** "below $100 achievable depending on configuration" for the same 10^6 images. */
  cheapMillion: { images: 1_000_000, cost_usd_below: 100 },
  /** "10k-image (100-zip) runs took 1 h to ~75 min" (kiosk issue, 2020, GPU count unstated). */
  tenK: { images: 10_000, era: '2020', makespan_min: [60, 75] as const },
  /** "Typical inference speeds ... 5-10 frames per second" per GPU on megapixel images. */
  perGpuSpeed: { images_per_s: [5, 10] as const },
  /** Fig. 2a histogram x ranges, seconds. Serving: 0-8 s with 1 GPU, 0-60 s with 4-8 GPUs. */
  histogramRange_s: { transfer: 5, serving1Gpu: 8, servingManyGpu: 60, postprocess: 2 },
} as const;

/** Seconds between zips for the two benchmark upload speeds (sim/model/REFERENCE.md "Benchmark design"). */
export const BENCHMARK_START_DELAYS_S = [0.5, 5.0] as const;

/** Zip size in bits: 100 images of ~1.5 MB, ~150 MB (sim/model/REFERENCE.md "Data path" step 1). */
export const ZIP_BITS = 150e6 * 8;

/** Inter-zone egress of the paper's cost method: $0.01/GB x (1 - 1/zones) x N x 3 x 0.011010048 GB. */
export function paperNetworkEgressUsd(images: number, zones: number): number {
  return 0.01 * (1 - 1 / Math.max(1, zones)) * images * 3 * 0.011010048;
}

/**
 * Extra data costs of the paper's method for N images over T minutes: storage (halved), storage egress and
 * operations (sim/model/REFERENCE.md "Cost methodology").
 */
export function paperDataCostUsd(images: number, minutes: number): number {
  const storage = (0.026 * images * (1.5e-3 + 5.6e-6) * (minutes / 60 / 24 / 30)) / 2;
  const storageEgress = 0.12 * 5.6e-6 * images;
  const operations = ((0.05 + 0.004) / 10_000) * (2 * 100 + 1) * (images / 100);
  return storage + storageEgress + operations;
}
