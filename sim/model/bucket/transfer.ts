import type { RandomStreams } from '../../engine/rng.ts';
import type { StorageConfig, TransferStep } from '../config.ts';
import { standardNormal } from '../../engine/distributions.ts';
import { transferFactors } from './variation.ts';

/**
 * Seconds for one storage transfer: latency + bytes / bandwidth (0 when storage is ideal). With
 * `storage.variation` lognormal, each request draws its own latency and throughput around the step's
 * settings (their medians; sim/model/bucket/variation.ts); the constant model draws nothing.
 */
export function transferSeconds(storage: StorageConfig, step: TransferStep, bytes: number, streams?: RandomStreams): number {
  if (!storage.enabled) return 0;
  const s = storage.steps[step];
  const v = storage.variation;
  if (!v || v.kind === 'constant' || !streams) return s.latency + (bytes * 8) / s.bandwidthBps;
  const f = transferFactors(streams, v);
  return s.latency * f.latency + (bytes * 8) / (s.bandwidthBps * f.bandwidth);
}

/** Seconds for one transfer of `bytes` over a step fixed in advance (see transferTimer). */
export type TransferTimer = (bytes: number) => number;

/**
 * transferSeconds for one step, with the step's settings and the variation's streams looked up once:
 * for the consumers' per-image loops, which made two stream lookups (Map.get), a keyed step lookup
 * and a factors object per transfer. Same draws from the same streams, same arithmetic.
 */
export function transferTimer(storage: StorageConfig, step: TransferStep, streams?: RandomStreams): TransferTimer {
  if (!storage.enabled) return () => 0;
  const { latency, bandwidthBps } = storage.steps[step];
  const v = storage.variation;
  if (!v || v.kind === 'constant' || !streams) return (bytes) => latency + (bytes * 8) / bandwidthBps;
  // transferFactors' draws, inlined
  const latencySigma = v.latencySigma;
  const bandwidthSigma = v.bandwidthSigma;
  const latencyStream = latencySigma > 0 ? streams.stream('storage.latency') : null;
  const bandwidthStream = bandwidthSigma > 0 ? streams.stream('storage.bandwidth') : null;
  return (bytes) => {
    const fl = latencyStream !== null ? Math.exp(latencySigma * standardNormal(latencyStream)) : 1;
    const fb = bandwidthStream !== null ? Math.exp(bandwidthSigma * standardNormal(bandwidthStream)) : 1;
    return latency * fl + (bytes * 8) / (bandwidthBps * fb);
  };
}
