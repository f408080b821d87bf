/**
 * Per-request variation of storage transfers: object-store request latency is right-skewed, so a
 * constant latency hides the tail every image sees now and then. Each request's latency and throughput
 * are the step's settings times a lognormal factor of median 1 (exp(sigma Z)), so the settings stay the
 * medians. Fit and source: sim/model/REFERENCE.md, "Storage request latency".
 *
 * Draws come from two named streams, 'storage.latency' and 'storage.bandwidth' (sim/engine/rng.ts:
 * adding a stream leaves every other stream's numbers unchanged).
 */
import { standardNormal } from '../../engine/distributions.ts';
import type { RandomStreams } from '../../engine/rng.ts';
import type { StorageVariation } from '../config.ts';

export interface TransferFactors {
  latency: number;
  bandwidth: number;
}

/** One request's latency and throughput multipliers (1 and 1 when a sigma is 0, with no draw). */
export function transferFactors(streams: RandomStreams, v: Extract<StorageVariation, { kind: 'lognormal' }>): TransferFactors {
  const latency = v.latencySigma > 0 ? Math.exp(v.latencySigma * standardNormal(streams.stream('storage.latency'))) : 1;
  const bandwidth = v.bandwidthSigma > 0 ? Math.exp(v.bandwidthSigma * standardNormal(streams.stream('storage.bandwidth'))) : 1;
  return { latency, bandwidth };
}

/** sigma of a lognormal from two of its quantiles: ln(q_hi / q_lo) / (z_hi - z_lo). */
export function lognormalSigmaFromQuantiles(qLo: number, zLo: number, qHi: number, zHi: number): number {
  if (!(qLo > 0 && qHi > qLo && zHi > zLo)) throw new RangeError(`need 0 < qLo < qHi and zLo < zHi, got ${qLo}, ${qHi}, ${zLo}, ${zHi}`);
  return Math.log(qHi / qLo) / (zHi - zLo);
}
