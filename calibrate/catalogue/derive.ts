/**
 * Derives a GPU's serving profile from the V100 profile and published ResNet-50 throughput ratios.
 *
 * Why a ratio per batch size: a small batch leaves a big GPU idle, so a T4 is 0.79x a V100 at batch 1 but
 * 0.32x at batch 256 (DeepLearningExamples, fp32). The V100 profile's batch time t(b) is divided by the
 * speed ratio r(x) = images/s of the GPU / images/s of the V100 at the same work per batch x.
 *
 * Work per batch: the published figures are for 224x224 images; a kiosk batch of b 256x256 tiles holds
 * b * 65536 / 50176 = 1.306 b such images of pixels, a 2019 whole-image call (1280x1080) 27.55. The ratio
 * is read at that equivalent batch: GPU occupancy follows the pixels in flight, not the request count.
 *
 * Between published batch sizes (powers of two) throughput is interpolated linearly in log(batch): the
 * points are a doubling apart and the curves rise roughly by a constant step per doubling there (they are
 * concave in batch, close to straight in log batch); outside 1..256 the end value is held.
 *
 * Pure: no files, no clock. The caller passes the V100 base profile.
 */
import type { LatencyFit, SampleGroup, ServingProfile } from '../../sim/model/serving/profile.ts';
import { fittedBatchSeconds, parseProfile, PROFILE_SCHEMA_ID } from '../../sim/model/serving/profile.ts';
import type { CatalogueGpu, ModelEra } from '../../sim/scenario/gpuCatalogue.ts';
import { fitLatency } from '../fit.ts';
import { DLE_BATCH_SIZES, DLE_CURVES, DLE_IMAGE_PIXELS, DLE_SOURCE, MLPERF, type DleDevice, type MlperfKey, type Precision, type ThroughputCurve } from './published.ts';

/** Images/s of a published curve at any batch size, log-linear between the published points. */
export function interpolateThroughput(curve: ThroughputCurve, batch: number): number {
  if (!(batch > 0)) throw new RangeError(`batch must be positive, got ${batch}`);
  const xs = DLE_BATCH_SIZES;
  const ys = curve.imagesPerSecond;
  if (batch <= xs[0]) return ys[0]!;
  for (let i = 1; i < xs.length; i++) {
    if (batch <= xs[i]!) {
      const f = Math.log(batch / xs[i - 1]!) / Math.log(xs[i]! / xs[i - 1]!);
      return ys[i - 1]! + f * (ys[i]! - ys[i - 1]!);
    }
  }
  return ys[ys.length - 1]!;
}

/**
 * How a GPU's speed relative to a V100 is obtained: from a DeepLearningExamples curve directly, or from one
 * scaled by an MLPerf ratio (mlperf.gpu / mlperf.base, batch-independent: the Offline scenario reports one
 * large-batch number).
 */
export interface RatioChain {
  label: string;
  base: DleDevice;
  mlperf?: { gpu: MlperfKey; base: MlperfKey };
}

export type V100Reference = 'V100-16G' | 'V100-32G';

/** Speed of the chain's GPU over the V100 reference at equivalent batch x (224x224 images per batch). */
export function speedRatio(chain: RatioChain, precision: Precision, x: number, reference: V100Reference = 'V100-16G'): number {
  const gpu = interpolateThroughput(DLE_CURVES[chain.base][precision], x);
  const v100 = interpolateThroughput(DLE_CURVES[reference][precision], x);
  const scale = chain.mlperf ? MLPERF[chain.mlperf.gpu].samplesPerSecond / MLPERF[chain.mlperf.base].samplesPerSecond : 1;
  return (gpu / v100) * scale;
}

export type { CatalogueGpu, ModelEra };

/** Where each derived GPU's speed comes from: the chain used for the centre and the ones bounding the range. */
export interface GpuDerivation {
  gpu: Exclude<CatalogueGpu, 'V100'>;
  centre: RatioChain;
  alternatives: RatioChain[];
  caveats: string[];
}

const DIRECT = (base: RatioChain['base']): RatioChain => ({ label: `${base} (DeepLearningExamples)`, base });

