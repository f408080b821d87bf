/**
 * What a live run takes from the scenario: the scaled-down kiosk must be one the harness can
 * build for real (paced zips, fixed replicas, one model server, tiled 8-bit images), and the
 * simulator is then given exactly the same settings. Anything else is refused with the scenario
 * path that would have to change.
 */
import type { KioskConfig } from '../model/config.ts';
import { tileCount } from '../model/serving/tiling.ts';
import type { BatchingSettings } from './batcher.ts';

export interface LiveSettings {
  images: number;
  imagesPerZip: number;
  width: number;
  height: number;
  startDelay: number;
  imageConsumers: number;
  zipConsumers: number;
  emptyQueueSleep: number;
  putBackSleep: number;
  janitor: { interval: number; staleAfter: number };
  grpc: { deadline: number; retryBackoff: number; maxRetries: number };
  batching: BatchingSettings;
  tileSize: number;
  stride: number;
  tilesPerRequest: number;
  /** Wall-clock limit of one live replication (the scenario's time_limit). */
  timeLimit: number;
}

export class LiveScenarioError extends Error {}

function need(ok: boolean, path: string, expected: string, found: unknown): void {
  if (!ok) throw new LiveScenarioError(`${path}: the live kiosk needs ${expected}, found ${JSON.stringify(found)}`);
}

export function liveSettings(c: KioskConfig): LiveSettings {
  const a = c.workload.arrival;
  need(a.kind === 'paced', 'workload.arrival.kind', 'paced (the client creates zip i at i x start_delay)', a.kind);
  need(c.autoscaling.policy === 'fixed', 'autoscaling.policy', 'fixed (the harness starts a fixed set of processes)', c.autoscaling.policy);
  need(c.autoscaling.fixed.serving === 1, 'autoscaling.fixed.serving', '1 (one model server process)', c.autoscaling.fixed.serving);
  need(c.autoscaling.fixed.imageConsumers >= 1 && c.autoscaling.fixed.imageConsumers <= 32, 'autoscaling.fixed.image_consumers', '1 to 32 processes', c.autoscaling.fixed.imageConsumers);
  need(c.autoscaling.fixed.zipConsumers >= 1 && c.autoscaling.fixed.zipConsumers <= 8, 'autoscaling.fixed.zip_consumers', '1 to 8 processes', c.autoscaling.fixed.zipConsumers);
  need(c.serving.tiling.enabled, 'serving.tiling.enabled', 'true (the live model runs on tiles)', c.serving.tiling.enabled);
  need(c.serving.batching.enabled, 'serving.batching.enabled', 'true', c.serving.batching.enabled);
  need(c.serving.batching.numBatchThreads === 1, 'serving.batching.num_batch_threads', '1 (TF.js computes one batch at a time)', c.serving.batching.numBatchThreads);
  need(c.serving.tiling.tilesPerRequest <= c.serving.batching.maxBatchSize, 'serving.tiling.tiles_per_request', `at most serving.batching.max_batch_size (${c.serving.batching.maxBatchSize})`, c.serving.tiling.tilesPerRequest);
  need(c.workload.images <= 2000, 'workload.images', 'at most 2000 (a live run must stay short)', c.workload.images);
  need(c.workload.imageWidth * c.workload.imageHeight <= 512 * 512, 'workload.image_width x image_height', 'at most 512 x 512 px', `${c.workload.imageWidth}x${c.workload.imageHeight}`);
  need(c.timeLimit <= 900, 'time_limit', 'at most 15min of wall time per replication', `${c.timeLimit}s`);
  need(Number.isFinite(c.serving.grpc.deadline), 'serving.grpc.deadline', 'a finite deadline', 'never');
  const tile = c.serving.tiling.tileSize;
  return {
    images: c.workload.images,
    imagesPerZip: c.workload.imagesPerZip,
    width: c.workload.imageWidth,
    height: c.workload.imageHeight,
    startDelay: (a as { startDelay: number }).startDelay,
    imageConsumers: c.autoscaling.fixed.imageConsumers,
    zipConsumers: c.autoscaling.fixed.zipConsumers,
    emptyQueueSleep: c.redis.emptyQueueSleep,
    putBackSleep: c.redis.putBackSleep,
    janitor: { interval: c.redis.janitor.interval, staleAfter: c.redis.janitor.staleAfter },
    grpc: { ...c.serving.grpc },
    batching: { maxBatchSize: c.serving.batching.maxBatchSize, batchTimeout: c.serving.batching.batchTimeout, maxEnqueuedBatches: c.serving.batching.maxEnqueuedBatches },
    tileSize: tile,
    stride: Math.ceil(c.serving.tiling.strideFraction * tile),
    tilesPerRequest: c.serving.tiling.tilesPerRequest,
    timeLimit: c.timeLimit,
  };
}

export const tilesPerImage = (s: LiveSettings) => tileCount(s.width, s.height, s.tileSize, s.stride / s.tileSize);
