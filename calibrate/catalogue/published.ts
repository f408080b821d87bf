/**
 * Published GPU inference throughputs the catalogue derives its profiles from. Numbers only, each with
 * where it was read; the derivation (derive.ts) and its write-up (calibrate/GPU-CATALOGUE.md) use them.
 *
 * Two sources:
 * 1. NVIDIA DeepLearningExamples, TensorFlow/Classification/ConvNets/resnet50v1.5/README.md, section
 *    "Inference performance results": ResNet-50 v1.5 in TensorFlow 20.06-tf1-py3 (NGC), synthetic data,
 *    224x224x3, throughput in images/s per batch size, one GPU. Read at repository commit
 *    729963dd47e7c8bd462ad10bfac7a7b0b604e6dd (the README last changed in 9de48bc9ca8ce635960620478a39dd332ed74ff6).
 *    "fp32" is the FP32 table (TF32 on the A100, which is what the A100 runs fp32 convolutions as);
 *    "amp" is the Mixed Precision table without XLA.
 * 2. MLPerf Inference, closed division, NVIDIA's ResNet-50 Offline results (TensorRT, INT8): "Samples per second"
 *    in results/<system>/resnet50/Offline/performance/run_1/mlperf_log_summary.txt of the round's repository.
 */

/** Batch sizes of the DeepLearningExamples tables. */
export const DLE_BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;

/** Pixels of one input image of those tables (224 x 224). */
export const DLE_IMAGE_PIXELS = 224 * 224;

export const DLE_SOURCE =
  'github.com/NVIDIA/DeepLearningExamples @ 729963dd47e7c8bd462ad10bfac7a7b0b604e6dd, ' +
  'TensorFlow/Classification/ConvNets/resnet50v1.5/README.md, "Inference performance results" (TF 20.06, synthetic 224x224, 1 GPU)';

export type Precision = 'fp32' | 'amp';

/** One published images/s curve, index-aligned with DLE_BATCH_SIZES. */
export interface ThroughputCurve {
  device: string;
  precision: Precision;
  /** The README's table heading, to find it again. */
  table: string;
  imagesPerSecond: readonly number[];
}

export const DLE_CURVES = {
  'V100-16G': {
    fp32: { device: 'V100-16G', precision: 'fp32', table: 'Inference performance: NVIDIA DGX-1 (1x V100 16G), FP32 Inference Latency',
      imagesPerSecond: [173.35, 303.65, 562.35, 783.24, 1003.1, 1140.12, 1252.06, 1324.91, 1348.52] },
    amp: { device: 'V100-16G', precision: 'amp', table: 'Inference performance: NVIDIA DGX-1 (1x V100 16G), Mixed Precision Inference Latency',
      imagesPerSecond: [237.35, 464.94, 942.44, 1454.93, 2003.75, 2356.17, 2706.11, 2770.61, 2742.14] },
  },
  'V100-32G': {
    fp32: { device: 'V100-32G', precision: 'fp32', table: 'Inference performance: NVIDIA DGX-2 (1x V100 32G), FP32 Inference Latency',
      imagesPerSecond: [187.41, 339.52, 577.5, 821.15, 1055.64, 1195.74, 1313.83, 1372.58, 1414.99] },
    amp: { device: 'V100-32G', precision: 'amp', table: 'Inference performance: NVIDIA DGX-2 (1x V100 32G), Mixed Precision Inference Latency',
      imagesPerSecond: [289.89, 606.27, 982.92, 1553.34, 2091.27, 2457.61, 2746.11, 2937.2, 3009.83] },
  },
  'A100-40G': {
    fp32: { device: 'A100-40G', precision: 'fp32', table: 'Inference performance: NVIDIA DGX A100 (1x A100 40GB), TF32 Inference Latency',
      imagesPerSecond: [191.23, 376.83, 601.12, 963.86, 1361.58, 1602.09, 1793.81, 1876.22, 1911.96] },
    amp: { device: 'A100-40G', precision: 'amp', table: 'Inference performance: NVIDIA DGX A100 (1x A100 40GB), Mixed Precision Inference Latency',
      imagesPerSecond: [223.35, 435.51, 882.0, 1503.24, 1903.58, 1974.01, 3570.46, 3474.94, 3229.32] },
  },
  'T4-16G': {
    fp32: { device: 'T4-16G', precision: 'fp32', table: 'Inference performance: NVIDIA T4 (1x T4 16G), FP32 Inference Latency',
      imagesPerSecond: [136.44, 215.38, 289.29, 341.77, 394.36, 414.66, 424.42, 429.83, 425.72] },
    amp: { device: 'T4-16G', precision: 'amp', table: 'Inference performance: NVIDIA T4 (1x T4 16G), Mixed Precision Inference Latency',
      imagesPerSecond: [211.04, 381.23, 593.13, 791.12, 914.26, 972.36, 991.39, 995.81, 993.39] },
  },
} as const satisfies Record<string, Record<Precision, ThroughputCurve>>;

export type DleDevice = keyof typeof DLE_CURVES;

/** One MLPerf Inference ResNet-50 Offline result (INT8, TensorRT, one GPU). */
export interface MlperfResult {
  round: string;
  system: string;
  samplesPerSecond: number;
  /** repository @ commit : path */
  source: string;
}

const mlperf = (round: string, commit: string, system: string, samplesPerSecond: number): MlperfResult => ({
  round,
  system,
  samplesPerSecond,
  source: `github.com/mlcommons/inference_results_${round} @ ${commit} : closed/NVIDIA/results/${system}/resnet50/Offline/performance/run_1/mlperf_log_summary.txt`,
});

const V30 = 'dad59af09e9e62eceec4bee48794e201d6cf9170';
const V31 = 'eaf622a25c00f2b4b1d2c4f5b4f430570429d24a';
const V07 = '1321d137a1109dfcab9c8466dd3df6a755c2f5ca';

export const MLPERF = {
  /** Round v3.0 has A100, L4 and H100 from the same submitter and software (H100 centre, L4 range). */
  'v3.0/A100': mlperf('v3.0', V30, 'DGX-A100_A100-SXM-80GBx1_TRT', 42379.3),
  'v3.0/L4': mlperf('v3.0', V30, 'L4x1_TRT', 13157.8),
  'v3.0/H100': mlperf('v3.0', V30, 'DGX-H100_H100-SXM-80GBx1_TRT', 91825.7),
  /** L4 and H100 from v3.1 against the last single-T4 result found (v0.7): L4 centre, H100 range. */
  'v3.1/L4': mlperf('v3.1', V31, 'L4x1_TRT', 12881.7),
  'v3.1/H100': mlperf('v3.1', V31, 'DGX-H100_H100-SXM-80GBx1_TRT', 88526),
  'v0.7/T4': mlperf('v0.7', V07, 'T4x1_TRT', 6035.57),
} as const satisfies Record<string, MlperfResult>;

export type MlperfKey = keyof typeof MLPERF;