export const DERIVATIONS: Readonly<Record<Exclude<CatalogueGpu, 'V100'>, GpuDerivation>> = {
  T4: { gpu: 'T4', centre: DIRECT('T4-16G'), alternatives: [], caveats: [] },
  A100: {
    gpu: 'A100',
    centre: DIRECT('A100-40G'),
    alternatives: [],
    caveats: [
      'The A100 figures are TF32 (what an A100 runs fp32 convolutions as); the kiosk\'s TF-Serving 1.15 (CUDA 10) predates the A100 and would need a newer server.',
      'The A100 Mixed Precision table is not monotone (1903.58 images/s at batch 16, 1974.01 at 32, 3570.46 at 64), so the fp16 (2019) ratio at the whole-image call (27.55 equivalent images) reads 0.86x a V100, while at 64 it would read 1.32x; treat the A100 and H100 fp16 figures as uncertain beyond their stated range.',
    ],
  },
  L4: {
    gpu: 'L4',
    // The L4 is the T4's successor in the same class (low-profile PCIe inference card), so the T4 is its
    // like-for-like base; the same-round A100 chain bounds the range.
    centre: { label: 'T4-16G (DeepLearningExamples) x L4 (MLPerf v3.1) / T4 (MLPerf v0.7) ResNet-50 Offline', base: 'T4-16G', mlperf: { gpu: 'v3.1/L4', base: 'v0.7/T4' } },
    alternatives: [{ label: 'A100-40G (DeepLearningExamples) x L4/A100 (MLPerf v3.0 ResNet-50 Offline)', base: 'A100-40G', mlperf: { gpu: 'v3.0/L4', base: 'v3.0/A100' } }],
    caveats: [
      'WEAKER CHAIN: no published TensorFlow per-batch figures for the L4 were found; its ratio is an MLPerf INT8 TensorRT Offline ratio (one large-batch number, applied at every batch size) times the DeepLearningExamples curve of the GPU it was measured against. INT8 uses tensor cores on both GPUs, fp32 does not, so the fp32 ratio may differ substantially. The centre chain crosses MLPerf rounds (L4 in v3.1, the last single-T4 result found in v0.7), so newer software may flatter the L4; the same-round chain through the A100 gives a much lower speed, hence the wide range.',
    ],
  },
  H100: {
    gpu: 'H100',
    centre: { label: 'A100-40G (DeepLearningExamples) x H100/A100 (MLPerf v3.0 ResNet-50 Offline)', base: 'A100-40G', mlperf: { gpu: 'v3.0/H100', base: 'v3.0/A100' } },
    // Same round, same submitter and software as the A100 result, and the same class (SXM datacenter part).
    alternatives: [{ label: 'T4-16G (DeepLearningExamples) x H100 (MLPerf v3.1) / T4 (MLPerf v0.7)', base: 'T4-16G', mlperf: { gpu: 'v3.1/H100', base: 'v0.7/T4' } }],
    caveats: [
      'WEAKER CHAIN: no published TensorFlow fp32 per-batch figures for the H100 were found; its ratio is an MLPerf INT8 TensorRT Offline ratio (one large-batch number, applied at every batch size) times the DeepLearningExamples curve of the GPU it was measured against. The MLPerf A100 is the 80 GB SXM part, the DeepLearningExamples A100 the 40 GB one. The cross-round chain through the T4 gives a much higher speed, hence the wide range. The centre goes through the A100 curves, so the dip in the A100 Mixed Precision table between batch 16 and 64 carries over to the fp16 (2019) figure.',
    ],
  },
};

/** What one model era needs from the derivation: its precision, the batch sizes that matter, pixels per item. */
export interface EraSpec {
  era: ModelEra;
  model: ServingProfile['model'];
  precision: Precision;
  /** Batch sizes at which the derived times are computed and fitted. */
  batchSizes: readonly number[];
  why: string;
}

export const ERAS: Readonly<Record<ModelEra, EraSpec>> = {
  'panoptic-2020': {
    era: 'panoptic-2020',
    model: 'panoptic',
    precision: 'fp32',
    // 10 and 16 are the kiosk's per-image Predict calls (16 + 16 + 10 tiles), 128 TF-Serving's max_batch_size.
    batchSizes: [1, 2, 4, 8, 10, 16, 32, 64, 128],
    why: 'fp32 256x256x1 tiles (the kiosk\'s 2020 PanopticNet); DeepLearningExamples FP32 tables (TF32 on A100)',
  },
  'featurenet-2019': {
    era: 'featurenet-2019',
    model: 'featurenet',
    precision: 'amp',
    batchSizes: [1],
    why: 'fp16 whole 1280x1080 images, batch 1 (the kiosk\'s 2019 feature-net); DeepLearningExamples Mixed Precision tables',
  },
};

/** 224x224 images of pixels in one batch of b items of the base profile's input size. */
export function equivalentBatch(batch: number, input: ServingProfile['input']): number {
  return (batch * input.tileHeight * input.tileWidth) / DLE_IMAGE_PIXELS;
}

