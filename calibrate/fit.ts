/**
 * Fitting batch latency: t = a + b * batch * pixels / tilePixels, with its error and residuals.
 *
 * The fit minimises relative error on the group medians (weights 1/median^2), so a batch of 1 and a
 * batch of 64 count alike, and keeps a >= 0 (a negative fixed cost has no physical meaning).
 */
import type { LatencyFit, SampleGroup } from '../sim/model/serving/profile.ts';
import { fittedBatchSeconds } from '../sim/model/serving/profile.ts';
import { quantileSorted } from '../sim/engine/stats/quantiles.ts';

export const FIT_METHOD = 'weighted least squares on group medians (weights 1/median^2), a >= 0';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Quantile with linear interpolation between order statistics (R type 7: the engine's quantileSorted). */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('quantile of no values');
  return quantileSorted([...values].sort((x, y) => x - y), p);
}

/** Batch size times tile pixels in units of the reference tile: the fit's regressor. */
export function workUnits(g: Pick<SampleGroup, 'batchSize' | 'tileHeight' | 'tileWidth'>, tilePixels: number): number {
  return (g.batchSize * g.tileHeight * g.tileWidth) / tilePixels;
}

/** Weighted least squares of y = a + b x; returns a >= 0 (refits through the origin if needed). */
function weightedAffine(x: number[], y: number[], w: number[]): { a: number; b: number } {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < x.length; i++) {
    sw += w[i]!; sx += w[i]! * x[i]!; sy += w[i]! * y[i]!;
    sxx += w[i]! * x[i]! * x[i]!; sxy += w[i]! * x[i]! * y[i]!;
  }
  const det = sw * sxx - sx * sx;
  if (x.length >= 2 && det > 1e-12 * sw * sxx) {
    const b = (sw * sxy - sx * sy) / det;
    const a = (sy - b * sx) / sw;
    if (a >= 0 && b > 0) return { a, b };
  }
  // One distinct x, or a negative intercept: proportional fit through the origin.
  return { a: 0, b: sxy / sxx };
}

/** Fits the profile's latency model to all sample groups and states its error. */
export function fitLatency(groups: readonly SampleGroup[], tilePixels: number): LatencyFit {
  if (groups.length === 0) throw new RangeError('cannot fit latency without samples');
  const x = groups.map((g) => workUnits(g, tilePixels));
  const y = groups.map((g) => median(g.seconds));
  const { a, b } = weightedAffine(x, y, y.map((m) => 1 / (m * m)));
  const fit: LatencyFit = { form: 'affine-batch-pixels', a, b, tilePixels, rmseSeconds: 0, maxRelativeError: 0, method: FIT_METHOD };
  let sq = 0, n = 0, maxRel = 0;
  groups.forEach((g, i) => {
    const f = fittedBatchSeconds(fit, g.batchSize, g.tileHeight, g.tileWidth);
    for (const s of g.seconds) { sq += (s - f) ** 2; n++; }
    maxRel = Math.max(maxRel, Math.abs(f - y[i]!) / y[i]!);
  });
  return { ...fit, rmseSeconds: Math.sqrt(sq / n), maxRelativeError: maxRel };
}

/** All multiplicative residuals observed / fitted, in sample order. */
export function multiplicativeResiduals(groups: readonly SampleGroup[], fit: LatencyFit): number[] {
  return groups.flatMap((g) => {
    const f = fittedBatchSeconds(fit, g.batchSize, g.tileHeight, g.tileWidth);
    return g.seconds.map((s) => s / f);
  });
}
