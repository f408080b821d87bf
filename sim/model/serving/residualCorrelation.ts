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
export function fitResidualCorrelation(series: ReadonlyArray<ReadonlyArray<readonly [number, number, ...number[]]>>): number {
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
export function normalScores(batches: ReadonlyArray<readonly [number, number, ...number[]]>): number[] {
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

/**
 * Uniforms whose normal scores follow an Ornstein-Uhlenbeck process in time (a Gaussian copula, as
 * correlatedUniforms, but the memory is measured in seconds, not in batches): two draws `dt`
 * seconds apart have score correlation exp(-dt / tau). A slow spell on a shared host lasts a time,
 * however many batches run in it: at a high batch rate it covers many batches, across an idle gap
 * it is forgotten. `now` is the simulated clock at the draw.
 */
export function correlatedUniformsInTime(uniform: () => number, tau: number, now: () => number): () => number {
  if (!(tau > 0) || !Number.isFinite(tau)) throw new RangeError(`residual correlation time must be a positive number of seconds, got ${tau}`);
  let z = NaN;
  let last = 0;
  return () => {
    const e = normalQuantile(clampUnit(uniform()));
    const t = now();
    if (Number.isNaN(z)) z = e;
    else {
      const rho = Math.exp(-Math.max(0, t - last) / tau);
      z = rho * z + Math.sqrt(1 - rho * rho) * e;
    }
    last = t;
    return normalCdf(z);
  };
}

/** Candidate time constants (seconds) the fit searches: 1 ms to 1000 s, 20 a decade. */
const TAU_GRID = Array.from({ length: 121 }, (_, k) => 10 ** (-3 + k / 20));

/**
 * The time constant (seconds) of an Ornstein-Uhlenbeck process on the batches' normal scores
 * (normalScores: ranks within each batch size), by maximum likelihood over TAU_GRID: each score
 * given the one before, dt seconds earlier (start to start), is normal with mean rho z and
 * variance 1 - rho^2, rho = exp(-dt / tau). Batches need their start times (third field). Returns
 * 0 (independent draws) with fewer than 10 pairs or when the smallest tau on the grid fits best.
 */
export function fitResidualCorrelationTime(series: ReadonlyArray<ReadonlyArray<readonly [number, number, ...number[]]>>): number {
  const pairs: Array<[number, number, number]> = [];
  for (const batches of series) {
    const scores = normalScores(batches);
    for (let i = 1; i < batches.length; i++) {
      const dt = (batches[i]![2] ?? NaN) - (batches[i - 1]![2] ?? NaN);
      if (Number.isFinite(dt) && dt >= 0) pairs.push([scores[i - 1]!, scores[i]!, dt]);
    }
  }
  if (pairs.length < 10) return 0;
  let best = 0;
  let bestLogLik = -Infinity;
  for (const tau of TAU_GRID) {
    let ll = 0;
    for (const [a, b, dt] of pairs) {
      // a floor on the conditional variance: two batches at the same instant would make it 0
      const rho = Math.exp(-dt / tau);
      const v = Math.max(1 - rho * rho, 1e-6);
      ll += -0.5 * Math.log(v) - ((b - rho * a) ** 2) / (2 * v);
    }
    if (ll > bestLogLik) {
      bestLogLik = ll;
      best = tau;
    }
  }
  return best === TAU_GRID[0] ? 0 : best;
}
