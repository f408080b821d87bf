import type { KioskConfig } from '../model/config.ts';
import { meanOf } from '../engine/distributions.ts';
import { fittedBatchSeconds } from '../model/serving/profile.ts';
import { requestSizes, tileCount } from '../model/serving/tiling.ts';
import type { GpuChoice } from '../scenario/gpuChoice.ts';
import type { GpuSpeed, RunProvenance } from './summary.ts';

/** Facts about a scenario that reports need to place a run (summary.json `meta`). */
export function scenarioMeta(c: KioskConfig): Record<string, unknown> {
  const a = c.workload.arrival;
  const zipBits = c.workload.imagesPerZip * c.workload.imageBytes * 8;
  const arrival =
    a.kind === 'paced' ? { kind: 'paced', start_delay_s: a.startDelay }
    : a.kind === 'upload' ? { kind: 'upload', bandwidth_bps: a.bandwidthBps, concurrency: a.concurrency }
    : a.kind === 'trace' ? { kind: 'trace', jobs: a.times.length, unit: a.unit }
    : a.kind === 'poisson' ? { kind: 'poisson', rate_per_s: a.rate, unit: a.unit }
    : { kind: 'deterministic', interval_s: a.interval, unit: a.unit };
  const upload_bps = a.kind === 'paced' ? zipBits / a.startDelay : a.kind === 'upload' ? a.bandwidthBps : null;
  return {
    era: c.era,
    images: c.workload.images,
    gpu_max: c.autoscaling.policy === 'fixed' ? c.autoscaling.fixed.serving : c.cluster.pools.gpu.max,
    zones: c.cluster.zones,
    preemptible: c.cluster.pools.gpu.preemptible,
    policy: c.autoscaling.policy,
    arrival,
    upload_bps,
    gpu_images_per_s: gpuImagesPerSecond(c),
    profile: c.serving.serviceTime.kind === 'profile' ? c.serving.serviceTime.profile.name : 'distribution',
  };
}

/** Images per second one GPU sustains with full batches (the profile's fit, no residual). */
export function gpuImagesPerSecond(c: KioskConfig): number | null {
  const w = c.workload;
  const st = c.serving.serviceTime;
  const t = c.serving.tiling;
  if (st.kind !== 'profile') {
    const m = meanOf(st.perBatch);
    return Number.isFinite(m) && m > 0 ? 1 / m : null;
  }
  if (!t.enabled) return 1 / fittedBatchSeconds(st.profile.fit, 1, w.imageHeight, w.imageWidth);
  const tiles = tileCount(w.imageWidth, w.imageHeight, t.tileSize, t.strideFraction);
  const batch = c.serving.batching.enabled ? c.serving.batching.maxBatchSize : Math.max(...requestSizes(tiles, t.tilesPerRequest));
  const perBatch = fittedBatchSeconds(st.profile.fit, batch, t.tileSize, t.tileSize);
  return batch / tiles / perBatch;
}

/**
 * What a run's speed and prices rest on, for summary.json and the console: the GPU type's serving profile and
 * whether its speed was measured or derived, and the price table. An imported profile (real job records of a
 * kiosk) counts as measured: its times were observed on that GPU.
 */
export function runProvenance(c: KioskConfig, choice: GpuChoice): RunProvenance {
  const st = c.serving.serviceTime;
  const prices = { table: choice.priceTable.id, date: choice.priceTable.date };
  if (st.kind !== 'profile' || !choice.profile || choice.gpu === null || choice.source === null) return { prices };
  const speed = gpuImagesPerSecond(c);
  const r = st.profile.residuals.values;
  // a derived profile's range is its sources' disagreement; a measured one's, the spread of its batches
  const [lo, hi] = st.profile.sourceRange ? [st.profile.sourceRange.lo, st.profile.sourceRange.hi] : [Math.min(...r), Math.max(...r)];
  const gpu_speed: GpuSpeed = {
    provenance: st.profile.provenance === 'derived' ? 'derived' : 'measured',
    gpu: choice.gpu,
    profile: choice.profile.path,
    source: choice.source,
    ...(speed !== null ? { range_images_per_s: [speed / hi, speed / lo] as [number, number] } : {}),
    ...(choice.note ? { note: choice.note } : {}),
  };
  return { gpu_speed, prices };
}
