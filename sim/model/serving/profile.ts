/**
 * Serving profiles: measured (or derived) GPU/CPU inference times, looked up at simulation time.
 *
 * A profile is written once by `kiosk-sim calibrate` (calibrate/) and committed under
 * calibrate/profiles/<device>/<model>/<name>.json. The simulator only reads it through this module:
 * `parseProfile` validates it, `makeBatchTimeSampler` turns it into seconds per batch, and
 * `makePostprocessSampler` into seconds of CPU post-processing per image.
 *
 * Pure: no file, clock or Math.random access; all randomness comes from the `uniform` generator passed in.
 */
import { z } from 'zod';
import { correlatedUniforms, correlatedUniformsInTime } from './residualCorrelation.ts';

export const PROFILE_SCHEMA_ID = 'kiosk-sim/serving-profile@1';

const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 date');

/** All measured seconds for one (batch size, tile size) point. */
export const sampleGroupSchema = z.object({
  batchSize: z.number().int().positive(),
  tileHeight: z.number().int().positive(),
  tileWidth: z.number().int().positive(),
  seconds: z.array(positive).min(1),
});

/**
 * Affine latency in batch pixels: t = a + b * batchSize * (tileHeight * tileWidth) / tilePixels.
 * `a` is the fixed per-batch cost, `b` the cost of one reference tile of `tilePixels` pixels.
 */
export const fitSchema = z.object({
  form: z.literal('affine-batch-pixels'),
  a: nonNegative,
  b: positive,
  tilePixels: z.number().int().positive(),
  /** Root mean square error of the fit over all samples, seconds. */
  rmseSeconds: nonNegative,
  /** Largest |fit - median| / median over the sample groups (0 when derived from one statement). */
  maxRelativeError: nonNegative,
  /** How the fit was obtained (e.g. "weighted least squares on group medians, weights 1/median^2"). */
  method: z.string().min(1),
});

/** Multiplicative residuals observed / fit, sampled empirically (inverse CDF with linear interpolation). */
export const residualSchema = z.object({
  kind: z.literal('multiplicative-empirical'),
  values: z.array(positive).min(1),
});

export const postprocessSchema = z.object({
  imageHeight: z.number().int().positive(),
  imageWidth: z.number().int().positive(),
  /** Seconds of CPU post-processing per image, one per timed image. */
  seconds: z.array(nonNegative).min(1),
  algorithm: z.string().min(1),
  hardware: z.string().min(1),
  /** Where/how measured: the exact command, or "imported from ..." */
  command: z.string().min(1),
});

/** A fitted distribution of one pipeline stage imported from real job records (e.g. Kiosk Redis). */
export const stageDistributionSchema = z.object({
  n: z.number().int().positive(),
  /** Empirical samples (all of them, or evenly spaced quantiles when there were more than the cap). */
  seconds: z.array(nonNegative).min(1),
  quantiles: z.object({ p05: nonNegative, p50: nonNegative, p95: nonNegative }),
  /** Maximum-likelihood lognormal fit of the positive samples (log-seconds mean and sd). */
  lognormal: z.object({ mu: z.number().finite(), sigma: nonNegative }).optional(),
});

const stageNames = ['download', 'preprocess', 'prediction', 'postprocess', 'upload', 'total'] as const;
export type StageName = (typeof stageNames)[number];

export const servingProfileSchema = z
  .object({
    schema: z.literal(PROFILE_SCHEMA_ID),
    name: z.string().min(1),
    description: z.string().min(1),
    model: z.enum(['featurenet', 'panoptic']),
    /** "random" (architecture only, timing is weight-independent) or the path of the weights used. */
    weights: z.string().min(1),
    /** How the numbers came about. */
    provenance: z.enum(['measured', 'derived', 'imported']),
    hardware: z.object({ device: z.string().min(1), cores: z.number().int().positive().optional() }),
    backend: z.string().min(1),
    created: isoDate,
    /** The exact command that produced the profile, or "derived". */
    command: z.string().min(1),
    derivation: z.string().min(1).optional(),
    input: z.object({
      tileHeight: z.number().int().positive(),
      tileWidth: z.number().int().positive(),
      channels: z.number().int().positive(),
      dtype: z.enum(['float32', 'float16', 'uint8']),
    }),
    samples: z.array(sampleGroupSchema),
    fit: fitSchema,
    residuals: residualSchema,
    /**
     * A derived profile's uncertainty from sources that disagree: lowest and highest factor on the batch
     * time over the fit. It says how wrong the centre may be (one factor for the whole run), so it is
     * reported, never drawn per batch; per-batch spread is `residuals`.
     */
    sourceRange: z.object({ lo: z.number().positive(), hi: z.number().positive() }).optional(),
    postprocess: postprocessSchema.optional(),
    stages: z.partialRecord(z.enum(stageNames), stageDistributionSchema).optional(),
    notes: z.array(z.string()).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.command === 'derived' && !p.derivation) {
      ctx.addIssue({ code: 'custom', path: ['derivation'], message: 'a derived profile must write out its derivation' });
    }
    if (p.provenance === 'derived' && p.command !== 'derived') {
      ctx.addIssue({ code: 'custom', path: ['command'], message: 'a derived profile must have command "derived"' });
    }
    if (p.provenance !== 'derived' && p.samples.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['samples'], message: 'a measured or imported profile needs samples' });
    }
  });