const r4 = (v: number) => Number(v.toPrecision(4));
const r6 = (v: number) => Number(v.toPrecision(6));

/** Geometric grid of n points from lo to hi (the residual range, as the V100 paper profiles use). */
export function geometricGrid(lo: number, hi: number, n = 21): number[] {
  return Array.from({ length: n }, (_, i) => r6(lo * (hi / lo) ** (i / (n - 1))));
}

export interface DerivedPoint {
  batch: number;
  equivalentBatch: number;
  v100Seconds: number;
  ratio: number;
  seconds: number;
  /** Times from the alternative chains / V100 reference, over `seconds`. */
  alternativeFactors: number[];
}

/** The derived batch times at the era's batch sizes, with the factors of every alternative source. */
export function derivePoints(gpu: Exclude<CatalogueGpu, 'V100'>, spec: EraSpec, base: ServingProfile): DerivedPoint[] {
  const d = DERIVATIONS[gpu];
  return spec.batchSizes.map((batch) => {
    const x = equivalentBatch(batch, base.input);
    const v100Seconds = fittedBatchSeconds(base.fit, batch, base.input.tileHeight, base.input.tileWidth);
    const ratio = speedRatio(d.centre, spec.precision, x);
    const alts = [
      speedRatio(d.centre, spec.precision, x, 'V100-32G'),
      ...d.alternatives.flatMap((c) => [speedRatio(c, spec.precision, x), speedRatio(c, spec.precision, x, 'V100-32G')]),
    ];
    // A time scales with 1/ratio, so an alternative's time over the centre's is ratio / alternative ratio.
    return { batch, equivalentBatch: x, v100Seconds, ratio, seconds: v100Seconds / ratio, alternativeFactors: alts.map((a) => ratio / a) };
  });
}

/** The derived profile's fit: the V100 fit scaled (one batch size) or refitted to the derived points. */
function derivedFit(points: DerivedPoint[], base: ServingProfile): LatencyFit {
  if (points.length === 1) {
    const r = points[0]!.ratio;
    return {
      ...base.fit,
      a: r6(base.fit.a / r),
      b: r6(base.fit.b / r),
      method: `the V100 base fit (a, b) divided by the speed ratio ${r4(r)} at its only batch size; no samples, so no fit error`,
    };
  }
  const groups: SampleGroup[] = points.map((p) => ({ batchSize: p.batch, tileHeight: base.input.tileHeight, tileWidth: base.input.tileWidth, seconds: [p.seconds] }));
  const fit = fitLatency(groups, base.fit.tilePixels);
  return {
    ...fit,
    a: r6(fit.a),
    b: r6(fit.b),
    rmseSeconds: r6(fit.rmseSeconds),
    maxRelativeError: r6(fit.maxRelativeError),
    method: `${fit.method}, fitted to the derived batch times at batch sizes ${points.map((p) => p.batch).join(', ')} (errors are against those derived times, not measurements)`,
  };
}

/** Lowest and highest multiplicative factor over the centre: the V100 range times the source disagreement. */
export function rangeFactors(points: DerivedPoint[], base: ServingProfile): { lo: number; hi: number } {
  const factors = points.flatMap((p) => p.alternativeFactors);
  const lo = Math.min(1, ...factors) * Math.min(...base.residuals.values);
  const hi = Math.max(1, ...factors) * Math.max(...base.residuals.values);
  return { lo, hi };
}

function curveNote(chain: RatioChain, precision: Precision): string {
  const c = DLE_CURVES[chain.base][precision];
  const m = chain.mlperf
    ? `; scaled by ${MLPERF[chain.mlperf.gpu].samplesPerSecond} / ${MLPERF[chain.mlperf.base].samplesPerSecond} = ${r4(MLPERF[chain.mlperf.gpu].samplesPerSecond / MLPERF[chain.mlperf.base].samplesPerSecond)} (MLPerf: ${MLPERF[chain.mlperf.gpu].source}; ${MLPERF[chain.mlperf.base].source})`
    : '';
  return `${chain.label}: "${c.table}" images/s at batch ${DLE_BATCH_SIZES.join('/')} = ${c.imagesPerSecond.join('/')}${m}`;
}

