import type { RandomStreams } from '../../engine/rng.ts';
import type { StorageConfig, TransferStep } from '../config.ts';
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