export type ServingProfile = z.infer<typeof servingProfileSchema>;
export type SampleGroup = z.infer<typeof sampleGroupSchema>;
export type LatencyFit = z.infer<typeof fitSchema>;
export type StageDistribution = z.infer<typeof stageDistributionSchema>;

/** Validates a parsed JSON profile; the error names the source and the first bad field. */
export function parseProfile(json: unknown, source: string): ServingProfile {
  const result = servingProfileSchema.safeParse(json, { jitless: true }); // parsed once: interpreted beats compiling a parser (sim/scenario/load.ts ONE_SHOT)
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  throw new Error(`${source}: invalid serving profile at "${field}": ${issue.message}`);
}

/** Fitted seconds for one batch (no residual). */
export function fittedBatchSeconds(fit: LatencyFit, batchSize: number, tileHeight: number, tileWidth: number): number {
  return fit.a + (fit.b * batchSize * tileHeight * tileWidth) / fit.tilePixels;
}

/** Inverse CDF of an empirical sample with linear interpolation between order statistics. */
export function empiricalQuantile(sorted: ArrayLike<number>, u: number): number {
  const n = sorted.length;
  if (n === 1) return sorted[0]!;
  const q = Math.min(Math.max(u, 0), 1) * (n - 1);
  const i = Math.floor(q);
  const j = Math.min(i + 1, n - 1);
  return sorted[i]! + (q - i) * (sorted[j]! - sorted[i]!);
}

function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

const pointKey = (batchSize: number, tileHeight: number, tileWidth: number) => `${batchSize}x${tileHeight}x${tileWidth}`;

/**
 * Seconds of GPU (or CPU) time for one batch: fit(batch, tile) x a multiplicative residual.
 * At a measured (batch, tile) point the residual is drawn from that point's own residuals, so the
 * simulated distribution there reproduces the measured one; elsewhere from the pooled residuals.
 * `correlation` > 0 makes successive batches' residuals alike (residualCorrelation.ts: an AR(1) on
 * their normal scores), each still drawn from the same empirical distribution; 0 draws them
 * independently, from exactly the same uniforms as before the option existed. `correlationTime` > 0
 * (seconds) replaces it with a memory in time (correlatedUniformsInTime, on the clock `now`).
 */
export function makeBatchTimeSampler(
  profile: ServingProfile,
  uniformDraw: () => number,
  correlation = 0,
  correlationTime = 0,
  now: () => number = () => 0,
): (batchSize: number, tileHeight: number, tileWidth: number) => number {
  const { fit } = profile;
  const uniform = correlationTime > 0 ? correlatedUniformsInTime(uniformDraw, correlationTime, now) : correlatedUniforms(uniformDraw, correlation);
  const pooled = sortedCopy(profile.residuals.values);
  const byPoint = new Map<string, Float64Array>();
  for (const g of profile.samples) {
    const f = fittedBatchSeconds(fit, g.batchSize, g.tileHeight, g.tileWidth);
    byPoint.set(pointKey(g.batchSize, g.tileHeight, g.tileWidth), sortedCopy(g.seconds.map((s) => s / f)));
  }
  // The residuals looked up by batch size for the tile size of the last call: a run keeps one tile size,
  // and building the string key per batch (three number-to-string conversions, a concatenation, a
  // hash) was ~1,000 instructions a batch, ~1.3% of the headline.
  let lastTileHeight = NaN;
  let lastTileWidth = NaN;
  let bySize = new Map<number, Float64Array>();
  return (batchSize, tileHeight, tileWidth) => {
    if (!(batchSize > 0) || !(tileHeight > 0) || !(tileWidth > 0)) {
      throw new RangeError(`batch time needs positive batch size and tile size, got ${batchSize}, ${tileHeight}x${tileWidth}`);
    }
    if (tileHeight !== lastTileHeight || tileWidth !== lastTileWidth) {
      lastTileHeight = tileHeight;
      lastTileWidth = tileWidth;
      bySize = new Map();
    }
    let residuals = bySize.get(batchSize);
    if (residuals === undefined) {
      residuals = byPoint.get(pointKey(batchSize, tileHeight, tileWidth)) ?? pooled;
      bySize.set(batchSize, residuals);
    }
    return fittedBatchSeconds(fit, batchSize, tileHeight, tileWidth) * empiricalQuantile(residuals, uniform());
  };
}

/** Seconds of CPU post-processing for one image, drawn from the profile's measured distribution. */
export function makePostprocessSampler(profile: ServingProfile, uniform: () => number): () => number {
  if (!profile.postprocess) {
    throw new Error(`serving profile "${profile.name}" has no post-processing data`);
  }
  const sorted = sortedCopy(profile.postprocess.seconds);
  return () => empiricalQuantile(sorted, uniform());
}
