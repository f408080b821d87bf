import type { StorageConfig, TransferStep } from '../config.ts';

/** Seconds for one storage transfer: latency + bytes / bandwidth (0 when storage is ideal). */
export function transferSeconds(storage: StorageConfig, step: TransferStep, bytes: number): number {
  if (!storage.enabled) return 0;
  const s = storage.steps[step];
  return s.latency + (bytes * 8) / s.bandwidthBps;
}