/** Writes out every number of the derivation, so the profile file carries its own arithmetic. */
function derivationText(gpu: Exclude<CatalogueGpu, 'V100'>, spec: EraSpec, base: ServingProfile, points: DerivedPoint[], range: { lo: number; hi: number }): string {
  const d = DERIVATIONS[gpu];
  const v16 = DLE_CURVES['V100-16G'][spec.precision];
  const v32 = DLE_CURVES['V100-32G'][spec.precision];
  const lines = [
    `Base: the V100 profile "${base.name}" (${base.description.split('.')[0]}), fit t(b) = ${base.fit.a} + ${base.fit.b} * b * pixels/${base.fit.tilePixels} s; its residuals span ${Math.min(...base.residuals.values)}..${Math.max(...base.residuals.values)}.`,
    `Era: ${spec.why}.`,
    `Source: ${DLE_SOURCE}. V100 reference "${v16.table}" = ${v16.imagesPerSecond.join('/')}; alternative V100 reference "${v32.table}" = ${v32.imagesPerSecond.join('/')}.`,
    `Centre chain: ${curveNote(d.centre, spec.precision)}.`,
    ...d.alternatives.map((c) => `Alternative chain (range only): ${curveNote(c, spec.precision)}.`),
    `Method: equivalent batch x = b * ${base.input.tileHeight}*${base.input.tileWidth} / (224*224); images/s at x interpolated linearly in log(batch) between the published powers of two (held constant outside 1..256); ratio r = GPU(x) / V100-16G(x); derived t(b) = t_V100(b) / r.`,
    ...points.map((p) => `b=${p.batch}: x=${r4(p.equivalentBatch)}, t_V100=${r6(p.v100Seconds)} s, r=${r4(p.ratio)}, t=${r6(p.seconds)} s; alternatives/centre = ${p.alternativeFactors.map(r4).join(', ')}.`),
    `Range: factors over the centre from min(1, alternatives) x min(V100 residuals) = ${r4(range.lo)} to max(1, alternatives) x max(V100 residuals) = ${r4(range.hi)}; it is the profile's sourceRange (one unknown factor for the whole run, reported as the speed's range); the per-batch residuals are the V100 profile's own.`,
    `Tile caveat: the published figures are ResNet-50 classification at 224x224x3; the kiosk's model is a different network (${spec.model === 'panoptic' ? 'ResNet-50 backbone plus feature pyramid and three full-resolution semantic heads, on 256x256x1 tiles' : 'a 41 px feature-net run dilated over whole 1280x1080x1 images'}), so only the GPU-to-GPU ratio is borrowed, at equal pixels per batch; the heads' share of the work may scale differently.`,
  ];
  return lines.join(' ');
}

/** The derived serving profile of `gpu` for one era, from the V100 base profile of that era. */
export function deriveProfile(gpu: Exclude<CatalogueGpu, 'V100'>, era: ModelEra, base: ServingProfile): ServingProfile {
  const spec = ERAS[era];
  if (base.model !== spec.model) throw new Error(`base profile "${base.name}" is a ${base.model} profile, era ${era} needs ${spec.model}`);
  const points = derivePoints(gpu, spec, base);
  const range = rangeFactors(points, base);
  const d = DERIVATIONS[gpu];
  const profile = {
    schema: PROFILE_SCHEMA_ID,
    name: `derived-${era}`,
    description: `${gpu} serving the ${spec.model === 'panoptic' ? '2020 PanopticNet on 256x256 tiles (fp32)' : '2019 feature-net on whole 1280x1080 images (fp16)'}, derived from the V100 profile "${base.name}" by published ResNet-50 throughput ratios per batch size. DERIVED, NOT MEASURED.`,
    model: spec.model,
    weights: base.weights,
    provenance: 'derived' as const,
    hardware: { device: `${gpu} (derived from V100 paper profile)` },
    backend: base.backend,
    created: '2026-12-01',
    command: 'derived',
    derivation: derivationText(gpu, spec, base, points, range),
    input: base.input,
    fit: derivedFit(points, base),
    notes: [
      'No GPU was available: derived from published figures, not measured. Replace it with calibrate/gpu_runner.py on the real GPU.',
      `Range of the batch time over the centre: ${r4(range.lo)}..${r4(range.hi)} (V100 paper range x disagreement between the sources).`,
      ...d.caveats,
    ],
    samples: [],
    // the sources' disagreement is one unknown factor for a whole run, not batch-to-batch noise: drawing it
    // per batch would run the GPU at the range's mean (for the L4, 2.7x slower than its centre)
    residuals: base.residuals,
    sourceRange: { lo: r6(range.lo), hi: r6(range.hi) },
  };
  return parseProfile(profile, `derived profile ${gpu}/${era}`);
}
