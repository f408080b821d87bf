import { normalCdf, normalQuantile } from '../../engine/special.ts';

/** Keeps a uniform off 0 and 1, where the normal quantile is infinite. */
const EDGE = 1e-12;
const clampUnit = (u: number) => Math.min(Math.max(u, EDGE), 1 - EDGE);

/**
 * Uniforms whose normal scores follow an AR(1) of lag-1 correlation `rho` (a Gaussian copula): each
 * draw, read through an inverse CDF, keeps that distribution, but successive draws are alike, so
 * slow batches come in runs, as on a host whose other work comes and goes. rho 0 gives back
 * `uniform` itself (the same numbers, not merely the same distribution).
 */
export function correlatedUniforms(uniform: () => number, rho: number): () => number {
  if (!(rho >= 0 && rho < 1)) throw new RangeError(`residual correlation must be in [0, 1), got ${rho}`);
  if (rho === 0) return uniform;
  const innovation = Math.sqrt(1 - rho * rho);
  let z = NaN;
  return () => {
    const e = normalQuantile(clampUnit(uniform()));
    z = Number.isNaN(z) ? e : rho * z + innovation * e; // the first draw starts the chain at its stationary law
    return normalCdf(z);
  };
}

/**
 * The lag-1 correlation of normal scores, fitted from a time series of batch times (in the order
 * they ran) grouped by batch size: within each group a batch's rank gives its score
 * (rank + 0.5) / n -> normal quantile, so the fit does not depend on the sizes' different means;
 * the correlation of successive scores, over all of `series`, is clamped to [0, 0.99] (a negative
 * fit is noise: contention does not alternate). Returns 0 with fewer than 10 pairs.
 */
export function fitResidualCorrelation(series: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): number {
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  let pairs = 0;
  for (const batches of series) {
    const scores = normalScores(batches);
    for (let i = 1; i < scores.length; i++) {
      sxy += scores[i - 1]! * scores[i]!;
      sxx += scores[i - 1]! ** 2;
      syy += scores[i]! ** 2;
      pairs++;
    }
  }
  if (pairs < 10 || sxx === 0 || syy === 0) return 0;
  // scores are centred by construction (symmetric ranks), so no mean is subtracted
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.min(Math.max(r, 0), 0.99);
}

/** Each batch's normal score within its size group, in the batches' order. */
export function normalScores(batches: ReadonlyArray<readonly [number, number]>): number[] {
  const bySize = new Map<number, number[]>();
  batches.forEach(([size], i) => {
    if (!bySize.has(size)) bySize.set(size, []);
    bySize.get(size)!.push(i);
  });
  const scores = new Array<number>(batches.length).fill(0);
  for (const idx of bySize.values()) {
    const sorted = [...idx].sort((a, b) => batches[a]![1] - batches[b]![1] || a - b);
    sorted.forEach((i, rank) => { scores[i] = idx.length > 1 ? normalQuantile((rank + 0.5) / idx.length) : 0; });
  }
  return scores;
}
